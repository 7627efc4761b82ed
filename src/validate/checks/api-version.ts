// What the rule uses must exist in the api-version it is built with: the version the user pinned, or the one the
// mapping chooses. The choice and the feature errors come from the one mapping (toApiRule); the enum values that
// differ per version (tactics, alert properties) are checked here against src/api/versions.ts.
import { TACTICS } from '../../api/enums.js';
import { API_VERSIONS, apiVersionFacts, DEFAULT_PREVIEW_API_VERSION } from '../../api/versions.js';
import { RENAMES } from '../../mapping/fields.js';
import { apiKind, toApiRule } from '../../mapping/to-api.js';
import { arrayOf, recordOf, type AnalyticRule } from '../../rules/model.js';
import { defineCheck, type CheckContext } from '../check.js';
import { closest } from '../suggest.js';

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
  arrayOf(rule.tactics).forEach((tactic, i) => {
    // Only known tactics: an unknown spelling is tactic-name's finding.
    if (
      typeof tactic === 'string' &&
      (TACTICS as readonly string[]).includes(tactic) &&
      !facts.tactics.includes(tactic)
    )
      report({
        path: ['tactics', i],
        message: `tactic ${tactic} is not available in api-version ${version}`,
        hint: 'pin a later api-version or use another tactic',
      });
  });
  if (facts.alertProperties.length === 0) return;
  arrayOf(recordOf(rule.alertDetailsOverride)?.alertDynamicProperties).forEach((item, i) => {
    const property = recordOf(item)?.alertProperty;
    if (property === 'SubTechniques' && !facts.alertProperties.includes(property))
      report({
        path: ['alertDetailsOverride', 'alertDynamicProperties', i, 'alertProperty'],
        message: `alertProperty SubTechniques is not available in api-version ${version}`,
        hint: 'pin a preview api-version from 2023-12-01-preview on, or drop this property',
      });
  });
}

function usesSubTechniquesProperty(rule: AnalyticRule): boolean {
  return arrayOf(recordOf(rule.alertDetailsOverride)?.alertDynamicProperties).some(
    item => recordOf(item)?.alertProperty === 'SubTechniques',
  );
}

export const apiVersion = defineCheck({
  id: 'api-version',
  severity: 'error',
  summary: 'Everything the rule uses must exist in the api-version it is built with (pinned or chosen)',
  run({ rule, options, report }) {
    const kind = apiKind(rule.kind);
    if (!kind) return;
    // Unpinned, the mapping always finds a version with every field, and its tactics are all 17; only the
    // SubTechniques alert property can still be missing (the cheap exit keeps validate fast on large repos).
    if (!options.apiVersion && !usesSubTechniquesProperty(rule)) return;
    if (options.apiVersion && !apiVersionFacts(options.apiVersion)) {
      const known = [...API_VERSIONS.keys()];
      const suggestion = closest(options.apiVersion, known);
      report({
        path: [],
        anchor: 'key',
        message: `"${options.apiVersion}" is not an alertRules api-version${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
        hint: `known versions: ${known.filter(v => !v.endsWith('-preview')).join(', ')} and previews such as ${DEFAULT_PREVIEW_API_VERSION}`,
      });
      return;
    }
    const result = toApiRule(probe(rule), options.apiVersion ? { apiVersion: options.apiVersion } : {});
    for (const finding of result.errors) report(finding);
    const version = result.rule?.apiVersion ?? options.apiVersion;
    if (version) checkEnums(rule, version, report);
  },
});
