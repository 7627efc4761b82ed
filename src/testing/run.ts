// Runs a rule's test cases: each case's data through the window, the rule's query through the engine, the result
// through the trigger and the alert configuration (schedule.ts), then the case's expectations against that.
import type { FunctionDef, TableDef } from '../kql/schema-types.js';
import { convertValue } from '../kql/exec/data.js';
import { runQuery } from '../kql/exec/run.js';
import type { Table } from '../kql/exec/table.js';
import { formatDatetime, scalarType, toApiValue, type ScalarType } from '../kql/exec/values.js';
import { querySourceMap } from '../kql/query-source-map.js';
import type { RuleFile } from '../rules/load.js';
import { listDiff, tableDiff, valueDiff } from './diff.js';
import {
  alertsOf,
  cellText,
  mappedColumns,
  scheduleOf,
  windowTables,
  type Alert,
  type RunOutcome,
  type Schedule,
} from './schedule.js';
import type { AlertExpect, TestCase, TestFile } from './test-file.js';

export interface Failure {
  /** One line: what differs. */
  message: string;
  /** Expected against actual, several lines. */
  diff?: string;
  file: string;
  line: number;
  column: number;
}

export interface CaseResult {
  rule: string;
  testFile: string;
  name: string;
  line: number;
  column: number;
  passed: boolean;
  failures: Failure[];
  /** Set when the case ran: what the run produced (for --init and json output). */
  outcome?: RunOutcome;
  ms: number;
}

export interface Schemas {
  tables: readonly TableDef[];
  functions: readonly FunctionDef[];
}

export function runTestFile(rule: RuleFile, test: TestFile, schemas: Schemas, filter?: string): CaseResult[] {
  return test.cases
    .filter(c => !filter || c.name.toLowerCase().includes(filter.toLowerCase()))
    .map(c => runCase(rule, test, c, schemas));
}

export function runCase(rule: RuleFile, test: TestFile, tc: TestCase, schemas: Schemas): CaseResult {
  const started = performance.now();
  const result: CaseResult = {
    rule: rule.file,
    testFile: test.file.file,
    name: tc.name,
    line: tc.line,
    column: tc.column,
    passed: false,
    failures: [],
    ms: 0,
  };
  const at = (message: string, diff?: string): Failure => ({
    message,
    ...(diff !== undefined ? { diff } : {}),
    file: test.file.file,
    line: tc.line,
    column: tc.column,
  });
  const finish = () => {
    result.passed = result.failures.length === 0;
    result.ms = performance.now() - started;
    return result;
  };
  const data = rule.data ?? {};
  const query = data.query;
  const schedule = scheduleOf(data);
  if (typeof query !== 'string' || 'error' in schedule) {
    const why = typeof query !== 'string' ? 'the rule has no query' : (schedule as { error: string }).error;
    result.failures.push({ message: `cannot run the rule: ${why}`, file: rule.file, line: 1, column: 1 });
    return finish();
  }
  const seen = windowTables(tc.tables, tc.now, schedule.window);
  const run = runQuery({
    query,
    now: tc.now,
    tables: seen,
    watchlists: tc.watchlists,
    schemas,
    keepColumns: mappedColumns(data),
  });
  if (!run.ok) {
    // An engine refusal is never a pass: the case fails at the query's own line in the rule file.
    const position = querySourceMap(rule, query);
    for (const p of run.problems) {
      const pos = position(p.start);
      result.failures.push({
        message: `the query cannot run (${p.kind}): ${p.message}`,
        file: rule.file,
        line: pos.line,
        column: pos.column,
      });
    }
    return finish();
  }
  const outcome = alertsOf(data, schedule, run.table);
  result.outcome = outcome;
  const e = tc.expect;
  const count = outcome.alerts.length;
  const trigger = `${triggerText(data, schedule, outcome.rows.length)}${windowNote(tc, seen, schedule, data)}`;
  if (e.fires !== undefined && e.fires !== outcome.fired)
    result.failures.push(
      at(
        `expected the rule to ${e.fires ? 'fire' : 'stay quiet'}, it ${outcome.fired ? 'fired' : 'stayed quiet'}: ${trigger}`,
        resultGrid(outcome),
      ),
    );
  if (e.alerts !== undefined && e.alerts !== count) {
    const grouping =
      outcome.fired && schedule.grouping === 'AlertPerResult'
        ? '; one alert per row (AlertPerResult)'
        : outcome.fired
          ? '; one alert for all rows (SingleAlert)'
          : '';
    result.failures.push(
      at(`expected ${plural(e.alerts, 'alert')}, got ${count}: ${trigger}${grouping}`, resultGrid(outcome)),
    );
  }
  if (outcome.fired) {
    const allowed = new Set(e.emptyEntityColumns ?? []);
    for (const p of outcome.mappingProblems) {
      if (p.row === undefined)
        result.failures.push(
          at(
            `entity mapping ${p.entity}.${p.identifier} reads column ${p.column}, which the query's result does not have (columns: ${outcome.columns.join(', ')})`,
          ),
        );
      else if (!allowed.has(p.column))
        result.failures.push(
          at(
            `entity mapping ${p.entity}.${p.identifier}: column ${p.column} is empty in result row ${p.row + 1}, so Sentinel leaves that identifier out (list it under expect.emptyEntityColumns if that is meant)`,
          ),
        );
    }
  }
  if (e.alertList && e.alertList.length === count)
    e.alertList.forEach((ae, i) => compareAlert(ae, outcome.alerts[i]!, i, test, result));
  if (e.rows) compareRows(e.rows, run.table.columns, outcome, result, at, windowNote(tc, seen, schedule, data));
  return finish();
}

