// Test helpers: the whole build-arm -> import pipeline in memory, and the normal form a round trip preserves.
import { CORE_SCHEMA, load } from 'js-yaml';
import { readAlertRules } from '../../src/arm/read.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { armTemplate, renderTemplate } from '../../src/arm/template.js';
import { renderRuleYaml } from '../../src/import/render-rule.js';
import { fromApiRule } from '../../src/mapping/from-api.js';
import { apiKind, toApiRule, type MappingOptions } from '../../src/mapping/to-api.js';
import { supportsFeature } from '../../src/api/versions.js';
import { apiTactic, TRIGGER_OPERATORS } from '../../src/api/enums.js';
import { parseDuration, isDurationError } from '../../src/rules/durations.js';
import type { AnalyticRule } from '../../src/rules/model.js';

export interface RoundTrip {
  apiVersion: string;
  text: string;
  yaml: string;
  back: Record<string, unknown>;
}

/** rule -> template text -> parsed template -> rule data -> YAML text -> rule data. */
export function roundTrip(rule: AnalyticRule, options: MappingOptions = {}): RoundTrip {
  const mapped = toApiRule(rule, options);
  if (!mapped.rule) throw new Error(`not built: ${JSON.stringify(mapped.errors)}`);
  const text = renderTemplate(armTemplate([mapped.rule]));
  const found = readAlertRules(JSON.parse(text));
  if (found.problems.length || found.rules.length !== 1) throw new Error(`not read: ${JSON.stringify(found.problems)}`);
  const imported = fromApiRule(found.rules[0] as (typeof found.rules)[number]);
  if (!imported.rule) throw new Error(`not imported: ${imported.skipped}`);
  const yaml = renderRuleYaml(imported.rule);
  if (yaml === undefined) throw new Error('not rendered');
  const back = load(yaml, { schema: CORE_SCHEMA }) as Record<string, unknown>;
  return { apiVersion: mapped.rule.apiVersion, text, yaml, back };
}

function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, dropNulls(v)]),
  );
}

const seconds = (v: unknown) => {
  const d = parseDuration(v);
  return isDurationError(d) ? v : d.seconds;
};

/**
 * What a round trip must preserve. Normalised: keys never sent (metadata, requiredDataConnectors), null ≡ absent,
 * the mapping's defaults, duration spellings (compared in seconds), operator spellings, kind case, NRT's absent
 * fields, and technique lists as sets (parents only when the api-version has no subTechniques).
 */
export function normalise(rule: Record<string, unknown>, apiVersion: string): Record<string, unknown> {
  const r = dropNulls(structuredClone(rule)) as Record<string, unknown>;
  delete r.metadata;
  delete r.requiredDataConnectors;
  // A rule file may spell the techniques the API's way; import writes the YAML key.
  if (r.relevantTechniques === undefined && r.techniques !== undefined) r.relevantTechniques = r.techniques;
  delete r.techniques;
  const kind = apiKind(r.kind) ?? r.kind;
  r.kind = kind;
  r.enabled ??= true;
  r.suppressionEnabled ??= false;
  r.suppressionDuration ??= '1h';
  r.version ??= '1.0.0';
  for (const k of ['queryFrequency', 'queryPeriod', 'suppressionDuration']) if (k in r) r[k] = seconds(r[k]);
  const grouping = (r.incidentConfiguration as { groupingConfiguration?: Record<string, unknown> } | undefined)
    ?.groupingConfiguration;
  if (grouping && 'lookbackDuration' in grouping) grouping.lookbackDuration = seconds(grouping.lookbackDuration);
  if (typeof r.triggerOperator === 'string')
    r.triggerOperator = TRIGGER_OPERATORS[r.triggerOperator] ?? r.triggerOperator;
  // A tactic in another case (`CommandandControl`) is sent, and so comes back, in the API's spelling.
  if (Array.isArray(r.tactics))
    r.tactics = (r.tactics as unknown[]).map(t => (typeof t === 'string' ? (apiTactic(t) ?? t) : t));
  if (kind === 'NRT')
    for (const k of ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold']) delete r[k];
  if (Array.isArray(r.relevantTechniques)) {
    const subs = kind === 'Scheduled' || kind === 'NRT' ? supportsFeature(apiVersion, kind, 'subTechniques') : false;
    const all = r.relevantTechniques.map(t => (typeof t === 'string' ? t : JSON.stringify(t)));
    const parents = all.map(t => t.replace(/^(T\d{4})\.\d{3}$/, '$1'));
    r.relevantTechniques = [...new Set([...parents, ...(subs ? all : [])])].sort();
  }
  return r;
}

/** rulectl in `dir`, with KQL off for validate and build-arm (these tests are about files, not queries). */
export async function run(dir: string, ...argv: string[]) {
  const io = memoryIo(dir);
  const code = await runCli(
    [...argv, ...(['build-arm', 'validate'].includes(argv[0] ?? '') ? ['--kql', 'off'] : [])],
    io,
  );
  return { code, out: io.out, err: io.err };
}
