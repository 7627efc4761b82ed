// Every technique must belong to a tactic the rule lists (Microsoft CI `NoTechniquesWithoutMatchingTactics`),
// judged with the ATT&CK table in src/api/attack.ts. Ids the table does not know only warn: ATT&CK grows twice a
// year and its Mobile matrix is not in the table, so "unknown" may mean "newer than rulectl".
import { TACTICS } from '../../api/enums.js';
import { tacticsOfTechnique, TECHNIQUE_ID } from '../../api/attack.js';
import { arrayOf } from '../../rules/model.js';
import { defineCheck } from '../check.js';

export const techniqueTactic = defineCheck({
  id: 'technique-tactic',
  severity: 'error',
  summary: "Each relevant technique must belong to one of the rule's tactics (per the bundled ATT&CK table)",
  run({ rule, report }) {
    // A misspelt tactic (`CommandandControl`) is tactic-name's finding; match on the intended spelling here.
    const listed = new Set(arrayOf(rule.tactics).map(t => (typeof t === 'string' ? t.toLowerCase() : undefined)));
    arrayOf(rule.relevantTechniques).forEach((id, i) => {
      if (typeof id !== 'string' || !TECHNIQUE_ID.test(id)) return;
      const tactics = tacticsOfTechnique(id);
      const path = ['relevantTechniques', i];
      if (!tactics) {
        report({
          path,
          severity: 'warning',
          message: `${id} is not in rulectl's ATT&CK Enterprise/ICS table; its tactics cannot be checked`,
          hint: 'check the id at attack.mitre.org; Microsoft content CI rejects techniques it does not know',
        });
        return;
      }
      if (tactics.some(t => listed.has(t.toLowerCase()))) return;
      const names = tactics.filter(t => (TACTICS as readonly string[]).includes(t) && t !== 'PreAttack');
      report({
        path,
        message: `${id} belongs to ${names.join(', ')}, none of which is listed in tactics`,
        hint: `add ${names.length > 1 ? 'one of them' : (names[0] ?? 'its tactic')} to tactics, or remove the technique`,
      });
    });
  },
});
