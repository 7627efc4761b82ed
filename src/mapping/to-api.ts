// THE mapping from a rule file's data to the alertRules API (`properties` + kind + api-version): build-arm wraps
// it in a template, deploy sends it as the PUT body, import inverts it (from-api.ts). No second copy anywhere.
import { apiTactic, TRIGGER_OPERATORS } from '../api/enums.js';
import { chooseApiVersion, firstVersionsWith, supportsFeature, type VersionedFeature } from '../api/versions.js';
import { toApiDuration } from '../rules/durations.js';
import { isRecord, own, type AnalyticRule } from '../rules/model.js';
import type { Finding } from '../validate/check.js';
import {
  API_PROPERTY_ORDER,
  DURATION_PATHS,
  NOT_SENT,
  NRT_ABSENT,
  RENAMES,
  SUB_TECHNIQUE,
  TEMPLATE_LINK,
} from './fields.js';

export interface MappingOptions {
  /** A pinned api-version: used as is; a rule needing more than it has is an error. */
  apiVersion?: string;
  defaultStable?: string;
  defaultPreview?: string;
}

export interface ApiRule {
  /** The resource name: the rule id, lower-cased (a GUID is case-insensitive; one spelling, one resource). */
  name: string;
  kind: 'Scheduled' | 'NRT';
  apiVersion: string;
  /** Exactly what the API gets: literal strings, keys in a fixed order. */
  properties: Record<string, unknown>;
}

export interface MappingResult {
  rule?: ApiRule;
  errors: Finding[];
  /**
   * The errors are what the chosen api-version lacks: the api-version check's findings, as in validate. Other
   * refusals (a kind or id that cannot be built, an API spelling that contradicts its YAML one) are build-mapping's.
   */
  versionLacks?: true;
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const DEFAULTS: readonly [string, unknown, VersionedFeature?][] = [
  ['enabled', true],
  ['suppressionDuration', 'PT1H'],
  ['suppressionEnabled', false],
  ['customDetails', null, 'customDetails'],
  ['entityMappings', null, 'entityMappings'],
  ['templateVersion', '1.0.0', 'templateVersion'],
];

/** The kind as the API spells it, or undefined for kinds rulectl does not build. */
export function apiKind(kind: unknown): 'Scheduled' | 'NRT' | undefined {
  if (typeof kind !== 'string') return undefined;
  const k = kind.toLowerCase();
  return k === 'scheduled' ? 'Scheduled' : k === 'nrt' ? 'NRT' : undefined;
}

/** `relevantTechniques` split the API's way: parent ids (deduplicated, in order) and the sub-technique ids. */
export function splitTechniques(value: unknown): { techniques: unknown[]; subTechniques: string[] } {
  const techniques: unknown[] = [];
  const subTechniques: string[] = [];
  for (const t of Array.isArray(value) ? (value as unknown[]) : []) {
    const sub = typeof t === 'string' ? SUB_TECHNIQUE.exec(t) : null;
    const parent = sub ? sub[1] : t;
    if (!techniques.includes(parent)) techniques.push(parent);
    if (sub && !subTechniques.includes(sub[0])) subTechniques.push(sub[0]);
  }
  return { techniques, subTechniques };
}

const RENAMED_FROM: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(RENAMES).map(([yaml, api]) => [api, yaml]),
);

/** The template a rule file names as its own when that is not its id (a portal rule's link), else undefined. */
export function templateLink(rule: Record<string, unknown>): string | undefined {
  const link = rule[TEMPLATE_LINK];
  return typeof link === 'string' && link !== '' ? link : undefined;
}

/** Whether the API-spelled key `to` says something else than the YAML key `from` (null and [] say nothing). */
function conflicts(rule: AnalyticRule, from: string, to: string): boolean {
  const given = rule[to];
  if (given === undefined || given === null || given === '' || (Array.isArray(given) && !given.length)) return false;
  // A template link is no second spelling of the id but the template the rule was made from, which may be another.
  if (to === TEMPLATE_LINK) return templateLink(rule) === undefined;
  const expected = to === 'techniques' ? splitTechniques(rule[from]).techniques : rule[from];
  return JSON.stringify(given) !== JSON.stringify(expected);
}

/**
 * API spellings next to their YAML spelling that say something else (`displayName` next to `name`): the mapping
 * would have to guess which one the author meant. validate reports them too, under the same check id.
 */
export function renameConflicts(rule: AnalyticRule): Finding[] {
  return Object.entries(RENAMES)
    .filter(([from, to]) => rule[from] !== undefined && conflicts(rule, from, to))
    .map(([from, to]) => ({ path: [to], message: `${to} contradicts ${from}; keep only ${from}`, anchor: 'key' }));
}

