import { describe, expect, it } from 'vitest';
import { durationFormat } from '../../src/validate/checks/duration-format.js';
import { render, yaml } from './run-check.js';

const sched = (...lines: string[]) => yaml('kind: Scheduled', ...lines);

describe('duration-format', () => {
  it.each<[string, string, string[]]>([
    ['short forms', sched('queryFrequency: 5m', 'queryPeriod: 14d', 'suppressionDuration: 1h'), []],
    ['ISO forms', sched('queryFrequency: PT1H', 'queryPeriod: P1D', 'suppressionDuration: PT1H30M'), []],
    [
      'PT1D',
      sched('queryFrequency: PT1D'),
      ['2:17 error queryFrequency "PT1D" is not a valid duration; did you mean "P1D"?'],
    ],
    [
      '1h10m',
      sched('queryPeriod: 1h10m'),
      ['2:14 error queryPeriod "1h10m" is not a valid duration; did you mean "PT1H10M"?'],
    ],
    [
      'upper-case short form',
      sched('queryPeriod: 1H'),
      ['2:14 error queryPeriod "1H" is not a valid duration; did you mean "1h"?'],
    ],
    [
      'a bare number',
      sched('queryFrequency: 5'),
      ['2:17 error queryFrequency must be a duration such as "1h", not number 5'],
    ],
    ['nonsense', sched('suppressionDuration: soon'), ['2:22 error suppressionDuration "soon" is not a valid duration']],
    [
      'zero',
      sched('queryFrequency: 0m'),
      ['2:17 error queryFrequency is zero; write 5m, 1h, 14d or an ISO-8601 duration such as PT1H, P1D, PT1H30M'],
    ],
    [
      'lookback inside incidentConfiguration',
      sched('incidentConfiguration:', '  groupingConfiguration:', '    lookbackDuration: PT7D'),
      ['4:23 error lookbackDuration "PT7D" is not a valid duration; did you mean "P7D"?'],
    ],
    ['NRT frequency is not checked (it is ignored)', yaml('kind: NRT', 'queryFrequency: PT1D'), []],
  ])('%s', (_, text, expected) => {
    expect(render(durationFormat, text)).toEqual(expected);
  });
});
