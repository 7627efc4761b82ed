import { describe, expect, it } from 'vitest';
import { tacticName } from '../../src/validate/checks/tactic-name.js';
import { render, yaml } from './run-check.js';

const tactics = (...names: string[]) => yaml('tactics:', ...names.map(n => `  - ${n}`));

describe('tactic-name', () => {
  it.each<[string, string, string[]]>([
    ['valid tactics', tactics('InitialAccess', 'CommandAndControl', 'InhibitResponseFunction'), []],
    [
      'CommandandControl (six corpus rules)',
      tactics('Persistence', 'CommandandControl'),
      [
        '3:5 warning tactic "CommandandControl" differs from the API\'s "CommandAndControl" only in case; the API and Microsoft\'s content CI accept it (they read tactics case-insensitively), and rulectl sends "CommandAndControl"',
      ],
    ],
    [
      'a lower-case tactic, also listed in the API spelling',
      tactics('persistence', 'Persistence'),
      [
        '2:5 warning tactic "persistence" differs from the API\'s "Persistence" only in case; the API and Microsoft\'s content CI accept it (they read tactics case-insensitively), and rulectl sends "Persistence"',
        '3:5 warning tactic Persistence is listed twice',
      ],
    ],
    [
      'a spaced name',
      tactics('Initial Access'),
      ['2:5 error unknown tactic "Initial Access"; did you mean "InitialAccess"?'],
    ],
    ['an ATT&CK id', tactics('TA0001'), ['2:5 error unknown tactic "TA0001"']],
    ['a duplicate', tactics('Impact', 'Impact'), ['3:5 warning tactic Impact is listed twice']],
    ['PreAttack', tactics('PreAttack'), ['2:5 warning PreAttack is a retired tactic: Microsoft content CI rejects it']],
    ['null', yaml('tactics:'), []],
  ])('%s', (_, text, expected) => {
    expect(render(tacticName, text)).toEqual(expected);
  });
});
