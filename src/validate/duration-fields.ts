// The rule's duration fields, read once per check: which exist, and their length in seconds when well-formed.
import type { DocPath } from '../diagnostics/diagnostic.js';
import { isDurationError, parseDuration } from '../rules/durations.js';
import { isRecord, type AnalyticRule } from '../rules/model.js';

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86400;

export interface DurationField {
  name: string;
  path: DocPath;
}

export const FREQUENCY: DurationField = { name: 'queryFrequency', path: ['queryFrequency'] };
export const PERIOD: DurationField = { name: 'queryPeriod', path: ['queryPeriod'] };
export const SUPPRESSION: DurationField = { name: 'suppressionDuration', path: ['suppressionDuration'] };
export const LOOKBACK: DurationField = {
  name: 'lookbackDuration',
  path: ['incidentConfiguration', 'groupingConfiguration', 'lookbackDuration'],
};

/** NRT rules have no frequency or period: those keys are ignored there (nrt-unsupported-field warns). */
export function durationFieldsOf(rule: AnalyticRule): DurationField[] {
  return rule.kind === 'NRT' ? [SUPPRESSION, LOOKBACK] : [FREQUENCY, PERIOD, SUPPRESSION, LOOKBACK];
}

export function rawValue(rule: AnalyticRule, path: DocPath): unknown {
  let node: unknown = rule;
  for (const seg of path) node = isRecord(node) ? node[seg] : undefined;
  return node;
}

/** Seconds of a well-formed duration at `field`, or undefined when absent or malformed (duration-format says so). */
export function secondsOf(rule: AnalyticRule, field: DurationField): number | undefined {
  const value = rawValue(rule, field.path);
  if (value === undefined) return undefined;
  const parsed = parseDuration(value);
  return isDurationError(parsed) ? undefined : parsed.seconds;
}
