// summarize: https://learn.microsoft.com/kusto/query/summarize-operator. One output row per distinct combination of
// the `by` values (null is a value of its own); without `by`, exactly one row even for an empty input, holding each
// aggregate's default (count 0, make_list [], most others null). The by columns come first, then each aggregate's
// column(s): arg_max, arg_min, take_any with several arguments or `*`, and percentiles yield several columns, named
// by the binder.
import { checkBudget, scopeOf, type Env, type RunContext } from '../context.js';
import { ExecError, unsupported } from '../errors.js';
import {
  aggregateFunctions,
  defineOperator,
  elements,
  kindOf,
  type Accumulator,
  type CallSite,
  type Compiled,
} from '../registry.js';
import { compileScalar, text, typeOf } from '../scalar.js';
import type { Table } from '../table.js';
import { columnsOf } from '../tabular.js';
import { keyOf, scalarType, type Row, type ScalarType, type Value } from '../values.js';
import { namedParts, rowScope } from './basic.js';

type Expression = Kusto.Language.Syntax.Expression;

export interface CompiledAggregate {
  /** A new accumulator for one group. */
  create: () => Accumulator;
  /** How many output columns the aggregate fills (1, or the binder's tuple width). */
  width: number;
}

/** The columns of a tuple-typed call (`arg_max(t, *)`), or undefined for a call with one result. */
function tupleColumns(expr: Expression): { name: string; type: ScalarType }[] | undefined {
  const rt = expr.ResultType;
  if (!(rt instanceof Kusto.Language.Symbols.TupleSymbol)) return undefined;
  const out: { name: string; type: ScalarType }[] = [];
  for (let i = 0; i < (rt.Columns?.Count ?? 0); i++) {
    const c = rt.Columns!.getItem(i);
    const type = scalarType(c.Type?.Name);
    if (!type) throw unsupported(`"${text(expr)}", whose column ${c.Name ?? ''} has no known type,`, expr);
    out.push({ name: c.Name ?? '', type });
  }
  return out;
}

/**
 * The call's arguments in the order of its signature's parameters. A named argument (`make_set(x, maxSize=8)`) is
 * moved to its parameter's place; a name that is not a parameter's (`arg_max(t, Last=x)`) only names an output
 * column, so that argument stays where it is.
 */
function orderedArguments(call: Kusto.Language.Syntax.FunctionCallExpression): Expression[] {
  const args = elements(call.ArgumentList?.Expressions);
  const sig = call.ReferencedSignature;
  const params: string[] = [];
  for (let i = 0; i < (sig?.Parameters?.Count ?? 0); i++)
    params.push((sig!.Parameters!.getItem(i).Name ?? '').toLowerCase());
  const placed = args.map((a, i) => {
    if (!(a instanceof Kusto.Language.Syntax.SimpleNamedExpression)) return { expr: a, rank: i, i };
    const p = params.indexOf((a.Name?.SimpleName ?? '').toLowerCase());
    return { expr: a.Expression!, rank: p >= 0 ? p : i, i };
  });
  placed.sort((x, y) => x.rank - y.rank || x.i - y.i);
  return placed.map(p => p.expr);
}

/** The column name an argument stands for when it is a plain column reference. */
function columnName(e: Expression): string | undefined {
  return e instanceof Kusto.Language.Syntax.NameReference &&
    e.ReferencedSymbol instanceof Kusto.Language.Symbols.ColumnSymbol
    ? (e.SimpleName ?? undefined)
    : undefined;
}

/**
 * Compiles an aggregate call (`count()`, `dcountif(x, p)`, `arg_max(t, *)`) over rows of `input`. A `*` argument
 * becomes the input's columns, less the `by` columns given as plain column references and less the columns the call
 * already names, as the binder does; the result must have the columns the binder computed, else it is refused.
 */
