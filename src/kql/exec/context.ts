// What one query run sees: its clock, its tables, its bindings (let, function parameters), and its limits.
import { ExecError } from './errors.js';
import type { Column, Table } from './table.js';
import type { Row, ScalarType, Value } from './values.js';

/** A compiled scalar expression: its value for one row of the current table. */
export type Eval = (row: Row) => Value;

export interface Limits {
  /** Most rows any intermediate table may hold. */
  maxRows: number;
  /** Wall-clock budget of one run, in milliseconds. */
  maxMs: number;
}

export const DEFAULT_LIMITS: Limits = { maxRows: 5_000_000, maxMs: 60_000 };

export interface RunContext {
  /** now() and ago()'s clock, in ticks: one value for the whole run, as in Kusto. */
  now: bigint;
  /** Tables by name (also the rows of functions that have no body here, such as ASIM parsers). */
  tables: ReadonlyMap<string, Table>;
  /** _GetWatchlist('alias') tables by alias. */
  watchlists: ReadonlyMap<string, Table>;
  /** Names of the workspace's functions (schema files); a table of the same name in the data replaces the body. */
  functions: ReadonlySet<string>;
  limits: Limits;
  deadline: number;
  /** Refusals compiled into this run that only a row reaching them raises (see refuseOnRow). */
  waiting: ExecError[];
}

export function newContext(
  now: bigint,
  tables: ReadonlyMap<string, Table>,
  watchlists: ReadonlyMap<string, Table> = new Map(),
  functions: ReadonlySet<string> = new Set(),
  limits: Limits = DEFAULT_LIMITS,
): RunContext {
  return { now, tables, watchlists, functions, limits, deadline: Date.now() + limits.maxMs, waiting: [] };
}

/**
 * A construct whose meaning is unknown for the values a row would give it (a comparison of two types the Kusto pages
 * do not compare). Over no rows the query's answer does not depend on it, so the run goes on; the refusal is kept,
 * and the result lists it, so that a run on no rows is never read as support for it.
 */
export function refuseOnRow(ctx: RunContext, error: ExecError): () => never {
  ctx.waiting.push(error);
  return () => {
    throw error;
  };
}

/** Called by row loops every few thousand rows and by every operator: a run never outlives its budget. */
export function checkBudget(ctx: RunContext, rows?: number): void {
  if (Date.now() > ctx.deadline)
    throw new ExecError(`the query ran longer than ${ctx.limits.maxMs / 1000} s and was stopped`, 'limit');
  if (rows !== undefined && rows > ctx.limits.maxRows)
    throw new ExecError(`a step of the query made more than ${ctx.limits.maxRows} rows and was stopped`, 'limit');
}

/** A name bound by `let`, a function parameter or `as`. Tables and scalars are computed once, when first used. */
export type Binding =
  | { kind: 'scalar'; type: ScalarType; get: () => Value }
  /** A function parameter given a per-row argument: evaluated in the caller's row. */
  | { kind: 'rowScalar'; type: ScalarType; eval: Eval }
  | { kind: 'table'; get: () => Table }
  /** A user function (let f = (...) {...}); its body is bound per call by the parser, evaluated in `env`. */
  | { kind: 'function'; env: Env };

/** Lexical scope of let bindings; names are case-sensitive, as in Kusto. */
export class Env {
  private readonly names = new Map<string, Binding>();
  constructor(readonly parent?: Env) {}

  set(name: string, b: Binding): void {
    this.names.set(name, b);
  }

  get(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.get(name);
  }
}

/** Rows of the table an expression is evaluated over, with a cursor for prev(), next() and row_number(). */
export interface RowCursor {
  rows: Row[];
  i: number;
  serialized: boolean;
}

/** Where a scalar expression is compiled: the columns of the current row, the bindings, the run. */
export interface Scope {
  ctx: RunContext;
  env: Env;
  columns: readonly Column[];
  /** Column name to index in the row. */
  index: ReadonlyMap<string, number>;
  /** Set by operators that evaluate row by row over a table (extend, where, project). */
  cursor?: RowCursor;
  /** join/lookup conditions: `$left.a` and `$right.b` read these row layouts of a combined row. */
  sides?: { left: ReadonlyMap<string, number>; right: ReadonlyMap<string, number> };
  /** summarize `x = max(t) - min(t)`: each aggregate call inside the expression reads its group's result. */
  aggregates?: ReadonlyMap<object, Eval>;
}

export function scopeOf(ctx: RunContext, env: Env, columns: readonly Column[]): Scope {
  const index = new Map<string, number>();
  columns.forEach((c, i) => index.set(c.name, i));
  return { ctx, env, columns, index };
}
