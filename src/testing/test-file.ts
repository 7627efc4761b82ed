// Reads a rule's test file (`rules/x.tests.yaml` beside `rules/x.yaml`) into cases with typed tables. Every mistake
// is a diagnostic at its line, like a rule file's (the same loader and positions): the run exits 2 on any of them.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, DocPath } from '../diagnostics/diagnostic.js';
import type { ColumnDef } from '../kql/schema-types.js';
import { DataError, MAX_DATA_BYTES, convertValue, parseRecords, tableFromRecords } from '../kql/exec/data.js';
import type { Table } from '../kql/exec/table.js';
import { parseDatetime, scalarType, TICKS_PER_MINUTE } from '../kql/exec/values.js';
import type { RuleFile } from '../rules/load.js';
import { isRecord } from '../rules/model.js';
import { parseRuleText } from '../rules/parse-rule.js';
import { didYouMean } from '../validate/suggest.js';

export interface AlertExpect {
  /** Position of this alert's expectation in the test file. */
  at: DocPath;
  entities?: Record<string, unknown>[];
  customDetails?: Record<string, unknown>;
  alertDisplayName?: string;
  alertDescription?: string;
  severity?: string;
  tactics?: string[];
}

export interface Expect {
  alerts?: number;
  fires?: boolean;
  alertList?: AlertExpect[];
  rows?: Record<string, unknown>[];
  /** Mapped columns this case allows to be empty (the entity is then dropped, as Sentinel drops it). */
  emptyEntityColumns?: string[];
}

export interface TestCase {
  name: string;
  index: number;
  /** The run's clock (100-ns ticks); absent: the latest TimeGenerated of the data plus one minute. */
  now: bigint;
  tables: Map<string, Table>;
  watchlists: Map<string, Table>;
  expect: Expect;
  line: number;
  column: number;
}

export interface TestFile {
  file: RuleFile;
  cases: TestCase[];
}

const FILE_KEYS = ['cases'];
const CASE_KEYS = ['name', 'now', 'data', 'watchlists', 'expect'];
const EXPECT_KEYS = ['alerts', 'fires', 'rows', 'emptyEntityColumns'];
const ALERT_KEYS = ['entities', 'customDetails', 'alertDisplayName', 'alertDescription', 'severity', 'tactics'];
export const TIME_COLUMN = 'TimeGenerated';

class Reader {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly file: RuleFile) {}

  fail(at: DocPath, message: string, anchor: 'key' | 'value' = 'value', hint?: string): undefined {
    const r = this.file.positions.rangeOf(at, anchor);
    this.diagnostics.push({
      check: 'test-file',
      severity: 'error',
      message,
      file: this.file.file,
      line: r.start.line,
      column: r.start.column,
      endLine: r.end.line,
      endColumn: r.end.column + 1,
      path: at,
      ...(hint ? { hint } : {}),
    });
    return undefined;
  }

  keys(value: Record<string, unknown>, allowed: readonly string[], at: DocPath): void {
    for (const key of Object.keys(value))
      if (!allowed.includes(key)) this.fail([...at, key], `unknown key "${key}"${didYouMean(key, allowed)}`, 'key');
  }
}

const where = (at: DocPath) => at.join('.');

/** Parses a test file's bytes; `schemaOf` types each table's columns (the schemas `validate` uses). */
export function readTestFile(
  displayName: string,
  absPath: string,
  bytes: Uint8Array,
  schemaOf: (table: string) => readonly ColumnDef[] | undefined,
): { test: TestFile; diagnostics: Diagnostic[] } {
  const parsed = parseRuleText(displayName, absPath, bytes);
  const test: TestFile = { file: parsed.rule, cases: [] };
  if (parsed.diagnostics.length) return { test, diagnostics: parsed.diagnostics };
  const r = new Reader(parsed.rule);
  const data = parsed.rule.data ?? {};
  r.keys(data, FILE_KEYS, []);
  const cases = data.cases;
  if (!Array.isArray(cases) || cases.length === 0)
    r.fail(['cases'], 'expected "cases:", a list of test cases (name, data, expect)');
  else {
    const names = new Set<string>();
    cases.forEach((c, i) => {
      const tc = readCase(r, c, i, path.dirname(absPath), schemaOf);
      if (!tc) return;
      if (names.has(tc.name)) r.fail(['cases', i, 'name'], `a second case is named "${tc.name}"`);
      names.add(tc.name);
      test.cases.push(tc);
    });
  }
  return { test, diagnostics: r.diagnostics };
}

