import { describe, expect, it } from 'vitest';
import { customDetails } from '../../src/validate/checks/custom-details.js';
import { render, yaml } from './run-check.js';

const details = (...entries: string[]) => yaml('customDetails:', ...entries.map(e => `  ${e}`));

describe('custom-details', () => {
  it.each<[string, string, string[]]>([
    ['plain entries', details('OperatingSystem: OSName', 'Count_1: count_'), []],
    ['twenty entries', details(...Array.from({ length: 20 }, (_, i) => `K${i}: C${i}`)), []],
    [
      'twenty-one entries',
      details(...Array.from({ length: 21 }, (_, i) => `K${i}: C${i}`)),
      ['22:3 error customDetails has 21 entries; at most 20 are allowed'],
    ],
    [
      'a key starting with a digit',
      details('1stUser: User'),
      ['2:3 error custom detail key "1stUser" must start with a letter and hold only letters, digits and _'],
    ],
    [
      'a key starting with _',
      details('_User: User'),
      ['2:3 error custom detail key "_User" must start with a letter and hold only letters, digits and _'],
    ],
    [
      'a 21-character key',
      details('ABCDEFGHIJKLMNOPQRSTU: User'),
      ['2:3 error custom detail key "ABCDEFGHIJKLMNOPQRSTU" is 21 characters long; at most 20 are allowed'],
    ],
    [
      'an expression as the value',
      details('User: tostring(User)'),
      ['2:9 error custom detail "User" must name a query column, not "tostring(User)"'],
    ],
    [
      'a value of 501 characters',
      details(`User: ${'u'.repeat(501)}`),
      ['2:9 error custom detail "User" names a column of 501 characters (at most 500)'],
    ],
    ['a number value (the schema reports it)', details('User: 5'), []],
    ['null', yaml('customDetails:'), []],
  ])('%s', (_, text, expected) => {
    expect(render(customDetails, text)).toEqual(expected);
  });
});
