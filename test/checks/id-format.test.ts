import { describe, expect, it } from 'vitest';
import { idFormat } from '../../src/validate/checks/id-format.js';
import { render, yaml } from './run-check.js';

describe('id-format', () => {
  it.each<[string, string, string[]]>([
    ['a GUID', yaml('id: 7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e'), []],
    ['upper case', yaml('id: 7D6D8A8E-B08A-4082-8DBB-D7FD2CBBC35E'), []],
    ['not a GUID', yaml('id: my-rule'), ['1:5 error id "my-rule" is not a GUID']],
    [
      'a path',
      yaml('id: ../../etc/passwd'),
      ['1:5 error id "../../etc/passwd" looks like a path; an id must be a GUID (it becomes a resource and file name)'],
    ],
    [
      'in braces',
      yaml("id: '{7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e}'"),
      [
        '1:5 error id "{7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e}" is wrapped in brackets; did you mean "7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e"?',
      ],
    ],
    ['a number', yaml('id: 12345'), ['1:5 error id must be a GUID string, not number 12345']],
    [
      'one digit short',
      yaml('id: 7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35'),
      ['1:5 error id "7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35" is not a GUID'],
    ],
  ])('%s', (_, text, expected) => {
    expect(render(idFormat, text)).toEqual(expected);
  });
});
