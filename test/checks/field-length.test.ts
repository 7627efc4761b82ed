import { describe, expect, it } from 'vitest';
import { fieldLength } from '../../src/validate/checks/field-length.js';
import { render, yaml } from './run-check.js';

describe('field-length', () => {
  it.each<[string, string, string[]]>([
    ['within the limits', yaml(`name: ${'n'.repeat(256)}`, `description: ${'d'.repeat(5000)}`, 'query: T'), []],
    ['name too long', yaml(`name: ${'n'.repeat(257)}`), ['1:7 error name is 257 characters long; the limit is 256']],
    [
      'description too long',
      yaml('kind: NRT', `description: ${'d'.repeat(5001)}`),
      ['2:14 error description is 5001 characters long; the limit is 5000'],
    ],
    [
      'query too long',
      yaml(`query: ${'q'.repeat(10001)}`),
      ['1:8 error query is 10001 characters long; the limit is 10000'],
    ],
    ['empty query', yaml("query: ''"), ['1:8 error query is empty']],
    ['blank query', yaml('query: |', '  ', 'kind: NRT'), ['1:8 error query is empty']],
  ])('%s', (_, text, expected) => {
    expect(render(fieldLength, text)).toEqual(expected);
  });
});