export function compileAggregate(
  expr: Expression,
  input: Table,
  env: Env,
  ctx: RunContext,
  byColumns: readonly string[] = [],
): CompiledAggregate {
  if (!(expr instanceof Kusto.Language.Syntax.FunctionCallExpression))
    throw unsupported(`"${text(expr)}" as an aggregation (only aggregation function calls are supported)`, expr);
  const name = expr.Name?.SimpleName ?? '';
  const fn = aggregateFunctions.get(name);
  if (!fn) throw unsupported(`the aggregation ${name}()`, expr);
  const scope = rowScope(ctx, env, input);
  const columns = tupleColumns(expr);
  const argExprs = orderedArguments(expr);
  const hasStar = argExprs.some(a => a instanceof Kusto.Language.Syntax.StarExpression);
  const args: Compiled[] = [];
  const names: (string | undefined)[] = [];
  let starSeen = false;
  for (const a of argExprs) {
    if (a instanceof Kusto.Language.Syntax.StarExpression) {
      starSeen = true;
      const named = new Set([...names.filter((n): n is string => !!n), ...byColumns]);
      input.columns.forEach((c, i) => {
        if (named.has(c.name)) return;
        named.add(c.name);
        args.push({ eval: row => row[i] ?? null, type: c.type, node: a });
        names.push(c.name);
      });
      continue;
    }
    const col = columnName(a);
    // A column named after `*` is one the star already stands for (returned once, or left out as a by column).
    if (col !== undefined && starSeen && input.columns.some(c => c.name === col)) continue;
    args.push(compileScalar(a, scope));
    names.push(col);
  }
  // With `*`, every returned column must be the binder's column at the same place (the tuple holds all arguments).
  if (
    columns &&
    hasStar &&
    (args.length !== columns.length || !names.every((n, i) => n === undefined || columns[i]!.name === n))
  )
    throw unsupported(`"${text(expr)}" with this combination of columns`, expr);
  const resultType = columns ? columns[0]!.type : typeOf(expr);
  const site: CallSite = { name, node: expr, args, resultType, scope, columns };
  return { create: fn.compile(site), width: columns?.length ?? 1 };
}

export function summarizeRows(
  input: Table,
  byEvals: ((row: Row) => Value)[],
  aggs: CompiledAggregate[],
  ctx: RunContext,
  byTypes?: readonly ScalarType[],
): Row[] {
  // Groups live in nested maps, one level per `by` value, so no key string is built per row; a dynamic value is
  // keyed by its text (arrays and bags compare by content), any other value as itself (null is a key of its own).
  type Group = { keys: Value[]; accs: Accumulator[] };
  const nBy = byEvals.length;
  const keyFns = byEvals.map((_, j) => (byTypes?.[j] !== undefined && byTypes[j] !== 'dynamic' ? null : keyOf));
  const root = new Map<unknown, unknown>();
  const order: Group[] = [];
  const scratch = new Array<Value>(nBy);
  const src = input.rows;
  for (let i = 0; i < src.length; i++) {
    if ((i & 0xffff) === 0) checkBudget(ctx, order.length);
    const r = src[i]!;
    let level = root;
    let g: Group | undefined;
    for (let j = 0; j < nBy; j++) {
      const v = byEvals[j]!(r);
      scratch[j] = v;
      const f = keyFns[j];
      const k = f ? f(v) : v;
      const next = level.get(k);
      if (j === nBy - 1) {
        g = next as Group | undefined;
        if (!g) {
          g = { keys: scratch.slice(), accs: aggs.map(a => a.create()) };
          level.set(k, g);
          order.push(g);
        }
      } else {
        let m = next as Map<unknown, unknown> | undefined;
        if (!m) level.set(k, (m = new Map()));
        level = m;
      }
    }
    if (nBy === 0) {
      g = order[0];
      if (!g) order.push((g = { keys: [], accs: aggs.map(a => a.create()) }));
    }
    const accs = g!.accs;
    for (let a = 0; a < accs.length; a++) accs[a]!.add(r);
  }
  // Without `by`, one row even for an empty input.
  if (nBy === 0 && order.length === 0) order.push({ keys: [], accs: aggs.map(a => a.create()) });
  const rows: Row[] = [];
  for (const g of order) {
    const row = g.keys;
    g.accs.forEach((acc, j) => {
      if (aggs[j]!.width === 1) row.push(acc.result());
      else row.push(...acc.results!());
    });
    rows.push(row);
  }
  return rows;
}