function readCase(
  r: Reader,
  value: unknown,
  index: number,
  dir: string,
  schemaOf: (table: string) => readonly ColumnDef[] | undefined,
): TestCase | undefined {
  const at: DocPath = ['cases', index];
  if (!isRecord(value)) return r.fail(at, 'a case is a mapping with name, data and expect');
  const before = r.diagnostics.length;
  r.keys(value, CASE_KEYS, at);
  const name = typeof value.name === 'string' && value.name.trim() ? value.name : undefined;
  if (!name) r.fail([...at, 'name'], 'each case needs a "name" (text)');
  let now: bigint | undefined;
  if (value.now !== undefined) {
    now = typeof value.now === 'string' ? parseDatetime(value.now) : undefined;
    if (now === undefined) r.fail([...at, 'now'], '"now" is a datetime such as 2024-01-15T12:00:00Z');
  }
  const tables = readTables(r, value.data, [...at, 'data'], dir, schemaOf, true);
  const watchlists = readTables(r, value.watchlists, [...at, 'watchlists'], dir, () => undefined, false);
  const expect = readExpect(r, value.expect, [...at, 'expect']);
  if (r.diagnostics.length > before || !name || !expect) return undefined;
  if (now === undefined) {
    // The latest event plus a minute: the case's newest row is inside every window, also NRT's one minute.
    let latest: bigint | undefined;
    for (const t of tables.values()) {
      const j = t.columns.findIndex(c => c.name === TIME_COLUMN && c.type === 'datetime');
      if (j >= 0)
        for (const row of t.rows)
          if (typeof row[j] === 'bigint' && (latest === undefined || row[j] > latest)) latest = row[j];
    }
    if (latest === undefined)
      return r.fail(at, 'no row has a TimeGenerated, so the case needs "now" (the time the rule runs)', 'value');
    now = latest + TICKS_PER_MINUTE;
  }
  // A row without TimeGenerated is stamped a minute before the run, as Log Analytics stamps rows at ingestion.
  for (const t of tables.values()) {
    const j = t.columns.findIndex(c => c.name === TIME_COLUMN && c.type === 'datetime');
    if (j >= 0) for (const row of t.rows) if (row[j] === null) row[j] = now - TICKS_PER_MINUTE;
  }
  const pos = r.file.positions.rangeOf([...at, 'name']).start;
  return { name: name, index, now, tables, watchlists, expect, line: pos.line, column: pos.column };
}

function readTables(
  r: Reader,
  value: unknown,
  at: DocPath,
  dir: string,
  schemaOf: (table: string) => readonly ColumnDef[] | undefined,
  required: boolean,
): Map<string, Table> {
  const out = new Map<string, Table>();
  if (value === undefined) {
    if (required)
      r.fail(at, 'each case needs "data": rows per table (a list of mappings, or a .json/.jsonl/.csv path)');
    return out;
  }
  if (!isRecord(value)) {
    r.fail(at, `"${String(at[at.length - 1])}" maps table names to rows or to a file path`);
    return out;
  }
  for (const [name, rows] of Object.entries(value)) {
    const tat = [...at, name];
    const schema = schemaOf(name);
    let records: Record<string, unknown>[];
    let fromCsv = false;
    if (typeof rows === 'string') {
      const file = path.resolve(dir, rows);
      const ext = path.extname(file).toLowerCase();
      if (!['.json', '.jsonl', '.csv'].includes(ext)) {
        r.fail(tat, `${JSON.stringify(rows)}: a data file is .json, .jsonl or .csv`);
        continue;
      }
      try {
        const size = statSync(file).size;
        if (size > MAX_DATA_BYTES) throw new DataError(`larger than ${MAX_DATA_BYTES / 1024 / 1024} MiB`);
        records = parseRecords(readFileSync(file, 'utf8'), ext.slice(1) as 'json', rows);
        fromCsv = ext === '.csv';
      } catch (e) {
        const why = e instanceof DataError ? e.message : `cannot read ${rows} (relative to the test file)`;
        r.fail(tat, why);
        continue;
      }
    } else if (Array.isArray(rows)) {
      const bad = rows.findIndex(x => !isRecord(x));
      if (bad >= 0) {
        r.fail([...tat, bad], 'a row is a mapping of column names to values');
        continue;
      }
      records = rows as Record<string, unknown>[];
      // Inline rows get each bad value at its own line; file rows are named by row number below.
      let ok = true;
      records.forEach((rec, i) => {
        for (const [col, v] of Object.entries(rec)) {
          const def = schema?.find(c => c.name === col);
          const type = def && scalarType(def.type);
          if (!type) continue;
          const got = convertValue(v, type);
          if (!got.ok)
            ok = r.fail([...tat, i, col], `${name}.${col} is ${type}: ${JSON.stringify(v)} ${got.why}`) ?? false;
        }
      });
      if (!ok) continue;
    } else {
      r.fail(tat, `${name}: a list of rows (mappings) or a path to a .json, .jsonl or .csv file`);
      continue;
    }
    try {
      out.set(name, tableFromRecords(records, schema, `${where(tat)}`, fromCsv));
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      r.fail(tat, e.message);
    }
  }
  return out;
}

