import { describe, expect, it } from 'vitest';
import { suppressionDuration } from '../../src/validate/checks/suppression-duration.js';
import { render, yaml } from './run-check.js';

describe('suppression-duration', () => {
  it.each<[string, string, string[]]>([
    [
      'within 5m-24h',
      yaml('kind: Scheduled', 'queryFrequency: 1h', 'suppressionDuration: 24h', 'suppressionEnabled: true'),
      [],
    ],
    ['disabled: only the range matters', yaml('kind: Scheduled', 'queryFrequency: 1d', 'suppressionDuration: 1h'), []],
    [
      'too long',
      yaml('suppressionDuration: P2D'),
      ['1:22 error suppressionDuration is 2d; it must be between 5m and 24h'],
    ],
    [
      'too short',
      yaml('suppressionDuration: 1m'),
      ['1:22 error suppressionDuration is 1m; it must be between 5m and 24h'],
    ],
    [
      'enabled and shorter than the frequency',
      yaml('kind: Scheduled', 'queryFrequency: 1d', 'suppressionDuration: 5h', 'suppressionEnabled: true'),
      [
        '3:22 error suppressionDuration (5h) is shorter than queryFrequency (1d); the service rejects this when suppression is enabled',
      ],
    ],
    [
      'enabled with the default 1h',
      yaml('kind: Scheduled', 'queryFrequency: 6h', 'suppressionEnabled: true'),
      [
        '3:21 error suppression is enabled with the default suppressionDuration of 1h, shorter than queryFrequency (6h)',
      ],
    ],
  ])('%s', (_, text, expected) => {
    expect(render(suppressionDuration, text)).toEqual(expected);
  });
});
