// What "the same rule" means when comparing what we want with what a workspace returns: the server's read-only
// fields, explicit nulls, duration spellings, defaults the RP fills and key order do not count as differences.
import { createHash } from 'node:crypto';
import { isDurationError, parseDuration, secondsToIso } from '../rules/durations.js';
import { isRecord } from '../rules/model.js';
import { DURATION_PATHS } from '../mapping/fields.js';

/** Properties the service sets itself; never part of a comparison. */
const READ_ONLY = new Set(['lastModifiedUtc', 'etag', 'id', 'name', 'type', 'systemData']);

/** Grouping as the RP fills it when a rule says nothing about incidents (docs/api-contract.md §4.2). */
const DEFAULT_GROUPING = {
  enabled: false,
  reopenClosedIncident: false,
  lookbackDuration: 'PT5H',
  matchingMethod: 'AllEntities',
};

function prune(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(prune).filter(v => v !== undefined);
    return items.length ? items : undefined;
  }
  if (isRecord(value)) {
    // fromEntries, not assignment: a key named `__proto__` stays a key.
    const entries = Object.entries(value)
      .map(([k, v]) => [k, prune(v)] as const)
      .filter(([, p]) => p !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value === null ? undefined : value;
}

function canonicalDuration(value: unknown): unknown {
  const d = parseDuration(value);
  return isDurationError(d) ? value : secondsToIso(d.seconds);
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The comparable form of a rule's properties; the input is not changed. */
export function normalizeProperties(properties: Record<string, unknown>): Record<string, unknown> {
  const copy = Object.fromEntries(Object.entries(properties).filter(([k]) => !READ_ONLY.has(k)));
  const out = (prune(structuredClone(copy)) ?? {}) as Record<string, unknown>;
  for (const path of DURATION_PATHS) {
    let parent: unknown = out;
    for (const key of path.slice(0, -1)) parent = isRecord(parent) ? parent[key] : undefined;
    const last = path[path.length - 1];
    if (isRecord(parent) && last !== undefined && parent[last] !== undefined)
      parent[last] = canonicalDuration(parent[last]);
  }
  const incident = out.incidentConfiguration;
  if (isRecord(incident)) {
    if (sameJson(incident.groupingConfiguration, DEFAULT_GROUPING)) delete incident.groupingConfiguration;
    if (sameJson(incident, { createIncident: true })) delete out.incidentConfiguration;
  }
  if (sameJson(out.eventGroupingSettings, { aggregationKind: 'SingleAlert' })) delete out.eventGroupingSettings;
  return out;
}

/** JSON with object keys sorted at every level: equal data, equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map(k => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The hash recorded as "what we deployed": kind and normalised properties. */
export function ruleHash(kind: string, properties: Record<string, unknown>): string {
  return createHash('sha256')
    .update(canonicalJson({ kind, properties: normalizeProperties(properties) }))
    .digest('hex');
}
