// summarize: https://learn.microsoft.com/kusto/query/summarize-operator. One output row per distinct combination of
// the `by` values (null is a value of its own); without `by`, exactly one row even for an empty input.
import { checkBudget, type Env, type RunContext } from '../context.js';
import { ExecError, unsupported } from '../errors.js';
import { aggregateFunctions, defineOperator, elements, type Accumulator, type CallSite } from '../registry.js';
import { compileScalar, text, typeOf } from '../scalar.js';
import type { Table } from '../table.js';
import { columnsOf } from '../tabular.js';
import { keyOf, type Row, type Value } from '../values.js';
import { namedParts, rowScope } from './basic.js';

export interface CompiledAggregate {
  /** A new accumulator for one group. */
  create: () => Accumulator;
}

/** Compiles an aggregate call (`count()`, `dcountif(x, p)`) over rows of `input`. */
export function compileAggregate(
  expr: Kusto.Language.Syntax.Expression,
  input: Table,
  env: Env,
  ctx: RunContext,
): CompiledAggregate {
  if (!(expr instanceof Kusto.Language.Syntax.FunctionCallExpression))
    throw unsupported(`"${text(expr)}" as an aggregation (only aggregation function calls are supported)`, expr);
  const name = expr.Name?.SimpleName ?? '';
  const fn = aggregateFunctions.get(name);
  if (!fn) throw unsupported(`the aggregation ${name}()`, expr);
  const scope = rowScope(ctx, env, input);
  const args = elements(expr.ArgumentList?.Expressions).map(a =>
    a instanceof Kusto.Language.Syntax.StarExpression
      ? { eval: () => null, type: 'dynamic' as const, node: a }
      : compileScalar(a, scope),
  );
  const site: CallSite = { name, node: expr, args, resultType: typeOf(expr), scope };
  return { create: fn.compile(site) };
}

export function summarizeRows(
  input: Table,
  byEvals: ((row: Row) => Value)[],
  aggs: CompiledAggregate[],
  ctx: RunContext,
): Row[] {
  const groups = new Map<string, { keys: Value[]; accs: Accumulator[] }>();
  const src = input.rows;
  const nBy = byEvals.length;
  for (let i = 0; i < src.length; i++) {
    if ((i & 0xffff) === 0) checkBudget(ctx, groups.size);
    const r = src[i]!;
    const keys = new Array<Value>(nBy);
    let key = '';
    for (let j = 0; j < nBy; j++) {
      const v = byEvals[j]!(r);
      keys[j] = v;
      key += keyOf(v) + '\u0001';
    }
    let g = groups.get(key);
    if (!g) {
      g = { keys, accs: aggs.map(a => a.create()) };
      groups.set(key, g);
    }
    for (const acc of g.accs) acc.add(r);
  }
  if (nBy === 0 && groups.size === 0) groups.set('', { keys: [], accs: aggs.map(a => a.create()) });
  const rows: Row[] = [];
  for (const g of groups.values()) rows.push([...g.keys, ...g.accs.map(a => a.result())]);
  return rows;
}

defineOperator('SummarizeOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.SummarizeOperator;
  const out = columnsOf(node);
  const scope = rowScope(ctx, env, input);
  const by = elements(op.ByClause?.Expressions).map(e => compileScalar(namedParts(e).expr, scope).eval);
  const aggs = elements(op.Aggregates).map(e => compileAggregate(namedParts(e).expr, input, env, ctx));
  if (by.length + aggs.length !== out.length)
    throw new ExecError('summarize produced an unexpected shape', 'unsupported', node);
  return { columns: out, rows: summarizeRows(input, by, aggs, ctx) };
});
