// The inverse of to-api.ts: an alert rule as the API (or a template) holds it, back to rule-file data.
// Used by `import` and by the deploy plan to show a workspace's rule in the terms of the YAML format.
import { TRIGGER_OPERATORS } from '../api/enums.js';
import { fromApiDuration } from '../rules/durations.js';
import { isRecord, own, type AnalyticRule } from '../rules/model.js';
import { DURATION_PATHS, NRT_ABSENT, RENAMES, SUB_TECHNIQUE, YAML_KEY_ORDER } from './fields.js';
import { apiKind } from './to-api.js';

export interface ApiRuleInput {
  name: string;
  kind: string;
  properties: Record<string, unknown>;
}

export interface FromApiResult {
  /** Absent when the rule's kind has no rule-file form (Fusion, MicrosoftSecurityIncidentCreation, …). */
  rule?: AnalyticRule;
  /** Why there is no rule. */
  skipped?: string;
  /** What the rule file cannot carry, one sentence each. */
  lost: string[];
}

const SHORT_OPERATORS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(TRIGGER_OPERATORS)
    .filter(([short, long]) => short !== long)
    .map(([short, long]) => [long, short]),
);
const RENAMED_BACK: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(RENAMES).map(([yaml, api]) => [api, yaml]),
);
/** Values equal to the mapping's defaults are left out, so an imported file says only what is particular. */
const DEFAULTS: Readonly<Record<string, unknown>> = {
  enabled: true,
  suppressionEnabled: false,
  suppressionDuration: '1h',
};
/** Read-only properties the service adds; they are not part of a rule's definition. */
const READ_ONLY = new Set(['lastModifiedUtc']);

/** A copy without null-valued keys: the API and portal exports write null for "not set". */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isRecord(value)) return value;
  // fromEntries, not assignment: a key named `__proto__` stays a key.
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

/** `techniques` + `subTechniques` back to one list: each parent is replaced by its sub-techniques, if any. */
export function mergeTechniques(techniques: unknown, subTechniques: unknown): unknown[] {
  const subs = (Array.isArray(subTechniques) ? subTechniques : []).filter((s): s is string => typeof s === 'string');
  const out: unknown[] = [];
  const add = (t: unknown) => void (out.includes(t) ? undefined : out.push(t));
  for (const t of Array.isArray(techniques) ? techniques : []) {
    const own = subs.filter(s => SUB_TECHNIQUE.exec(s)?.[1] === t);
    if (own.length) own.forEach(add);
    else add(t);
  }
  subs.forEach(add);
  return out;
}

function ruleId(api: ApiRuleInput, templateName: unknown): string {
  // Our own templates carry the id as written in alertRuleTemplateName and lower-cased in the name.
  return typeof templateName === 'string' && templateName.toLowerCase() === api.name.toLowerCase()
    ? templateName
    : api.name;
}

/** Maps one API rule back to rule-file data in the Azure-Sentinel key order. */
export function fromApiRule(api: ApiRuleInput): FromApiResult {
  const lost: string[] = [];
  const kind = apiKind(api.kind);
  if (!kind)
    return { skipped: `kind ${api.kind} has no rule-file form; only Scheduled and NRT rules are imported`, lost };
  const props = withoutNulls(api.properties) as Record<string, unknown>;
  for (const path of DURATION_PATHS) {
    let holder: unknown = props;
    for (const key of path.slice(0, -1)) holder = isRecord(holder) ? holder[key] : undefined;
    const last = path[path.length - 1] ?? '';
    if (isRecord(holder) && typeof holder[last] === 'string') holder[last] = fromApiDuration(holder[last]);
  }
  // Without a prototype, a key named `__proto__` is a key like any other, not a prototype to set.
  const data = Object.create(null) as Record<string, unknown>;
  data.id = ruleId(api, props.alertRuleTemplateName);
  // A portal rule made from a Content Hub template has a name of its own: the file keeps the link beside its id.
  const link = props.alertRuleTemplateName;
  if (typeof link === 'string' && link !== '' && link.toLowerCase() !== api.name.toLowerCase())
    data.alertRuleTemplateName = link;
  for (const [key, value] of Object.entries(props)) {
    if (key === 'alertRuleTemplateName' || key === 'subTechniques' || READ_ONLY.has(key)) continue;
    if (Object.hasOwn(DEFAULTS, key) && DEFAULTS[key] === value) continue;
    if (kind === 'NRT' && NRT_ABSENT.has(key)) {
      lost.push(`${key} is dropped: NRT rules have none`);
      continue;
    }
    if (key === 'techniques') data.relevantTechniques = mergeTechniques(value, props.subTechniques);
    else if (key === 'entityMappings' && Array.isArray(value)) data.entityMappings = value.map(entityFirst);
    else if (key === 'triggerOperator' && value === 'Equals') {
      // SentinelARConverter writes `Equals`, which the API rejects; the operator it meant is `eq`.
      data.triggerOperator = 'eq';
      lost.push('triggerOperator Equals (which the API rejects) is read as eq');
    } else if (key === 'triggerOperator' && typeof value === 'string')
      data.triggerOperator = own(SHORT_OPERATORS, value) ?? value;
    else data[own(RENAMED_BACK, key) ?? key] = value;
  }
  if (data.relevantTechniques === undefined && props.subTechniques !== undefined)
    data.relevantTechniques = mergeTechniques([], props.subTechniques);
  data.version ??= '1.0.0';
  data.kind = kind;
  return { rule: inYamlOrder(data) as AnalyticRule, lost };
}

/** The same record with `first` keys (those present) leading. */
function keysFirst(value: unknown, first: readonly string[]): unknown {
  if (!isRecord(value)) return value;
  const lead = first.filter(k => Object.hasOwn(value, k));
  const keys = [...lead, ...Object.keys(value).filter(k => !lead.includes(k))];
  return Object.fromEntries(keys.map(k => [k, value[k]]));
}

/** `entityType` before `fieldMappings`, `identifier` before `columnName`: how rule files are written. */
function entityFirst(mapping: unknown): unknown {
  const m = keysFirst(mapping, ['entityType', 'fieldMappings']);
  if (isRecord(m) && Array.isArray(m.fieldMappings))
    m.fieldMappings = m.fieldMappings.map((f: unknown) => keysFirst(f, ['identifier', 'columnName']));
  return m;
}

/** Rule-file keys in the Azure-Sentinel order, then the rest sorted. */
export function inYamlOrder(data: Record<string, unknown>): Record<string, unknown> {
  const first = YAML_KEY_ORDER.filter(key => Object.hasOwn(data, key));
  const rest = Object.keys(data)
    .filter(k => !first.includes(k))
    .sort();
  return Object.fromEntries([...first, ...rest].map(key => [key, data[key]]));
}
