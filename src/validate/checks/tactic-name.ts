// tactics: each an AttackTactic value spelt exactly (the API enum is case-sensitive; Microsoft CI's own checker is
// not, which is how `CommandandControl` reached its repository), listed once; `PreAttack` is legacy.
import { TACTICS } from '../../api/enums.js';
import { arrayOf } from '../../rules/model.js';
import { defineCheck } from '../check.js';
import { quote } from '../../diagnostics/quote.js';
import { closest } from '../suggest.js';

export const tacticName = defineCheck({
  id: 'tactic-name',
  severity: 'error',
  summary: 'tactics must be ATT&CK tactics spelt as the API spells them, each listed once (PreAttack: warning)',
  run({ rule, report }) {
    const seen = new Set<string>();
    arrayOf(rule.tactics).forEach((tactic, i) => {
      if (typeof tactic !== 'string') return;
      const path = ['tactics', i];
      if (!(TACTICS as readonly string[]).includes(tactic)) {
        const suggestion = closest(tactic, TACTICS);
        report({
          path,
          message: `unknown tactic ${quote(tactic)}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
          hint: `tactics (case-sensitive): ${TACTICS.join(', ')}`,
        });
      } else if (seen.has(tactic)) {
        report({ path, severity: 'warning', message: `tactic ${tactic} is listed twice` });
      } else if (tactic === 'PreAttack') {
        report({
          path,
          severity: 'warning',
          message: 'PreAttack is a retired tactic: Microsoft content CI rejects it',
          hint: 'use Reconnaissance or ResourceDevelopment, its successors since ATT&CK v8',
        });
      }
      seen.add(tactic);
    });
  },
});
