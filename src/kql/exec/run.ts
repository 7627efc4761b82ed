// Runs one query over in-memory tables: parse and bind with Microsoft's parser (the schemas `validate` uses plus
// the data's own columns), refuse what the analyzer refuses, then evaluate the tree.
import { KqlEngine } from '../engine.js';
import type { ColumnDef, FunctionDef, TableDef } from '../schema-types.js';
import { DEFAULT_LIMITS, Env, newContext, type Limits } from './context.js';
import { withDocumentedBinding } from './binder.js';
import { ExecError } from './errors.js';
import './index.js';
import type { Table } from './table.js';
import { bindStatements, evaluateTabular } from './tabular.js';

export interface RunInput {
  query: string;
  /** The run's clock: now() and ago() are fixed to it, as one Kusto query sees one now(). */
  now: bigint;
  tables?: ReadonlyMap<string, Table>;
  /** `_GetWatchlist('alias')` rows by alias. */
  watchlists?: ReadonlyMap<string, Table>;
  /** The schemas `validate` uses; tables of the data that they do not describe are typed by their own columns. */
  schemas?: { tables: readonly TableDef[]; functions: readonly FunctionDef[] };
  /** Schema columns to keep in data tables although the query text does not name them (entity mappings). */
  keepColumns?: readonly string[];
  limits?: Limits;
}

export interface QueryProblem {
  kind: 'syntax' | 'semantic' | 'unsupported' | 'runtime' | 'limit';
  message: string;
  /** Query offset (0-based, UTF-16) and length. */
  start: number;
  length: number;
  code?: string;
}

export type RunResult =
  /** `waiting`: refusals no row reached in this run (see refuseOnRow); the same query on other rows may raise them. */
  { ok: true; table: Table; waiting: QueryProblem[] } | { ok: false; problems: QueryProblem[] };

/**
 * Tables the binder must know: every schema table, plus data-only tables. A table given as data is bound with the
 * data's columns first, then those schema columns that the query names (a word of its text): the others would be
 * empty in every row, and leaving them out keeps rows as narrow as the data (SecurityEvent has ~230 columns). Only
 * the shape of `*` results (take, arg_max(…, *), union) can show the difference: fewer all-empty columns.
 */
