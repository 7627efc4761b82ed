// What Sentinel does with one run of a rule, modelled for tests: the window the query sees, the trigger, and the
// alerts (grouping, entities, custom details, alert details override). Each rule cites the Microsoft Sentinel
// documentation page it follows; where the page leaves something open, the choice is written down here and in the
// README ("rulectl test").
import { AGGREGATION_KINDS, TRIGGER_OPERATORS } from '../api/enums.js';
import type { Table } from '../kql/exec/table.js';
import { TICKS_PER_MINUTE, TICKS_PER_SECOND, toApiValue, type ApiValue } from '../kql/exec/values.js';
import { isDurationError, parseDuration } from '../rules/durations.js';
import { arrayOf, isRecord } from '../rules/model.js';
import { TIME_COLUMN } from './test-file.js';

/**
 * AlertPerResult makes one alert per result row, up to 150 per run; past that the last one summarises the rest
 * (https://learn.microsoft.com/azure/sentinel/scheduled-rules-overview, "Event grouping"). NRT rules make at most
 * 30 alerts per run (https://learn.microsoft.com/azure/sentinel/near-real-time-rules, limitations).
 */
export const MAX_ALERTS_PER_RUN = 150;
export const MAX_NRT_ALERTS_PER_RUN = 30;
/** NRT rules run every minute over what arrived since the previous run (near-real-time-rules). */
export const NRT_WINDOW_TICKS = TICKS_PER_MINUTE;
/** Custom details keep at most 50 values each (https://learn.microsoft.com/azure/sentinel/sentinel-service-limits). */
export const MAX_DETAIL_VALUES = 50;

export interface Schedule {
  kind: 'Scheduled' | 'NRT';
  /** How far back the query sees, in 100-ns ticks. */
  window: bigint;
  operator: 'GreaterThan' | 'LessThan' | 'Equal' | 'NotEqual';
  threshold: number;
  grouping: 'SingleAlert' | 'AlertPerResult';
}

/** The rule's schedule, or why the rule cannot be run as Sentinel would (a rule file `validate` also refuses). */
export function scheduleOf(rule: Record<string, unknown>): Schedule | { error: string } {
  const nrt = rule.kind === 'NRT';
  const grouping = isRecord(rule.eventGroupingSettings) ? rule.eventGroupingSettings.aggregationKind : undefined;
  if (grouping !== undefined && !AGGREGATION_KINDS.includes(grouping as never))
    return {
      error: `eventGroupingSettings.aggregationKind ${JSON.stringify(grouping)} is not SingleAlert or AlertPerResult`,
    };
  const g = (grouping as Schedule['grouping'] | undefined) ?? 'SingleAlert';
  // NRT rules have no queryPeriod and no trigger: every run with results makes alerts (near-real-time-rules).
  if (nrt) return { kind: 'NRT', window: NRT_WINDOW_TICKS, operator: 'GreaterThan', threshold: 0, grouping: g };
  const period = parseDuration(rule.queryPeriod);
  if (isDurationError(period)) return { error: `queryPeriod: ${period.error}` };
  const op = typeof rule.triggerOperator === 'string' ? TRIGGER_OPERATORS[rule.triggerOperator] : undefined;
  if (!op || !Object.hasOwn(TRIGGER_OPERATORS, rule.triggerOperator as string))
    return { error: `triggerOperator ${JSON.stringify(rule.triggerOperator)} is not gt, lt, eq or ne` };
  if (typeof rule.triggerThreshold !== 'number') return { error: 'triggerThreshold is not a number' };
  return {
    kind: 'Scheduled',
    window: BigInt(period.seconds) * TICKS_PER_SECOND,
    operator: op as Schedule['operator'],
    threshold: rule.triggerThreshold,
    grouping: g,
  };
}

/**
 * The tables as the run sees them: rows whose TimeGenerated lies in [now - window, now). The query runs over the
 * rule's lookback, `queryPeriod`, ending at the run (scheduled-rules-overview, "Query scheduling"); rows of
 * every table outside it are not seen, whatever the query writes. The service's treatment of a row exactly on
 * a boundary is not documented; tests should keep rows off the boundaries. Tables without a TimeGenerated column
 * (watchlists, custom tables without one) are seen whole.
 */
