// The typed view of a rule file (the Azure-Sentinel analytic-rule YAML format, docs/api-contract.md §6).
// Data reaches checks before or despite schema errors, so every field may in fact hold anything:
// read it through the guards below, never by assuming the type.

export interface EntityMapping {
  entityType: string;
  fieldMappings: { identifier: string; columnName: string }[];
}

export interface AnalyticRule {
  id: string;
  name: string;
  description?: string;
  severity: string;
  kind: string;
  query: string;
  queryFrequency?: string;
  queryPeriod?: string;
  triggerOperator?: string;
  triggerThreshold?: number;
  suppressionDuration?: string;
  suppressionEnabled?: boolean;
  enabled?: boolean;
  tactics?: string[] | null;
  relevantTechniques?: string[] | null;
  requiredDataConnectors?: { connectorId?: string; dataTypes?: string[] }[];
  entityMappings?: EntityMapping[] | null;
  sentinelEntitiesMappings?: { columnName: string }[] | null;
  customDetails?: Record<string, string> | null;
  alertDetailsOverride?: {
    alertDisplayNameFormat?: string | null;
    alertDescriptionFormat?: string | null;
    alertTacticsColumnName?: string | null;
    alertSeverityColumnName?: string | null;
    alertDynamicProperties?: { alertProperty: string; value: string }[] | null;
  } | null;
  eventGroupingSettings?: { aggregationKind: string } | null;
  incidentConfiguration?: {
    createIncident: boolean;
    groupingConfiguration?: {
      enabled: boolean;
      reopenClosedIncident: boolean;
      lookbackDuration: string;
      matchingMethod: string;
      groupByEntities?: string[] | null;
      groupByAlertDetails?: string[] | null;
      groupByCustomDetails?: string[] | null;
    };
  } | null;
  version?: string;
  status?: string;
  tags?: unknown[];
  metadata?: unknown;
  [key: string]: unknown;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The array at `value`, or [] for anything else. */
export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * `table[key]` when the table has that key itself. A key from a file can be `constructor` or `__proto__`, which a
 * plain lookup resolves to Object.prototype's members.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The record at `value`, or undefined. */
export function recordOf(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Keys of the YAML format that are not API properties but are legitimate in rule files. */
export const FORMAT_ONLY_KEYS = ['id', 'name', 'kind', 'version', 'relevantTechniques', 'requiredDataConnectors', 'metadata', 'status', 'tags'] as const;
