import { describe, expect, it } from 'vitest';
import { nrtUnsupportedField } from '../../src/validate/checks/nrt-unsupported-field.js';
import { render, yaml } from './run-check.js';

const why = 'has no effect on an NRT rule (it runs every minute and alerts on any result); remove it';

describe('nrt-unsupported-field', () => {
  it.each<[string, string, string[]]>([
    ['NRT without them', yaml('kind: NRT', 'suppressionDuration: 1h'), []],
    ['Scheduled with them', yaml('kind: Scheduled', 'queryFrequency: 1h', 'triggerThreshold: 0'), []],
    [
      'NRT with all four',
      yaml('kind: NRT', 'queryFrequency: 1h', 'queryPeriod: 1h', 'triggerOperator: gt', 'triggerThreshold: 0'),
      [
        `2:1 warning queryFrequency ${why}`,
        `3:1 warning queryPeriod ${why}`,
        `4:1 warning triggerOperator ${why}`,
        `5:1 warning triggerThreshold ${why}`,
      ],
    ],
  ])('%s', (_, text, expected) => {
    expect(render(nrtUnsupportedField, text)).toEqual(expected);
  });
});