export function windowTables(tables: ReadonlyMap<string, Table>, now: bigint, window: bigint): Map<string, Table> {
  const start = now - window;
  const out = new Map<string, Table>();
  for (const [name, t] of tables) {
    const j = t.columns.findIndex(c => c.name === TIME_COLUMN && c.type === 'datetime');
    if (j < 0) {
      out.set(name, t);
      continue;
    }
    out.set(name, {
      columns: t.columns,
      rows: t.rows.filter(r => {
        const v = r[j];
        return typeof v === 'bigint' && v >= start && v < now;
      }),
    });
  }
  return out;
}

/** Whether the result's row count trips the trigger (scheduled-rules-overview, "Alert threshold"). */
export function fires(schedule: Schedule, count: number): boolean {
  switch (schedule.operator) {
    case 'GreaterThan':
      return count > schedule.threshold;
    case 'LessThan':
      return count < schedule.threshold;
    case 'Equal':
      return count === schedule.threshold;
    case 'NotEqual':
      return count !== schedule.threshold;
  }
}

export interface Entity {
  type: string;
  identifiers: Record<string, string>;
}

export interface Alert {
  /** The result rows this alert stands for (one with AlertPerResult). */
  rows: number[];
  /** The 150th alert of a run with more results, which summarises the rest; its details are not modelled. */
  summary: boolean;
  entities: Entity[];
  customDetails: Record<string, string | string[]>;
  alertDisplayName?: string;
  alertDescription?: string;
  severity: string;
  tactics: string[];
}

export interface RunOutcome {
  fired: boolean;
  alerts: Alert[];
  /** The result as the Log Analytics API writes it. */
  columns: string[];
  rows: ApiValue[][];
  /** Mapped columns missing from the result, and empty mapped cells (an entity Sentinel drops). */
  mappingProblems: { column: string; entity: string; identifier: string; row?: number }[];
}

const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'];

export const cellText = (v: ApiValue): string => (v === null ? '' : typeof v === 'string' ? v : String(v));

/** Columns the rule's alert configuration reads from the result (passed to the engine as keepColumns). */
export function mappedColumns(rule: Record<string, unknown>): string[] {
  const out = new Set<string>();
  for (const m of arrayOf(rule.entityMappings))
    if (isRecord(m))
      for (const f of arrayOf(m.fieldMappings))
        if (isRecord(f) && typeof f.columnName === 'string') out.add(f.columnName);
  if (isRecord(rule.customDetails))
    for (const c of Object.values(rule.customDetails)) if (typeof c === 'string') out.add(c);
  const o = isRecord(rule.alertDetailsOverride) ? rule.alertDetailsOverride : undefined;
  for (const k of ['alertSeverityColumnName', 'alertTacticsColumnName']) if (typeof o?.[k] === 'string') out.add(o[k]);
  for (const k of ['alertDisplayNameFormat', 'alertDescriptionFormat'])
    if (typeof o?.[k] === 'string') for (const m of o[k].matchAll(/\{\{([^{}]*)\}\}/g)) out.add(m[1]!.trim());
  return [...out];
}

