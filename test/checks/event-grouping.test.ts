import { describe, expect, it } from 'vitest';
import { eventGrouping } from '../../src/validate/checks/event-grouping.js';
import { render, yaml } from './run-check.js';

const grouping = (kind: string) => yaml('eventGroupingSettings:', `  aggregationKind: ${kind}`);

describe('event-grouping', () => {
  it.each<[string, string, string[]]>([
    ['SingleAlert', grouping('SingleAlert'), []],
    ['AlertPerResult', grouping('AlertPerResult'), []],
    [
      'a case slip',
      grouping('alertperresult'),
      ['2:20 error unknown aggregationKind "alertperresult"; did you mean "AlertPerResult"?'],
    ],
    ['something else', grouping('PerHost'), ['2:20 error unknown aggregationKind "PerHost"']],
  ])('%s', (_, text, expected) => {
    expect(render(eventGrouping, text)).toEqual(expected);
  });
});
