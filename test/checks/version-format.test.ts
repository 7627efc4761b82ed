import { describe, expect, it } from 'vitest';
import { versionFormat } from '../../src/validate/checks/version-format.js';
import { render, yaml } from './run-check.js';

describe('version-format', () => {
  it.each<[string, string, string[]]>([
    ['N.N.N', yaml('version: 1.0.0'), []],
    ['quoted', yaml("version: '2.10.3'"), []],
    [
      'a YAML number',
      yaml('version: 1.0'),
      ['1:10 error version 1.0 is read as the number 1; quote it as a string N.N.N, e.g. "1.0.0"'],
    ],
    [
      'an integer',
      yaml('version: 2'),
      ['1:10 error version 2 is read as the number 2; quote it as a string N.N.N, e.g. "2.0.0"'],
    ],
    ['two parts, quoted', yaml('version: "1.2"'), ['1:10 error version "1.2" is not N.N.N; did you mean "1.2.0"?']],
    ['four parts', yaml('version: 1.0.0.0'), ['1:10 error version "1.0.0.0" is not N.N.N']],
    [
      'too long',
      yaml(`version: 1.0.${'1'.repeat(20)}`),
      [`1:10 error version "1.0.${'1'.repeat(20)}" is longer than 20 characters`],
    ],
  ])('%s', (_, text, expected) => {
    expect(render(versionFormat, text)).toEqual(expected);
  });
});