/** Top-level API properties that only some api-versions have. */
const VERSIONED: ReadonlySet<string> = new Set<VersionedFeature>([
  'templateVersion',
  'incidentConfiguration',
  'eventGroupingSettings',
  'customDetails',
  'entityMappings',
  'alertDetailsOverride',
  'techniques',
  'sentinelEntitiesMappings',
  'subTechniques',
]);

/** Null, [] and {} say nothing: a version without the field loses nothing when they are left out. */
const says = (v: unknown) =>
  v !== undefined && v !== null && !(Array.isArray(v) ? !v.length : isRecord(v) && !Object.keys(v).length);

/** The versioned features a rule uses, each with the YAML path to name in an error. */
function featuresUsed(rule: AnalyticRule): [VersionedFeature, (string | number)[]][] {
  const used: [VersionedFeature, (string | number)[]][] = [];
  if (says(rule.version)) used.push(['templateVersion', ['version']]);
  for (const k of [
    'incidentConfiguration',
    'eventGroupingSettings',
    'customDetails',
    'entityMappings',
    'alertDetailsOverride',
    'sentinelEntitiesMappings',
    'subTechniques',
  ] as const)
    if (says(rule[k])) used.push([k, [k]]);
  if (Array.isArray(rule.relevantTechniques) && rule.relevantTechniques.length) {
    used.push(['techniques', ['relevantTechniques']]);
    // A sub-technique is only kept whole in `subTechniques` (previews from 2023-12-01): nothing is lost on the way.
    const sub = rule.relevantTechniques.findIndex(t => typeof t === 'string' && SUB_TECHNIQUE.test(t));
    if (sub >= 0) used.push(['subTechniques', ['relevantTechniques', sub]]);
  }
  const override = rule.alertDetailsOverride;
  if (isRecord(override) && says(override.alertDynamicProperties)) {
    used.push(['alertDetailsOverride.alertDynamicProperties', ['alertDetailsOverride', 'alertDynamicProperties']]);
    // The SubTechniques alert property arrived with the subTechniques field (previews from 2023-12-01).
    const props = Array.isArray(override.alertDynamicProperties) ? (override.alertDynamicProperties as unknown[]) : [];
    const sub = props.findIndex(p => isRecord(p) && p.alertProperty === 'SubTechniques');
    if (sub >= 0)
      used.push(['subTechniques', ['alertDetailsOverride', 'alertDynamicProperties', sub, 'alertProperty']]);
  }
  return used;
}

/** What a version lacks, in the rule's own terms: the YAML key, or the sub-technique that needs the field. */
function lacks(
  rule: AnalyticRule,
  feature: VersionedFeature,
  path: (string | number)[],
  version: string,
  kind: 'Scheduled' | 'NRT',
): Finding {
  const where = firstVersionsWith(kind, feature);
  const later = where.length ? `${where.map(v => `${v} or later`).join(', or ')}` : 'a version that has it';
  const item =
    path[0] === 'relevantTechniques' && Array.isArray(rule.relevantTechniques)
      ? rule.relevantTechniques[Number(path[1])]
      : undefined;
  if (feature === 'subTechniques' && typeof item === 'string') {
    const parent = SUB_TECHNIQUE.exec(item)?.[1] ?? item;
    return {
      path,
      message: `sub-technique ${item} needs subTechniques, which ${version} lacks: use ${parent} or a later api-version`,
      hint: `api-versions with subTechniques: ${later}`,
    };
  }
  if (feature === 'subTechniques' && path[0] === 'alertDetailsOverride')
    return {
      path,
      message: `the SubTechniques alert property needs subTechniques, which ${version} lacks`,
      hint: `pin ${later}, or use another alertProperty`,
    };
  const key = String(path[0]);
  const named = feature === key || feature.startsWith(`${key}.`) ? feature : `${key} (sent as ${feature})`;
  return {
    path,
    message: `${named} is not available in api-version ${version}`,
    hint: `pin ${later}, or remove the field`,
  };
}

function convertDurations(properties: Record<string, unknown>): void {
  for (const path of DURATION_PATHS) {
    let holder: unknown = properties;
    for (const key of path.slice(0, -1)) holder = isRecord(holder) ? holder[key] : undefined;
    const last = path[path.length - 1] ?? '';
    if (isRecord(holder) && typeof holder[last] === 'string') holder[last] = toApiDuration(holder[last]);
  }
}

