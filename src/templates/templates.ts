// Content Hub alert rule templates against the repository's rules. A repository rule belongs to the template whose
// name is its id (Azure-Sentinel's rule files carry the template id as `id`, and build-arm sends it as
// alertRuleTemplateName), or, for a rule made in the portal under a name of its own, the template its
// `alertRuleTemplateName` names; its `version` is the templateVersion it was made from. A template read through the one
// mapping is rule-file data, so "what changed" is what pull would change: only keys whose meaning differs.
import type { ActualRule } from '../deploy/types.js';
import { diffProperties, lineDiff, type FieldDiff } from '../deploy/diff.js';
import { TEMPLATE_LINK } from '../mapping/fields.js';
import { fromApiRule, type FromApiResult } from '../mapping/from-api.js';
import { templateLink } from '../mapping/to-api.js';
import { mergeInto } from '../pull/pull.js';
import type { RuleFile } from '../rules/load.js';
import { isRecord } from '../rules/model.js';

/** Properties only a template has (counts, dates, status) or spells differently (`version`). */
const TEMPLATE_ONLY = new Set([
  'alertRulesCreatedByTemplateCount',
  'createdDateUTC',
  'lastUpdatedDateUTC',
  'status',
  'version',
]);

/** The template as an alert rule would hold it: its version as templateVersion, template-only fields left out. */
export function asRuleResource(template: ActualRule): ActualRule {
  const properties = Object.fromEntries(Object.entries(template.properties).filter(([k]) => !TEMPLATE_ONLY.has(k)));
  const version = template.properties.version;
  if (typeof version === 'string') properties.templateVersion = version;
  return { name: template.name, kind: template.kind, properties };
}

/** The template through the one mapping, as a rule file would hold it. */
export function templateRule(template: ActualRule): FromApiResult {
  return fromApiRule(asRuleResource(template));
}

/** `1.0.10` > `1.0.9`: numeric parts compared in order; undefined when either is not dotted numbers. */
export function compareVersions(a: string, b: string): number | undefined {
  const parse = (v: string) => (/^\d+(\.\d+)*$/.test(v) ? v.split('.').map(Number) : undefined);
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return undefined;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

export interface OutdatedRule {
  id: string;
  file: string;
  displayName: string;
  ruleVersion: string;
  templateVersion: string;
  /** Rule file -> template now, by YAML path; `query` and other long texts also as a line diff. */
  fields: (FieldDiff & { lines?: string[] })[];
}

export interface UnusedTemplate {
  name: string;
  displayName: string;
  kind: string;
  version?: string;
}

export interface TemplatesReport {
  templates: number;
  outdated: OutdatedRule[];
  /** Repository rules whose template has no newer version. */
  current: number;
  /** Templates no repository rule comes from, by data connector (`(none)` for templates that name none). */
  unused: { dataSource: string; templates: UnusedTemplate[] }[];
}

const NO_SOURCE = '(none)';

function connectors(t: ActualRule): string[] {
  const list = Array.isArray(t.properties.requiredDataConnectors) ? t.properties.requiredDataConnectors : [];
  const ids = list
    .map(c => (isRecord(c) && typeof c.connectorId === 'string' ? c.connectorId : undefined))
    .filter((c): c is string => c !== undefined);
  return ids.length ? [...new Set(ids)] : [NO_SOURCE];
}

/** The meaningful differences from the rule file to the template, keyed by rule-file path. */
function fieldDiffs(rule: Record<string, unknown>, template: Record<string, unknown>): OutdatedRule['fields'] {
  const { changes } = mergeInto(rule, template, { repository: '', outDir: '', overrides: {}, mapping: {} });
  const out: OutdatedRule['fields'] = [];
  for (const key of [...changes.keys()].sort()) {
    // The rule's own name and link are what matched it to the template, not a difference from it.
    if (key === 'version' || key === TEMPLATE_LINK) continue;
    for (const d of diffProperties({ [key]: rule[key] }, { [key]: template[key] })) {
      const long = typeof d.before === 'string' && typeof d.after === 'string' && /\n/.test(d.before + d.after);
      out.push(long ? { ...d, lines: lineDiff(String(d.before), String(d.after)) } : d);
    }
  }
  return out;
}

export function compareTemplates(templates: readonly ActualRule[], files: readonly RuleFile[]): TemplatesReport {
  const byName = new Map(templates.map(t => [t.name.toLowerCase(), t]));
  const used = new Set<string>();
  const outdated: OutdatedRule[] = [];
  let current = 0;
  for (const f of files) {
    const id = f.data?.id;
    if (typeof id !== 'string' || !f.data) continue;
    const from = (templateLink(f.data) ?? id).toLowerCase();
    const template = byName.get(from);
    if (!template) continue;
    used.add(from);
    const ruleVersion = typeof f.data.version === 'string' ? f.data.version : '1.0.0';
    const templateVersion = template.properties.version;
    const newer = typeof templateVersion === 'string' ? compareVersions(templateVersion, ruleVersion) : undefined;
    const mapped = templateRule(template).rule as Record<string, unknown> | undefined;
    if (newer !== 1 || !mapped || typeof templateVersion !== 'string') {
      current++;
      continue;
    }
    outdated.push({
      id,
      file: f.file,
      displayName: typeof f.data.name === 'string' ? f.data.name : id,
      ruleVersion,
      templateVersion,
      fields: fieldDiffs(f.data, mapped),
    });
  }
  const groups = new Map<string, UnusedTemplate[]>();
  for (const t of templates) {
    if (used.has(t.name.toLowerCase())) continue;
    const entry: UnusedTemplate = {
      name: t.name,
      displayName: typeof t.properties.displayName === 'string' ? t.properties.displayName : t.name,
      kind: t.kind,
      ...(typeof t.properties.version === 'string' ? { version: t.properties.version } : {}),
    };
    for (const source of connectors(t)) groups.set(source, [...(groups.get(source) ?? []), entry]);
  }
  const unused = [...groups]
    .sort(([a], [b]) => (a === NO_SOURCE ? 1 : b === NO_SOURCE ? -1 : a.localeCompare(b)))
    .map(([dataSource, list]) => ({
      dataSource,
      templates: list.sort((a, b) => a.displayName.localeCompare(b.displayName)),
    }));
  return {
    templates: templates.length,
    outdated: outdated.sort((a, b) => a.file.localeCompare(b.file)),
    current,
    unused,
  };
}