function compareAlert(ae: AlertExpect, alert: Alert, i: number, test: TestFile, result: CaseResult): void {
  const pos = test.file.positions.rangeOf(ae.at).start;
  const fail = (message: string, diff?: string) =>
    result.failures.push({
      message: `alert ${i + 1}: ${message}`,
      ...(diff ? { diff } : {}),
      file: test.file.file,
      line: pos.line,
      column: pos.column,
    });
  if (alert.summary) {
    fail('is the summary alert of a run with more results than Sentinel makes alerts; its details are not modelled');
    return;
  }
  if (ae.entities) {
    // `IP Address=203.0.113.7`: the entity type, then its identifiers as the mapping names them.
    const show = (list: Record<string, unknown>[]) =>
      list
        .map(({ type, ...ids }) =>
          [String(type), ...Object.entries(ids).map(([k, v]) => `${k}=${cellText(v as never)}`)].join(' '),
        )
        .sort();
    const expected = show(ae.entities);
    const actual = show(alert.entities.map(x => ({ type: x.type, ...x.identifiers })));
    if (expected.join('\n') !== actual.join('\n')) fail('entities differ', listDiff(expected, actual));
  }
  if (ae.customDetails)
    for (const [k, v] of Object.entries(ae.customDetails)) {
      const got = Object.hasOwn(alert.customDetails, k) ? alert.customDetails[k] : undefined;
      const want = Array.isArray(v) ? v.map(x => cellText(x as never)) : cellText(v as never);
      if (got === undefined)
        fail(
          `custom detail ${k} is not defined by the rule (customDetails: ${Object.keys(alert.customDetails).join(', ') || 'none'})`,
        );
      else if (JSON.stringify(want) !== JSON.stringify(got))
        fail(`custom detail ${k} differs`, valueDiff(JSON.stringify(want), JSON.stringify(got)));
    }
  for (const k of ['alertDisplayName', 'alertDescription', 'severity'] as const) {
    const want = ae[k];
    if (want === undefined) continue;
    const got = alert[k];
    if (got === undefined) fail(`${k}: the rule has no alertDetailsOverride for it`);
    else if (got !== want) fail(`${k} differs`, valueDiff(want, got));
  }
  if (ae.tactics && ae.tactics.join(',') !== alert.tactics.join(','))
    fail('tactics differ', valueDiff(ae.tactics.join(', '), alert.tactics.join(', ')));
}

