import { describe, expect, it } from 'vitest';
import { kindValue } from '../../src/validate/checks/kind-value.js';
import { render, yaml } from './run-check.js';

describe('kind-value', () => {
  it.each<[string, string, string[]]>([
    ['Scheduled', yaml('kind: Scheduled'), []],
    ['NRT', yaml('kind: NRT'), []],
    [
      'lower case',
      yaml('kind: scheduled'),
      ['1:7 error kind "scheduled" is not Scheduled or NRT; did you mean "Scheduled"?'],
    ],
    ['Nrt', yaml('kind: Nrt'), ['1:7 error kind "Nrt" is not Scheduled or NRT; did you mean "NRT"?']],
    ['another API kind', yaml('kind: Fusion'), ['1:7 error kind "Fusion" is not Scheduled or NRT']],
    ['a list', yaml('kind: [Scheduled]'), ['1:7 error kind must be Scheduled or NRT, not a list']],
  ])('%s', (_, text, expected) => {
    expect(render(kindValue, text)).toEqual(expected);
  });
});
