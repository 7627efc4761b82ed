import { describe, expect, it } from 'vitest';
import { durationRange } from '../../src/validate/checks/duration-range.js';
import { render, yaml } from './run-check.js';

describe('duration-range', () => {
  it.each<[string, string, string[]]>([
    ['the bounds', yaml('kind: Scheduled', 'queryFrequency: 5m', 'queryPeriod: P14D'), []],
    [
      'too often',
      yaml('kind: Scheduled', 'queryFrequency: 4m'),
      ['2:17 error queryFrequency is 4m; it must be between 5m and 14d'],
    ],
    [
      'too long',
      yaml('kind: Scheduled', 'queryPeriod: 15d'),
      ['2:14 error queryPeriod is 15d; it must be between 5m and 14d'],
    ],
    [
      'ISO over the limit',
      yaml('kind: Scheduled', 'queryPeriod: P14DT1M'),
      ['2:14 error queryPeriod is 20161m; it must be between 5m and 14d'],
    ],
    ['malformed values are left to duration-format', yaml('kind: Scheduled', 'queryPeriod: 15days'), []],
    ['NRT is not checked', yaml('kind: NRT', 'queryPeriod: 15d'), []],
  ])('%s', (_, text, expected) => {
    expect(render(durationRange, text)).toEqual(expected);
  });
});
