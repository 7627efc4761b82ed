// A stored rule as the service returns it for one api-version: `id,name,etag,type,kind,properties` and,
// inside properties, the recorded key order with explicit nulls (docs/api-contract.md §4.2, §4.7).
import type { ApiVersionFacts } from '../api/versions.js';
import { resourceId, type WorkspaceRef } from './routes.js';
import type { StoredRule } from './store.js';
import { isObject, type Json } from './value-checks.js';

/**
 * The order of REC:New-AzSentinelAlertRule (2021-09-01-preview). Fields that recording did not contain
 * (eventGroupingSettings … sentinelEntitiesMappings, techniques, subTechniques, templateVersion) are placed
 * next to their relatives [INFERRED].
 */
const QUERY_RULE_ORDER = [
  'incidentConfiguration',
  'queryFrequency',
  'queryPeriod',
  'triggerOperator',
  'triggerThreshold',
  'eventGroupingSettings',
  'customDetails',
  'entityMappings',
  'alertDetailsOverride',
  'sentinelEntitiesMappings',
  'severity',
  'query',
  'suppressionDuration',
  'suppressionEnabled',
  'tactics',
  'techniques',
  'subTechniques',
  'displayName',
  'enabled',
  'description',
  'alertRuleTemplateName',
  'templateVersion',
];
/** Unset optional scalars and lists come back as null (REC: tactics, description, alertRuleTemplateName). */
const NULL_WHEN_UNSET = new Set([
  'tactics',
  'techniques',
  'subTechniques',
  'description',
  'alertRuleTemplateName',
  'templateVersion',
]);
/** EX-2024-09-01 GetAllAlertRules, MicrosoftSecurityIncidentCreation item. */
const INCIDENT_CREATION_ORDER = [
  'productFilter',
  'severitiesFilter',
  'displayNamesFilter',
  'displayName',
  'enabled',
  'description',
  'alertRuleTemplateName',
];
const OVERRIDE_FIELDS = [
  'alertDisplayNameFormat',
  'alertDescriptionFormat',
  'alertTacticsColumnName',
  'alertSeverityColumnName',
];
const ALL_ORDERED = new Set([...QUERY_RULE_ORDER, 'lastModifiedUtc']);

export function renderRule(rule: StoredRule, ws: WorkspaceRef, facts: ApiVersionFacts): Json {
  return {
    id: resourceId(ws, 'alertRules', rule.name),
    name: rule.name,
    etag: rule.etag,
    type: 'Microsoft.SecurityInsights/alertRules',
    kind: rule.kind,
    properties: renderProperties(rule, facts),
  };
}

function renderProperties(rule: StoredRule, facts: ApiVersionFacts): Json {
  const stored = rule.properties;
  // Without a prototype, echoed keys named `__proto__` or `constructor` are keys like any other.
  const out = Object.create(null) as Json;
  if (rule.kind === 'Scheduled' || rule.kind === 'NRT') {
    const known = (rule.kind === 'NRT' ? facts.nrt : facts.scheduled) ?? new Set<string>();
    for (const key of QUERY_RULE_ORDER) {
      if (!known.has(key)) continue; // a field this api-version does not define is not returned
      if (Object.hasOwn(stored, key))
        out[key] = key === 'alertDetailsOverride' ? renderOverride(stored[key], facts, rule.kind) : stored[key];
      else if (NULL_WHEN_UNSET.has(key)) out[key] = null;
    }
    out.lastModifiedUtc = rule.lastModifiedUtc;
    // Keys no version defines (tags, OriginalUri, …) are echoed after the service's own.
    for (const [key, value] of Object.entries(stored)) if (!ALL_ORDERED.has(key)) out[key] = value;
    return out;
  }
  const order = rule.kind === 'MicrosoftSecurityIncidentCreation' ? INCIDENT_CREATION_ORDER : [];
  for (const key of order) out[key] = stored[key] ?? null;
  for (const [key, value] of Object.entries(stored)) if (!(key in out)) out[key] = value;
  out.lastModifiedUtc = rule.lastModifiedUtc;
  return out;
}

function renderOverride(value: unknown, facts: ApiVersionFacts, kind: 'Scheduled' | 'NRT'): unknown {
  if (!isObject(value)) return value;
  const out = Object.create(null) as Json;
  for (const k of OVERRIDE_FIELDS) out[k] = value[k] ?? null;
  for (const [k, v] of Object.entries(value)) {
    if (k in out) continue;
    if (k === 'alertDynamicProperties' && !facts.features[kind].has('alertDetailsOverride.alertDynamicProperties'))
      continue;
    out[k] = v;
  }
  return out;
}
