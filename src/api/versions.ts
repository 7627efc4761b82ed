// The API-version facts (docs/api-contract.md §1.2-1.3, §2.6): which kinds, properties and enum values each
// alertRules api-version accepts. The one source for the validator, the mapping, the deployer and the emulator.
import { ALERT_PROPERTIES, TACTICS } from './enums.js';
import { closest } from '../validate/suggest.js';

export const DEFAULT_STABLE_API_VERSION = '2022-11-01';
export const DEFAULT_PREVIEW_API_VERSION = '2024-01-01-preview';

export const STABLE_VERSIONS = [
  '2020-01-01',
  '2021-10-01',
  '2022-08-01',
  '2022-11-01',
  '2023-02-01',
  '2023-11-01',
  '2024-03-01',
  '2024-09-01',
  '2025-03-01',
  '2025-06-01',
  '2025-09-01',
] as const;

export const PREVIEW_VERSIONS = [
  '2021-03-01-preview',
  '2021-09-01-preview',
  '2021-10-01-preview',
  '2022-01-01-preview',
  ...['04', '05', '06', '07', '08', '09', '10', '11', '12'].map(m => `2022-${m}-01-preview`),
  ...['02', '03', '04', '05', '06', '07', '08', '09', '10', '12'].map(m => `2023-${m}-01-preview`),
  '2024-01-01-preview',
  '2024-04-01-preview',
  '2024-10-01-preview',
  '2025-01-01-preview',
  '2025-04-01-preview',
  '2025-07-01-preview',
  '2025-10-01-preview',
];

/**
 * Properties that appear in the API's properties object and depend on the version. Nested features use a
 * dotted path. Everything not listed here (displayName, query, severity, …) exists in every version.
 */
export type VersionedFeature =
  | 'templateVersion'
  | 'incidentConfiguration'
  | 'eventGroupingSettings'
  | 'customDetails'
  | 'entityMappings'
  | 'alertDetailsOverride'
  | 'techniques'
  | 'alertDetailsOverride.alertDynamicProperties'
  | 'sentinelEntitiesMappings'
  | 'subTechniques';

export interface ApiVersionFacts {
  version: string;
  preview: boolean;
  kinds: readonly string[];
  /** Properties of a Scheduled rule's `properties` object, including read-only ones. */
  scheduled: ReadonlySet<string>;
  /** Properties of an NRT rule, or null when the version has no NRT kind. */
  nrt: ReadonlySet<string> | null;
  features: { Scheduled: ReadonlySet<VersionedFeature>; NRT: ReadonlySet<VersionedFeature> };
  tactics: readonly string[];
  alertProperties: readonly string[];
}

const CORE_SCHEDULED = [
  'displayName',
  'description',
  'severity',
  'enabled',
  'query',
  'queryFrequency',
  'queryPeriod',
  'triggerOperator',
  'triggerThreshold',
  'suppressionDuration',
  'suppressionEnabled',
  'tactics',
  'alertRuleTemplateName',
  'lastModifiedUtc',
];
const NRT_ABSENT = new Set(['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold']);
const CORE_NRT = CORE_SCHEDULED.filter(p => !NRT_ABSENT.has(p));

const TACTICS_2020 = TACTICS.filter(
  t =>
    !['Reconnaissance', 'ResourceDevelopment', 'ImpairProcessControl', 'InhibitResponseFunction', 'PreAttack'].includes(
      t,
    ),
);
const TACTICS_2021 = [...TACTICS_2020, 'PreAttack'];
const ALERT_PROPERTIES_BASE = ALERT_PROPERTIES.filter(p => p !== 'SubTechniques');

/** `a >= b` for api-version dates (the -preview suffix is ignored: compare only the date part). */
const since = (version: string, date: string): boolean => version.slice(0, 10) >= date;

function stableFacts(v: string): ApiVersionFacts {
  const f = new Set<VersionedFeature>();
  if (since(v, '2021-10-01'))
    for (const p of [
      'templateVersion',
      'incidentConfiguration',
      'eventGroupingSettings',
      'customDetails',
      'entityMappings',
      'alertDetailsOverride',
    ] as const)
      f.add(p);
  if (since(v, '2022-08-01')) f.add('techniques');
  if (since(v, '2023-02-01')) f.add('alertDetailsOverride.alertDynamicProperties');
  const tactics = since(v, '2022-08-01') ? TACTICS : since(v, '2021-10-01') ? TACTICS_2021 : TACTICS_2020;
  return {
    version: v,
    preview: false,
    kinds: ['Scheduled', 'MicrosoftSecurityIncidentCreation', 'Fusion'],
    scheduled: new Set([...CORE_SCHEDULED, ...[...f].filter(x => !x.includes('.'))]),
    nrt: null,
    features: { Scheduled: f, NRT: new Set() },
    tactics,
    alertProperties: f.has('alertDetailsOverride.alertDynamicProperties') ? ALERT_PROPERTIES_BASE : [],
  };
}

