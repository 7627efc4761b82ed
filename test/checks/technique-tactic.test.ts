import { describe, expect, it } from 'vitest';
import { techniqueTactic } from '../../src/validate/checks/technique-tactic.js';
import { render, yaml } from './run-check.js';

const rule = (tactics: string[], techniques: string[]) =>
  yaml('tactics:', ...tactics.map(t => `  - ${t}`), 'relevantTechniques:', ...techniques.map(t => `  - ${t}`));

describe('technique-tactic', () => {
  it.each<[string, string, string[]]>([
    ['matching tactics', rule(['InitialAccess', 'CredentialAccess'], ['T1078', 'T1110.003']), []],
    ['one of several tactics suffices', rule(['DefenseEvasion'], ['T1078']), []],
    ['ICS techniques', rule(['ImpairProcessControl', 'InhibitResponseFunction'], ['T0839', 'T0881']), []],
    ['PreAttack covers reconnaissance', rule(['PreAttack'], ['T1595']), []],
    [
      'a technique without its tactic',
      rule(['InitialAccess'], ['T1078', 'T1573']),
      ['5:5 error T1573 belongs to CommandAndControl, none of which is listed in tactics'],
    ],
    [
      'a sub-technique without its tactic',
      rule(['Impact'], ['T1110.003']),
      ['4:5 error T1110.003 belongs to CredentialAccess, none of which is listed in tactics'],
    ],
    ['a misspelt tactic counts as meant (tactic-name reports it)', rule(['CommandandControl'], ['T1573']), []],
    [
      'no tactics at all',
      yaml('relevantTechniques:', '  - T1078'),
      [
        '2:5 error T1078 belongs to InitialAccess, Persistence, PrivilegeEscalation, DefenseEvasion, none of which is listed in tactics',
      ],
    ],
    [
      'a technique the table does not know',
      rule(['Impact'], ['T1999']),
      ["4:5 warning T1999 is not in rulectl's ATT&CK Enterprise/ICS table; its tactics cannot be checked"],
    ],
    ['a malformed id (technique-format reports it)', rule(['Impact'], ['t1485']), []],
  ])('%s', (_, text, expected) => {
    expect(render(techniqueTactic, text)).toEqual(expected);
  });
});
