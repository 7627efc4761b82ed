import { describe, expect, it } from 'vitest';
import { queryPeriodVsFrequency } from '../../src/validate/checks/query-period-vs-frequency.js';
import { render, yaml } from './run-check.js';

const rule = (frequency: string, period: string) =>
  yaml('kind: Scheduled', `queryFrequency: ${frequency}`, `queryPeriod: ${period}`);

describe('query-period-vs-frequency', () => {
  it.each<[string, string, string[]]>([
    ['equal', rule('1h', 'PT1H'), []],
    ['period longer', rule('5m', '1d'), []],
    ['2d period with 1h frequency', rule('1h', '2d'), []],
    [
      'period shorter than frequency',
      rule('1d', '1h'),
      ['3:14 error queryPeriod (1h) is shorter than queryFrequency (1d); runs would leave gaps'],
    ],
    [
      '2d period with a 30m frequency',
      rule('30m', 'P2D'),
      [
        '2:17 error queryFrequency is 30m but queryPeriod is 2d; with a period of 2d or more the frequency must be at least 1h',
      ],
    ],
    ['a malformed side is skipped', rule('1 hour', '5m'), []],
    ['NRT is not checked', yaml('kind: NRT', 'queryFrequency: 1d', 'queryPeriod: 1h'), []],
  ])('%s', (_, text, expected) => {
    expect(render(queryPeriodVsFrequency, text)).toEqual(expected);
  });
});