// Preview property sets follow the NRT table of docs/api-contract.md §2.6; for Scheduled they were checked against the REST API
// specifications (preview/<v>/AlertRules.json): 2021-03-01-preview has no templateVersion (it arrived with
// 2021-09-01-preview), techniques arrived with 2021-10-01-preview, sentinelEntitiesMappings and
// alertDynamicProperties with 2022-10-01-preview (2022-09-01-preview has neither).
function previewFacts(v: string): ApiVersionFacts {
  const base: VersionedFeature[] = ['incidentConfiguration', 'customDetails', 'entityMappings', 'alertDetailsOverride'];
  if (since(v, '2021-09-01')) base.push('templateVersion');
  const sched = new Set<VersionedFeature>([...base, 'eventGroupingSettings']);
  const nrt = new Set<VersionedFeature>(base);
  if (since(v, '2021-10-01')) {
    sched.add('techniques');
    nrt.add('techniques');
  }
  if (since(v, '2022-09-01')) nrt.add('eventGroupingSettings');
  if (since(v, '2022-10-01'))
    for (const s of [sched, nrt]) {
      s.add('sentinelEntitiesMappings');
      s.add('alertDetailsOverride.alertDynamicProperties');
    }
  if (since(v, '2023-12-01')) for (const s of [sched, nrt]) s.add('subTechniques');
  const hasNrt = since(v, '2021-09-01');
  const top = (s: Set<VersionedFeature>) => [...s].filter(x => !x.includes('.'));
  return {
    version: v,
    preview: true,
    kinds: [
      'Scheduled',
      'MicrosoftSecurityIncidentCreation',
      'Fusion',
      'MLBehaviorAnalytics',
      'ThreatIntelligence',
      ...(hasNrt ? ['NRT'] : []),
    ],
    scheduled: new Set([...CORE_SCHEDULED, ...top(sched)]),
    nrt: hasNrt ? new Set([...CORE_NRT, ...top(nrt)]) : null,
    features: { Scheduled: sched, NRT: hasNrt ? nrt : new Set() },
    // The spec's common/AlertTypes.json: 13 tactics in 2021-09-01-preview, all 17 from 2021-10-01-preview.
    tactics: since(v, '2021-10-01') ? TACTICS : TACTICS_2021,
    alertProperties: sched.has('alertDetailsOverride.alertDynamicProperties')
      ? [...ALERT_PROPERTIES_BASE, ...(since(v, '2023-12-01') ? ['SubTechniques'] : [])]
      : [],
  };
}

export const API_VERSIONS: ReadonlyMap<string, ApiVersionFacts> = new Map(
  [...STABLE_VERSIONS.map(stableFacts), ...PREVIEW_VERSIONS.map(previewFacts)].map(f => [f.version, f]),
);

export function apiVersionFacts(version: string): ApiVersionFacts | undefined {
  return API_VERSIONS.get(version);
}

/**
 * What follows "X is not an alertRules api-version": the same date's spelling when there is one (`-previw`), else
 * every valid version. Another date is another version, never a typo of this one, so none is suggested.
 */
export function unknownVersionHint(version: string): string {
  const known = [...API_VERSIONS.keys()];
  const near = closest(
    version,
    known.filter(k => k.slice(0, 10) === version.slice(0, 10)),
  );
  return near ? `; did you mean "${near}"?` : `; valid: ${known.join(', ')}`;
}

export function isPreview(version: string): boolean {
  return version.endsWith('-preview');
}

export function supportsKind(version: string, kind: string): boolean {
  return API_VERSIONS.get(version)?.kinds.includes(kind) ?? false;
}

/** Whether `version` accepts `feature` on a rule of `kind` (Scheduled or NRT). */
export function supportsFeature(version: string, kind: 'Scheduled' | 'NRT', feature: VersionedFeature): boolean {
  const facts = API_VERSIONS.get(version);
  return facts ? facts.features[kind].has(feature) && facts.kinds.includes(kind) : false;
}

/** The earliest stable and preview api-versions that accept `feature` on a rule of `kind`, for hints. */
export function firstVersionsWith(kind: 'Scheduled' | 'NRT', feature: VersionedFeature): string[] {
  const first = (versions: readonly string[]) => versions.find(v => supportsFeature(v, kind, feature));
  return [first(STABLE_VERSIONS), first(PREVIEW_VERSIONS)].filter((v): v is string => v !== undefined);
}

export interface VersionChoice {
  apiVersion: string;
  /** Features the chosen version lacks (only non-empty when the user pinned a version). */
  missing: VersionedFeature[];
  /** Whether the rule is NRT and the chosen version has no NRT kind (only with a pin). */
  kindUnsupported: boolean;
}

/**
 * The api-version a rule is built with. Without a pin: the default stable version if it has everything;
 * else the lowest stable version after it that does; else the preview default. With a pin: that version,
 * plus what it lacks so the caller can report an error naming the field.
 */
export function chooseApiVersion(
  kind: 'Scheduled' | 'NRT',
  needs: readonly VersionedFeature[],
  options: { pinned?: string; defaultStable?: string; defaultPreview?: string } = {},
): VersionChoice {
  const lacks = (v: string) => needs.filter(n => !supportsFeature(v, kind, n));
  if (options.pinned) {
    return {
      apiVersion: options.pinned,
      missing: supportsKind(options.pinned, kind) ? lacks(options.pinned) : [],
      kindUnsupported: !supportsKind(options.pinned, kind),
    };
  }
  const defaultStable = options.defaultStable ?? DEFAULT_STABLE_API_VERSION;
  const defaultPreview = options.defaultPreview ?? DEFAULT_PREVIEW_API_VERSION;
  const candidates = isPreview(defaultStable)
    ? [defaultStable]
    : [defaultStable, ...STABLE_VERSIONS.filter(v => v > defaultStable)];
  for (const v of candidates) {
    if (supportsKind(v, kind) && lacks(v).length === 0) return { apiVersion: v, missing: [], kindUnsupported: false };
  }
  return {
    apiVersion: defaultPreview,
    missing: lacks(defaultPreview),
    kindUnsupported: !supportsKind(defaultPreview, kind),
  };
}