/** The pinned rows against the result, over the columns the expected rows name. */
function compareRows(
  expected: Record<string, unknown>[],
  types: { name: string; type: ScalarType }[],
  outcome: RunOutcome,
  result: CaseResult,
  at: (m: string, d?: string) => Failure,
  note: string,
): void {
  const names: string[] = [];
  for (const r of expected) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
  const missing = names.filter(n => !outcome.columns.includes(n));
  if (missing.length) {
    result.failures.push(
      at(
        `expect.rows names column(s) the result does not have: ${missing.join(', ')} (result columns: ${outcome.columns.join(', ')})`,
      ),
    );
    return;
  }
  const typeOf = (n: string) => types.find(t => t.name === n)?.type ?? 'string';
  // Expected values go through the same typing as data (2024-01-15T10:00:00Z equals 2024-01-15T10:00:00.000Z).
  const norm = (v: unknown, n: string) => {
    const t = scalarType(typeOf(n)) ?? 'string';
    const c = convertValue(v, t);
    return c.ok ? cellText(toApiValue(c.value, t)) : cellText(v as never);
  };
  const want = expected.map(r => names.map(n => norm(r[n], n)));
  const got = outcome.rows.map(r => names.map(n => cellText(r[outcome.columns.indexOf(n)]!)));
  if (JSON.stringify(want) !== JSON.stringify(got))
    result.failures.push(
      at(`the result rows differ (${want.length} expected, ${got.length} actual)${note}`, tableDiff(names, want, got)),
    );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Why the row count did or did not fire the rule, in the rule's own terms. */
function triggerText(rule: Record<string, unknown>, schedule: Schedule, rows: number): string {
  const got = `the query returned ${plural(rows, 'row')}`;
  if (schedule.kind === 'NRT') return `${got}; an NRT rule fires on any row`;
  const t = schedule.threshold;
  const when = {
    GreaterThan: `more than ${plural(t, 'row')}`,
    LessThan: `fewer than ${plural(t, 'row')}`,
    Equal: `exactly ${plural(t, 'row')}`,
    NotEqual: `any number of rows but ${t}`,
  }[schedule.operator];
  return `${got}; the rule fires on ${when} (triggerOperator ${String(rule.triggerOperator)}, triggerThreshold ${t})`;
}

/** When some of the case's rows lie outside the window the run sees, which ones and why: an off-by-one window. */
function windowNote(
  tc: TestCase,
  seen: ReadonlyMap<string, Table>,
  schedule: Schedule,
  rule: Record<string, unknown>,
): string {
  let outside = 0;
  for (const [name, t] of tc.tables) outside += t.rows.length - (seen.get(name)?.rows.length ?? 0);
  if (!outside) return '';
  const span =
    schedule.kind === 'NRT' ? 'an NRT run: the minute before now' : `queryPeriod ${String(rule.queryPeriod)}`;
  return `; ${plural(outside, 'data row')} of the case ${outside === 1 ? 'lies' : 'lie'} outside the window the run sees, ${formatDatetime(tc.now - schedule.window)} up to ${formatDatetime(tc.now)} (${span})`;
}

/** The result table, for failures about counts. */
function resultGrid(outcome: RunOutcome): string | undefined {
  if (!outcome.columns.length) return undefined;
  const rows = outcome.rows.slice(0, 10).map(r => r.map(cellText));
  const grid = tableDiff(outcome.columns, rows, rows).split('\n').slice(0, -1).join('\n');
  return `result:\n${grid}${outcome.rows.length > 10 ? `\n  … ${outcome.rows.length - 10} more row(s)` : ''}`;
}
