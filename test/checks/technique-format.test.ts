import { describe, expect, it } from 'vitest';
import { techniqueFormat } from '../../src/validate/checks/technique-format.js';
import { render, yaml } from './run-check.js';

const list = (key: string, ...ids: string[]) => yaml(`${key}:`, ...ids.map(id => `  - ${id}`));

describe('technique-format', () => {
  it.each<[string, string, string[]]>([
    ['techniques and sub-techniques', list('relevantTechniques', 'T1078', 'T1078.004', 'T0890'), []],
    [
      'lower case',
      list('relevantTechniques', 't1078'),
      ['2:5 error "t1078" is not an ATT&CK technique id; did you mean "T1078"?'],
    ],
    [
      'a short sub-technique',
      list('relevantTechniques', 'T1078.4'),
      ['2:5 error "T1078.4" is not an ATT&CK technique id; did you mean "T1078.004"?'],
    ],
    ['a tactic id', list('relevantTechniques', 'TA0001'), ['2:5 error "TA0001" is not an ATT&CK technique id']],
    [
      'a name',
      list('relevantTechniques', 'Valid Accounts'),
      ['2:5 error "Valid Accounts" is not an ATT&CK technique id'],
    ],
    ['a duplicate', list('relevantTechniques', 'T1078', 'T1078'), ['3:5 warning technique T1078 is listed twice']],
    ['the API-level techniques key', list('techniques', 'T1071 '), []],
    [
      'a space inside',
      list('subTechniques', "'T 1071'"),
      ['2:5 error "T 1071" is not an ATT&CK technique id; did you mean "T1071"?'],
    ],
  ])('%s', (_, text, expected) => {
    expect(render(techniqueFormat, text)).toEqual(expected);
  });
});

describe('technique-format: the API-level keys', () => {
  it.each<[string, string, string[]]>([
    [
      'a sub-technique in techniques',
      yaml('techniques:', '  - T1071.001'),
      ['2:5 error techniques takes parent ids only; write T1071 here and T1071.001 in subTechniques'],
    ],
    [
      'a parent in subTechniques',
      yaml('subTechniques:', '  - T1071'),
      ['2:5 error subTechniques takes sub-technique ids (T####.###), not T1071'],
    ],
    ['both in their place', yaml('techniques: [T1071]', 'subTechniques: [T1071.001]'), []],
  ])('%s', (_, text, expected) => {
    expect(render(techniqueFormat, text)).toEqual(expected);
  });
});