function readExpect(r: Reader, value: unknown, at: DocPath): Expect | undefined {
  if (!isRecord(value)) return r.fail(at, 'each case needs "expect": alerts (a number or a list), fires, rows');
  r.keys(value, EXPECT_KEYS, at);
  const expect: Expect = {};
  const { alerts, fires, rows, emptyEntityColumns } = value;
  if (alerts !== undefined && fires !== undefined)
    r.fail([...at, 'fires'], 'give "alerts" or "fires", not both', 'key');
  if (typeof fires === 'boolean') expect.fires = fires;
  else if (fires !== undefined) r.fail([...at, 'fires'], '"fires" is true or false');
  if (typeof alerts === 'number' && Number.isInteger(alerts) && alerts >= 0) expect.alerts = alerts;
  else if (Array.isArray(alerts)) {
    expect.alerts = alerts.length;
    expect.alertList = [];
    alerts.forEach((a, i) => {
      const aat = [...at, 'alerts', i];
      if (!isRecord(a)) return r.fail(aat, `an alert's expectation is a mapping (${ALERT_KEYS.join(', ')})`);
      r.keys(a, ALERT_KEYS, aat);
      const ae: AlertExpect = { at: aat };
      if (a.entities !== undefined) {
        if (Array.isArray(a.entities) && a.entities.every(e => isRecord(e) && typeof e.type === 'string'))
          ae.entities = a.entities as Record<string, unknown>[];
        else r.fail([...aat, 'entities'], 'entities: a list of mappings, each with "type" and its identifiers');
      }
      if (a.customDetails !== undefined) {
        if (isRecord(a.customDetails)) ae.customDetails = a.customDetails;
        else r.fail([...aat, 'customDetails'], 'customDetails: a mapping of detail names to values');
      }
      for (const k of ['alertDisplayName', 'alertDescription', 'severity'] as const) {
        if (a[k] === undefined) continue;
        if (typeof a[k] === 'string') ae[k] = a[k];
        else r.fail([...aat, k], `${k}: text`);
      }
      if (a.tactics !== undefined) {
        if (Array.isArray(a.tactics) && a.tactics.every(t => typeof t === 'string')) ae.tactics = a.tactics;
        else r.fail([...aat, 'tactics'], 'tactics: a list of tactic names');
      }
      expect.alertList?.push(ae);
      return undefined;
    });
  } else if (alerts !== undefined) r.fail([...at, 'alerts'], '"alerts" is a whole number or a list of alerts');
  if (alerts === undefined && fires === undefined && rows === undefined)
    r.fail(at, 'say what must happen: "alerts" (a number or a list), "fires" (true/false) or "rows"');
  if (rows !== undefined) {
    if (Array.isArray(rows) && rows.every(isRecord)) expect.rows = rows;
    else r.fail([...at, 'rows'], 'rows: a list of mappings (column to value)');
  }
  if (emptyEntityColumns !== undefined) {
    if (Array.isArray(emptyEntityColumns) && emptyEntityColumns.every(c => typeof c === 'string'))
      expect.emptyEntityColumns = emptyEntityColumns;
    else r.fail([...at, 'emptyEntityColumns'], 'emptyEntityColumns: a list of column names');
  }
  return expect;
}
