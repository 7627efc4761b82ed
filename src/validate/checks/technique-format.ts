// relevantTechniques (and the API-level techniques/subTechniques keys): ATT&CK ids `T####` or `T####.###`.
import { TECHNIQUE_ID } from '../../api/attack.js';
import { arrayOf } from '../../rules/model.js';
import { defineCheck } from '../check.js';
import { quote } from '../../diagnostics/quote.js';

/** The id `value` most likely means (`t1078` -> `T1078`, `T1078.4` -> `T1078.004`), if any. */
function suggest(value: string): string | undefined {
  const m = /^\s*T?\s*(\d{4})(?:\s*[./]\s*(\d{1,3}))?\s*$/i.exec(value);
  if (!m?.[1]) return undefined;
  return m[2] ? `T${m[1]}.${m[2].padStart(3, '0')}` : `T${m[1]}`;
}

const FIELDS = ['relevantTechniques', 'techniques', 'subTechniques'] as const;

export const techniqueFormat = defineCheck({
  id: 'technique-format',
  severity: 'error',
  summary: 'Techniques are ATT&CK ids: T#### or T####.### (a sub-technique), each listed once',
  run({ rule, report }) {
    for (const field of FIELDS) {
      const seen = new Set<string>();
      arrayOf(rule[field]).forEach((id, i) => {
        if (typeof id !== 'string') return;
        const path = [field, i];
        if (!TECHNIQUE_ID.test(id)) {
          const suggestion = suggest(id);
          report({
            path,
            message: `${quote(id)} is not an ATT&CK technique id${suggestion && suggestion !== id ? `; did you mean "${suggestion}"?` : ''}`,
            hint: 'write T#### for a technique or T####.### for a sub-technique',
          });
        } else if (field !== 'relevantTechniques' && (field === 'subTechniques') !== id.includes('.')) {
          // The API keeps the two apart: it rejects `T1071.001` in techniques ("The expected format is T####").
          report({
            path,
            message:
              field === 'techniques'
                ? `techniques takes parent ids only; write ${id.split('.')[0] ?? id} here and ${id} in subTechniques`
                : `subTechniques takes sub-technique ids (T####.###), not ${id}`,
            hint: 'or list both forms under relevantTechniques and let rulectl split them per api-version',
          });
        } else if (seen.has(id)) {
          report({ path, severity: 'warning', message: `technique ${id} is listed twice` });
        }
        seen.add(id);
      });
    }
  },
});
