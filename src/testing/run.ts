// Runs a rule's test cases: each case's data through the window, the rule's query through the engine, the result
// through the trigger and the alert configuration (schedule.ts), then the case's expectations against that.
import type { FunctionDef, TableDef } from '../kql/schema-types.js';
import { convertValue } from '../kql/exec/data.js';
import { toApiValue } from '../kql/exec/format.js';
import { runQuery } from '../kql/exec/run.js';
import { scalarType, type ScalarType } from '../kql/exec/values.js';
import { querySourceMap } from '../kql/query-source-map.js';
import type { RuleFile } from '../rules/load.js';
import { tableDiff, valueDiff } from './diff.js';
import {
  alertsOf,
  cellText,
  mappedColumns,
  scheduleOf,
  windowTables,
  type Alert,
  type RunOutcome,
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
  const run = runQuery({
    query,
    now: tc.now,
    tables: windowTables(tc.tables, tc.now, schedule.window),
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
  const trigger = `${outcome.rows.length} result row(s); trigger ${schedule.operator} ${schedule.threshold}`;
  if (e.fires !== undefined && e.fires !== outcome.fired)
    result.failures.push(
      at(
        `expected the rule to ${e.fires ? 'fire' : 'stay quiet'}, it ${outcome.fired ? 'fired' : 'stayed quiet'} (${trigger})`,
        resultGrid(outcome),
      ),
    );
  if (e.alerts !== undefined && e.alerts !== count)
    result.failures.push(
      at(`expected ${e.alerts} alert(s), got ${count} (${trigger}, ${schedule.grouping})`, resultGrid(outcome)),
    );
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
  if (e.rows) compareRows(e.rows, run.table.columns, outcome, result, at);
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
    const show = (list: Record<string, unknown>[]) =>
      list
        .map(x => JSON.stringify(Object.fromEntries(Object.entries(x).map(([k, v]) => [k, cellText(v as never)]))))
        .sort();
    const expected = show(ae.entities);
    const actual = show(alert.entities.map(x => ({ type: x.type, ...x.identifiers })));
    if (expected.join('\n') !== actual.join('\n'))
      fail(
        'entities differ',
        `- expected:\n${expected.map(s => `    ${s}`).join('\n')}\n+ actual:\n${actual.map(s => `    ${s}`).join('\n')}`,
      );
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
      at(`the result rows differ (${want.length} expected, ${got.length} actual)`, tableDiff(names, want, got)),
    );
}

/** The result table, for failures about counts. */
function resultGrid(outcome: RunOutcome): string | undefined {
  if (!outcome.columns.length) return undefined;
  const rows = outcome.rows.slice(0, 10).map(r => r.map(cellText));
  const grid = tableDiff(outcome.columns, rows, rows).split('\n').slice(0, -1).join('\n');
  return `result:\n${grid}${outcome.rows.length > 10 ? `\n  … ${outcome.rows.length - 10} more row(s)` : ''}`;
}