/** The alerts one run makes from the query's result. */
export function alertsOf(rule: Record<string, unknown>, schedule: Schedule, result: Table): RunOutcome {
  const columns = result.columns.map(c => c.name);
  const rows = result.rows.map(r => r.map((v, i) => toApiValue(v ?? null, result.columns[i]!.type)));
  const fired = fires(schedule, rows.length);
  const outcome: RunOutcome = { fired, alerts: [], columns, rows, mappingProblems: [] };
  const col = (name: string) => columns.indexOf(name);
  const text = (row: number, name: string) => {
    const j = col(name);
    return j < 0 ? undefined : cellText(rows[row]![j]!);
  };

  // Entity mappings (https://learn.microsoft.com/azure/sentinel/map-data-fields-to-entities): each identifier
  // takes its column's value; an entity whose identifiers are all empty is not created, and an empty identifier
  // is left out. Both are reported: the mapping does not do what its author meant.
  const mappings = arrayOf(rule.entityMappings).filter(isRecord);
  for (const m of mappings)
    for (const f of arrayOf(m.fieldMappings).filter(isRecord)) {
      const column = String(f.columnName);
      const base = { column, entity: String(m.entityType), identifier: String(f.identifier) };
      if (col(column) < 0) outcome.mappingProblems.push(base);
      else rows.forEach((_, i) => text(i, column) === '' && outcome.mappingProblems.push({ ...base, row: i }));
    }
  if (!fired) return outcome;

  const entitiesOf = (row: number): Entity[] =>
    mappings.flatMap(m => {
      const identifiers: Record<string, string> = {};
      for (const f of arrayOf(m.fieldMappings).filter(isRecord)) {
        const v = text(row, String(f.columnName));
        if (v) identifiers[String(f.identifier)] = v;
      }
      return Object.keys(identifiers).length ? [{ type: String(m.entityType), identifiers }] : [];
    });
  const details = isRecord(rule.customDetails) ? rule.customDetails : {};
  const o = isRecord(rule.alertDetailsOverride) ? rule.alertDetailsOverride : {};
  // Placeholders {{Column}} take the column's value in the alert's (first) row
  // (https://learn.microsoft.com/azure/sentinel/customize-alert-details); a name that is not a result column stays.
  const render = (format: unknown, row: number) =>
    typeof format === 'string'
      ? format.replace(/\{\{([^{}]*)\}\}/g, (all, name: string) => text(row, name.trim()) ?? all)
      : undefined;
  const staticTactics = arrayOf(rule.tactics).filter((t): t is string => typeof t === 'string');
  const severityOf = (row: number) => {
    // A severity column's value that is not a severity leaves the rule's own (customize-alert-details).
    const v = typeof o.alertSeverityColumnName === 'string' ? text(row, o.alertSeverityColumnName) : undefined;
    const known = SEVERITIES.find(s => s.toLowerCase() === v?.toLowerCase());
    return known ?? String(rule.severity);
  };
  const tacticsOf = (row: number) => {
    const v = typeof o.alertTacticsColumnName === 'string' ? text(row, o.alertTacticsColumnName) : undefined;
    const list = (v ?? '')
      .split(',')
      .map(t => t.trim())
      .filter(Boolean);
    return list.length ? list : staticTactics;
  };
  const makeAlert = (rowIds: number[], summary: boolean): Alert => {
    const first = rowIds[0] ?? 0;
    const entities: Entity[] = [];
    const seen = new Set<string>();
    for (const r of rowIds)
      for (const e of entitiesOf(r)) {
        const key = JSON.stringify(e);
        if (!seen.has(key)) entities.push(e);
        seen.add(key);
      }
    const customDetails: Record<string, string | string[]> = {};
    for (const [key, column] of Object.entries(details)) {
      const values = rowIds.map(r => text(r, String(column)) ?? '');
      customDetails[key] =
        schedule.grouping === 'AlertPerResult' ? (values[0] ?? '') : values.slice(0, MAX_DETAIL_VALUES);
    }
    const name = render(o.alertDisplayNameFormat, first);
    const description = render(o.alertDescriptionFormat, first);
    return {
      rows: rowIds,
      summary,
      entities,
      customDetails,
      ...(name !== undefined ? { alertDisplayName: name } : {}),
      ...(description !== undefined ? { alertDescription: description } : {}),
      severity: severityOf(first),
      tactics: tacticsOf(first),
    };
  };
  for (const g of alertGroups(schedule, rows.length)) outcome.alerts.push(makeAlert(g.rows, g.summary));
  return outcome;
}

/** The result rows of each alert a firing run makes (SingleAlert: one; AlertPerResult: one per row, capped). */
export function alertGroups(schedule: Schedule, rowCount: number): { rows: number[]; summary: boolean }[] {
  const all = Array.from({ length: rowCount }, (_, i) => i);
  if (schedule.grouping === 'SingleAlert') return [{ rows: all, summary: false }];
  const cap = schedule.kind === 'NRT' ? MAX_NRT_ALERTS_PER_RUN : MAX_ALERTS_PER_RUN;
  const single = all.length > cap ? all.slice(0, cap - 1) : all;
  const groups = single.map(r => ({ rows: [r], summary: false }));
  if (all.length > cap) groups.push({ rows: all.slice(cap - 1), summary: true });
  return groups;
}

/** How many alerts a run whose query returned `rowCount` rows makes (0 when it does not fire). */
export function alertCount(schedule: Schedule, rowCount: number): number {
  return fires(schedule, rowCount) ? alertGroups(schedule, rowCount).length : 0;
}