/** Maps one rule (already validated) to the API shape, or explains why it cannot for the chosen api-version. */
export function toApiRule(rule: AnalyticRule, options: MappingOptions = {}): MappingResult {
  const errors: Finding[] = [];
  const kind = apiKind(rule.kind);
  if (!kind)
    errors.push({
      path: ['kind'],
      message: `kind ${JSON.stringify(rule.kind ?? null)} cannot be built; rulectl builds Scheduled and NRT rules`,
    });
  if (typeof rule.id !== 'string' || !GUID.test(rule.id))
    errors.push({ path: ['id'], message: `id ${JSON.stringify(rule.id ?? null)} is not a GUID` });
  errors.push(...renameConflicts(rule));
  if (!kind || errors.length) return { errors };

  const used = featuresUsed(rule);
  const choice = chooseApiVersion(
    kind,
    used.map(([f]) => f),
    { pinned: options.apiVersion, defaultStable: options.defaultStable, defaultPreview: options.defaultPreview },
  );
  const { apiVersion } = choice;
  if (choice.kindUnsupported)
    errors.push({ path: ['kind'], message: `api-version ${apiVersion} has no ${kind} rules`, hint: previewHint(kind) });
  for (const [feature, path] of used)
    if (choice.missing.includes(feature)) errors.push(lacks(rule, feature, path, apiVersion, kind));
  if (errors.length) return { errors, versionLacks: true };

  const source: Record<string, unknown> = structuredClone(rule);
  // Without a prototype, a pass-through key named `__proto__` is a key like any other, not a prototype to set.
  const mapped = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(source)) {
    if (NOT_SENT.has(key) || (kind === 'NRT' && NRT_ABSENT.has(key))) continue;
    // An API-spelled key next to its YAML spelling is empty or equal to it (else an error above): YAML wins.
    const yamlKey = own(RENAMED_FROM, key);
    if (yamlKey !== undefined && source[yamlKey] !== undefined) continue;
    if (key === 'relevantTechniques' && Array.isArray(value)) {
      const { techniques, subTechniques } = splitTechniques(value);
      mapped.techniques = techniques;
      if (subTechniques.length && supportsFeature(apiVersion, kind, 'subTechniques') && source.subTechniques == null)
        mapped.subTechniques = subTechniques;
    } else if (key === 'triggerOperator' && typeof value === 'string') {
      mapped.triggerOperator = own(TRIGGER_OPERATORS, value) ?? value;
    } else if (key === 'tactics' && Array.isArray(value)) {
      // What the API stores for `CommandandControl`; sending it so keeps deploy's comparison with the workspace exact.
      mapped.tactics = (value as unknown[]).map(t => (typeof t === 'string' ? (apiTactic(t) ?? t) : t));
    } else if (key === 'id') {
      // The id names the rule; a rule made from a template under another name links to that template instead.
      mapped[TEMPLATE_LINK] = templateLink(source) ?? value;
    } else {
      mapped[own(RENAMES, key) ?? key] = value;
    }
  }
  // A version without a field gets nothing for it (an empty value has no error above): not `techniques: []`.
  for (const key of Object.keys(mapped))
    if (VERSIONED.has(key) && !supportsFeature(apiVersion, kind, key as VersionedFeature)) delete mapped[key];
  const override = mapped.alertDetailsOverride;
  if (
    isRecord(override) &&
    'alertDynamicProperties' in override &&
    !supportsFeature(apiVersion, kind, 'alertDetailsOverride.alertDynamicProperties')
  ) {
    const { alertDynamicProperties: _, ...rest } = override;
    mapped.alertDetailsOverride = rest;
  }
  for (const [key, value, feature] of DEFAULTS)
    if (mapped[key] === undefined && (!feature || supportsFeature(apiVersion, kind, feature))) mapped[key] = value;
  convertDurations(mapped);
  return { rule: { name: rule.id.toLowerCase(), kind, apiVersion, properties: ordered(mapped) }, errors };
}

function previewHint(kind: string): string {
  return kind === 'NRT' ? 'NRT rules need a preview api-version, e.g. 2024-01-01-preview' : 'pin another api-version';
}

/** The API's own fields in the seed's order, then every other key in code-unit order. */
export function ordered(properties: Record<string, unknown>): Record<string, unknown> {
  const first = API_PROPERTY_ORDER.filter(key => Object.hasOwn(properties, key));
  const rest = Object.keys(properties)
    .filter(k => !first.includes(k))
    .sort();
  // fromEntries defines each key as an own property, `__proto__` included; assignment would not.
  return Object.fromEntries([...first, ...rest].map(key => [key, properties[key]]));
}