function tableDefs(input: RunInput): TableDef[] {
  const defs = new Map<string, TableDef>();
  for (const t of input.schemas?.tables ?? []) defs.set(t.name.toLowerCase(), withUniqueColumns(t));
  const functions = new Set((input.schemas?.functions ?? []).map(f => f.name.toLowerCase()));
  const words = new Set(input.query.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  for (const name of input.keepColumns ?? []) words.add(name);
  for (const [name, data] of input.tables ?? []) {
    if (functions.has(name.toLowerCase())) continue;
    const known = defs.get(name.toLowerCase());
    const columns: ColumnDef[] = data.columns.map(c => ({ name: c.name, type: c.type }));
    for (const c of known?.columns ?? [])
      if (words.has(c.name) && !columns.some(k => k.name === c.name)) columns.push(c);
    defs.set(name.toLowerCase(), {
      name: known?.name ?? name,
      columns,
      source: known?.source ?? 'data',
      open: known?.open,
    });
  }
  return [...defs.values()];
}

/**
 * A Kusto table has one column per name; some schema files list a column twice (the
 * content repository's ProofpointPOD, CiscoDuo, ZoomLogs…). The binder would keep both and name the second `X1` in
 * every extend, a column no real table has. The first is kept: it is the one the binder resolves the name to.
 */
function withUniqueColumns(def: TableDef): TableDef {
  const cols = def.columns;
  if (new Set(cols.map(c => c.name)).size === cols.length) return def;
  const seen = new Set<string>();
  return { ...def, columns: cols.filter(c => !seen.has(c.name) && !!seen.add(c.name)) };
}

const engines = new Map<string, KqlEngine>();
const definitionIds = new WeakMap<object, number>();
let nextDefinitionId = 0;

/**
 * A definition in the key: the schemas' own objects by identity (writing out ~800 tables per run costs more than
 * the run), the ones made from a run's data by content.
 */
function keyOf(def: TableDef | FunctionDef, schemaDefs: ReadonlySet<object>): unknown {
  if (!schemaDefs.has(def)) return def;
  let id = definitionIds.get(def);
  if (id === undefined) definitionIds.set(def, (id = nextDefinitionId++));
  return id;
}

function engineFor(tables: TableDef[], functions: readonly FunctionDef[], schemas: RunInput['schemas']): KqlEngine {
  const schemaDefs = new Set<object>([...(schemas?.tables ?? []), ...(schemas?.functions ?? [])]);
  const key = JSON.stringify([tables.map(t => keyOf(t, schemaDefs)), functions.map(f => keyOf(f, schemaDefs))]);
  let e = engines.get(key);
  if (!e) {
    if (engines.size > 20) engines.clear();
    e = new KqlEngine(tables, functions);
    engines.set(key, e);
  }
  return e;
}

/**
 * Workspace functions with data (an ASIM parser's rows) and `_GetWatchlist` (its columns are the watchlist's CSV
 * header) are bound with the data's columns added, so the query's references to them have types.
 */
function functionDefs(input: RunInput): FunctionDef[] {
  const watchCols = new Map<string, ColumnDef>();
  for (const t of input.watchlists?.values() ?? [])
    for (const c of t.columns) if (!watchCols.has(c.name)) watchCols.set(c.name, { name: c.name, type: c.type });
  const tables = new Map((input.schemas?.tables ?? []).map(t => [t.name.toLowerCase(), t]));
  const words = new Set(input.query.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  return (input.schemas?.functions ?? []).map(f => {
    const data = f.name === '_GetWatchlist' ? { columns: [...watchCols.values()] } : input.tables?.get(f.name);
    // An open parser (ASIM) with a table schema of its name (the content repository describes the parsers' output
    // so): the columns the query names take that schema's types instead of none.
    const described = f.open && !f.body ? tables.get(f.name.toLowerCase()) : undefined;
    if ((!data && !described) || !f.columns || f.body) return f;
    const columns = [...f.columns];
    for (const c of data?.columns ?? [])
      if (!columns.some(k => k.name === c.name)) columns.push({ name: c.name, type: c.type });
    for (const c of described?.columns ?? [])
      if (words.has(c.name) && !columns.some(k => k.name === c.name)) columns.push(c);
    return { ...f, columns };
  });
}

export function runQuery(input: RunInput): RunResult {
  return withDocumentedBinding(() => run(input));
}

function run(input: RunInput): RunResult {
  const functions = functionDefs(input);
  const engine = engineFor(tableDefs(input), functions, input.schemas);
  const analysis = engine.analyze(input.query, 'full');
  const code = engine.bind(input.query);
  const deferred = tabularParameterBodies(code);
  // A body over a `(*)` table parameter is bound for real at each call; the declaration's own findings are not errors.
  const errors = analysis.issues.filter(
    i => i.severity === 'error' && !(i.kind === 'semantic' && deferred.some(([s, e]) => i.start >= s && i.start < e)),
  );
  if (errors.length)
    return {
      ok: false,
      problems: errors.map(i => ({
        kind: i.kind === 'syntax' ? 'syntax' : 'semantic',
        message: i.message,
        start: i.start,
        length: i.length,
        code: i.code,
      })),
    };
  const ctx = newContext(
    input.now,
    input.tables ?? new Map(),
    input.watchlists ?? new Map(),
    new Set(functions.map(f => f.name)),
    input.limits ?? DEFAULT_LIMITS,
  );
  try {
    const block = code.Syntax as Kusto.Language.Syntax.QueryBlock;
    const env = new Env();
    const results = bindStatements(block.Statements, env, ctx);
    const last = results[results.length - 1];
    if (!last) throw new ExecError('the query has no tabular expression to run', 'runtime');
    if (results.length > 1)
      throw new ExecError(
        "a query with several result tables is not supported by rulectl's KQL engine",
        'unsupported',
        results[1],
      );
    const table = evaluateTabular(last, env, ctx);
    return { ok: true, table, waiting: problemsOf(ctx.waiting) };
  } catch (e) {
    if (e instanceof ExecError) return { ok: false, problems: problemsOf([e]) };
    if (e instanceof RangeError && /call stack|Invalid array length|Invalid string length/i.test(e.message))
      return {
        ok: false,
        problems: [
          {
            kind: 'limit',
            message: `the query needs more memory or depth than allowed (${e.message})`,
            start: 0,
            length: 0,
          },
        ],
      };
    throw e;
  }
}

/** One problem per construct: a function body compiled at several calls registers its refusal at each. */
function problemsOf(errors: readonly ExecError[]): QueryProblem[] {
  const seen = new Map<string, QueryProblem>();
  for (const e of errors) {
    const p: QueryProblem = { kind: e.kind, message: e.message, start: e.start ?? 0, length: e.length ?? 0 };
    seen.set(`${p.start}:${p.length}:${p.message}`, p);
  }
  return [...seen.values()];
}

/** Text ranges of function bodies that take a table parameter of open schema (`T:(*)`). */
function tabularParameterBodies(code: Kusto.Language.KustoCode): [number, number][] {
  const out: [number, number][] = [];
  code.Syntax?.WalkElements(e => {
    if (!(e instanceof Kusto.Language.Syntax.FunctionDeclaration)) return;
    const params = e.Parameters?.ToString(Kusto.Language.Syntax.IncludeTrivia.Minimal) ?? '';
    if (/\(\s*\*\s*\)/.test(params) && e.Body) out.push([e.Body.TextStart, e.Body.End]);
  });
  return out;
}
