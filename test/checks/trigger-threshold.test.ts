import { describe, expect, it } from 'vitest';
import { triggerThreshold } from '../../src/validate/checks/trigger-threshold.js';
import { render, yaml } from './run-check.js';

const th = (value: string) => yaml('kind: Scheduled', `triggerThreshold: ${value}`);

describe('trigger-threshold', () => {
  it.each<[string, string, string[]]>([
    ['zero', th('0'), []],
    ['the maximum', th('10000'), []],
    ['too large', th('10001'), ['2:19 error triggerThreshold is 10001; it must be between 0 and 10000']],
    ['negative', th('-1'), ['2:19 error triggerThreshold is -1; it must be between 0 and 10000']],
    ['a fraction', th('1.5'), ['2:19 error triggerThreshold must be an integer from 0 to 10000, not number 1.5']],
    ['quoted', th('"3"'), ['2:19 error triggerThreshold is the string "3"; write it as a number without quotes']],
  ])('%s', (_, text, expected) => {
    expect(render(triggerThreshold, text)).toEqual(expected);
  });
});
