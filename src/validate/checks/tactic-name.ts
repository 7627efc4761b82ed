// tactics: each an AttackTactic value, listed once; `PreAttack` is legacy. The API and Microsoft's content CI read the
// enum case-insensitively (Newtonsoft), so `CommandandControl` is accepted: a warning that names the API's spelling,
// which the mapping sends.
import { apiTactic, TACTICS } from '../../api/enums.js';
import { arrayOf } from '../../rules/model.js';
import { defineCheck } from '../check.js';
import { quote } from '../../diagnostics/quote.js';
import { closest } from '../suggest.js';

export const tacticName = defineCheck({
  id: 'tactic-name',
  severity: 'error',
  summary: 'tactics must be ATT&CK tactics the API knows, each listed once (another case or PreAttack: warning)',
  fixable: true,
  run({ rule, report }) {
    const seen = new Set<string>();
    arrayOf(rule.tactics).forEach((tactic, i) => {
      if (typeof tactic !== 'string') return;
      const path = ['tactics', i];
      const canonical = apiTactic(tactic);
      if (!canonical) {
        const suggestion = closest(tactic, TACTICS);
        report({
          path,
          message: `unknown tactic ${quote(tactic)}${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
          hint: `tactics: ${TACTICS.join(', ')}`,
        });
        return;
      }
      if (canonical !== tactic) {
        report({
          path,
          severity: 'warning',
          message: `tactic ${quote(tactic)} differs from the API's "${canonical}" only in case; the API and Microsoft's content CI accept it (they read tactics case-insensitively), and rulectl sends "${canonical}"`,
          hint: `write "${canonical}"`,
          fix: canonical,
        });
      }
      if (seen.has(canonical)) {
        report({ path, severity: 'warning', message: `tactic ${canonical} is listed twice` });
      } else if (canonical === 'PreAttack') {
        report({
          path,
          severity: 'warning',
          message: 'PreAttack is a retired tactic: Microsoft content CI rejects it',
          hint: 'use Reconnaissance or ResourceDevelopment, its successors since ATT&CK v8',
        });
      }
      seen.add(canonical);
    });
  },
});