/** Whether a call is of an aggregation function (as the parser knows them), implemented here or not. */
function isAggregateCall(e: Kusto.Language.Syntax.SyntaxElement): e is Kusto.Language.Syntax.FunctionCallExpression {
  if (!(e instanceof Kusto.Language.Syntax.FunctionCallExpression)) return false;
  const sym = e.ReferencedSymbol;
  return (
    sym instanceof Kusto.Language.Symbols.FunctionSymbol &&
    Kusto.Language.GlobalState.Default?.IsAggregateFunction(sym) === true
  );
}

/**
 * An aggregation that is a scalar expression over aggregate calls (`Duration = max(t) - min(t)`,
 * `datetime_diff('hour', now(), max(t))`): each call is aggregated per group, then the expression is computed from
 * their results. The expression sees no column of the input outside the calls.
 */
function compileAggregateExpression(
  expr: Expression,
  input: Table,
  env: Env,
  ctx: RunContext,
  byColumns: readonly string[],
): CompiledAggregate {
  const calls: Kusto.Language.Syntax.FunctionCallExpression[] = [];
  Kusto.Language.Syntax.SyntaxElement.WalkElements(
    expr,
    e => {
      if (isAggregateCall(e)) calls.push(e);
    },
    null,
    e => !isAggregateCall(e),
  );
  if (calls.length === 0)
    throw unsupported(`"${text(expr)}" as an aggregation (it calls no aggregation function)`, expr);
  const inner = calls.map(c => compileAggregate(c, input, env, ctx, byColumns));
  if (inner.some(a => a.width !== 1))
    throw unsupported(`"${text(expr)}": an aggregation of several columns inside an expression`, expr);
  const slots = new Map<object, (row: Row) => Value>(calls.map((c, i) => [c, (row: Row) => row[i] ?? null]));
  const outer = compileScalar(expr, { ...scopeOf(ctx, env, []), aggregates: slots }).eval;
  return {
    width: 1,
    create: () => {
      const accs = inner.map(a => a.create());
      return {
        add: r => {
          for (const a of accs) a.add(r);
        },
        result: () => outer(accs.map(a => a.result())),
      };
    },
  };
}

/** The aggregate of `name = agg(...)`, `(a, b) = arg_max(...)` or a bare call. */
function aggregateExpression(e: Expression): Expression {
  if (kindOf(e) === 'CompoundNamedExpression') return (e as Kusto.Language.Syntax.CompoundNamedExpression).Expression!;
  return namedParts(e).expr;
}

defineOperator('SummarizeOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.SummarizeOperator;
  const out = columnsOf(node);
  const scope = rowScope(ctx, env, input);
  const byExprs = elements(op.ByClause?.Expressions);
  const byCompiled = byExprs.map(e => compileScalar(namedParts(e).expr, scope));
  const by = byCompiled.map(c => c.eval);
  // `by k` and `by k2 = k` both leave k out of a `*` argument; `by bin(w, 1h)` does not leave out w.
  const byColumns = byExprs.flatMap(e => columnName(namedParts(e).expr) ?? []);
  const aggs = elements(op.Aggregates).map(e => {
    const expr = aggregateExpression(e);
    return isAggregateCall(expr)
      ? compileAggregate(expr, input, env, ctx, byColumns)
      : compileAggregateExpression(expr, input, env, ctx, byColumns);
  });
  if (by.length + aggs.reduce((n, a) => n + a.width, 0) !== out.length)
    throw new ExecError('summarize produced an unexpected shape', 'unsupported', node);
  return {
    columns: out,
    rows: summarizeRows(
      input,
      by,
      aggs,
      ctx,
      byCompiled.map(c => c.type),
    ),
  };
});
