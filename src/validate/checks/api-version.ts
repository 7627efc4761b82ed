// What the rule uses must exist in the api-version it is built with: the version the user pinned, or the one the
// mapping chooses. The choice and the feature errors come from the one mapping (toApiRule); the enum values that
// differ per version (tactics) are checked here against src/api/versions.ts.
import { apiTactic } from '../../api/enums.js';
import { apiVersionFacts } from '../../api/versions.js';
import { RENAMES } from '../../mapping/fields.js';
import { apiKind, toApiRule } from '../../mapping/to-api.js';
import { arrayOf, type AnalyticRule } from '../../rules/model.js';
import { defineCheck, type CheckContext } from '../check.js';

// The mapping refuses a non-GUID id or a key given twice (name and displayName); other checks report those, so the
// probe neutralises them to learn only what the api-version lacks.
const PROBE_ID = '00000000-0000-0000-0000-000000000000';

function probe(rule: AnalyticRule): AnalyticRule {
  const copy: AnalyticRule = { ...rule, id: PROBE_ID };
  for (const [from, to] of Object.entries(RENAMES)) if (from in copy) delete copy[to];
  return copy;
}

function checkEnums(rule: AnalyticRule, version: string, report: CheckContext['report']): void {
  const facts = apiVersionFacts(version);
  if (!facts) return;
  arrayOf(rule.tactics).forEach((value, i) => {
    // Only known tactics (in any case, as the API reads them): an unknown spelling is tactic-name's finding.
    const tactic = typeof value === 'string' ? apiTactic(value) : undefined;
    if (tactic && !facts.tactics.includes(tactic))
      report({
        path: ['tactics', i],
        message: `tactic ${tactic} is not available in api-version ${version}`,
        hint: 'pin a later api-version or use another tactic',
      });
  });
}

export const apiVersion = defineCheck({
  id: 'api-version',
  severity: 'error',
  summary: 'Everything the rule uses must exist in the api-version it is built with (pinned or chosen)',
  run({ rule, options, report }) {
    const kind = apiKind(rule.kind);
    if (!kind) return;
    // Unpinned, the mapping always finds a version with every field (the SubTechniques alert property included),
    // and its tactics are all 17; the cheap exit keeps validate fast on large repos.
    // An unknown pinned version never gets here: the CLI and the config reader refuse it.
    if (!options.apiVersion) return;
    for (const finding of toApiRule(probe(rule), { apiVersion: options.apiVersion }).errors) report(finding);
    checkEnums(rule, options.apiVersion, report);
  },
});
