// make-series and top-nested: aggregations laid out along an axis, or picked level by level.
import { checkBudget, scopeOf, type Env, type RunContext } from '../context.js';
import { ExecError, unsupported } from '../errors.js';
import { defineOperator, elements, type Accumulator, type SyntaxNode } from '../registry.js';
import { compileScalar, text, typeOf } from '../scalar.js';
import { columnsOf } from '../tabular.js';
import {
  compareValues,
  floorDiv,
  keyOf,
  TICKS_PER_DAY,
  toDyn,
  type Dyn,
  type Row,
  type ScalarType,
  type Value,
} from '../values.js';
import { constantCount, namedParts, rowScope } from './basic.js';
import { operatorParameters } from './common.js';
import { compileAggregate, type CompiledAggregate } from './summarize.js';

type Expression = Kusto.Language.Syntax.Expression;

/** make-series arrays hold at most 2^20 values; Kusto fails or truncates beyond (make-series-operator). */
const MAX_SERIES = 1 << 20;

/** The axis: how many bins, the value of bin k, and the bin of an axis value (undefined when outside). */
interface Axis {
  count: number;
  at: (k: number) => Value;
  binOf: (v: Value) => number | undefined;
}

function constantOf(e: Expression, env: Env, ctx: RunContext): Value {
  const c = compileScalar(e, scopeOf(ctx, env, []));
  return c.eval([]);
}

/**
 * `from start to end step s`: bins start, start+s, … below end, a row in the bin bin_at(axis, s, start); or
 * `in range(start, stop, s)`: bins from bin(start, s) to bin(stop, s), both included, a row in bin(axis, s).
 */
function seriesAxis(op: Kusto.Language.Syntax.MakeSeriesOperator, type: ScalarType, env: Env, ctx: RunContext): Axis {
  const clause = op.RangeClause;
  let start: Value;
  let end: Value;
  let step: Value;
  let inclusive = false;
  if (clause instanceof Kusto.Language.Syntax.MakeSeriesFromToStepClause) {
    const from = clause.MakeSeriesFromClause?.Expression;
    const to = clause.MakeSeriesToClause?.Expression;
    // Without from/to, the page says each series starts (ends) at its own first (last) bin with data: refused.
    if (!from || !to) throw unsupported('make-series without both "from" and "to"', clause);
    start = constantOf(from, env, ctx);
    end = constantOf(to, env, ctx);
    step = constantOf(clause.MakeSeriesStepClause!.Expression!, env, ctx);
  } else if (clause instanceof Kusto.Language.Syntax.MakeSeriesInRangeClause) {
    const args = elements(clause.Arguments?.Expressions);
    if (args.length !== 3) throw unsupported('make-series "in range" without start, stop and step', clause);
    [start, end, step] = args.map(a => constantOf(a, env, ctx)) as [Value, Value, Value];
    inclusive = true;
  } else throw unsupported('this make-series range', clause ?? op);
  if (start === null || end === null || step === null)
    throw unsupported('make-series with a null bound or step', clause);

  if (typeof start === 'bigint' && typeof end === 'bigint' && typeof step === 'bigint') {
    if (step <= 0n) throw unsupported('make-series with a step that is not positive', clause);
    // bin() of a datetime counts from Kusto's own epoch: with a step that does not divide a day, the bins would
    // depend on it.
    if (inclusive && type === 'datetime' && TICKS_PER_DAY % step !== 0n)
      throw unsupported('make-series "in range" over datetimes with a step that does not divide a day', clause);
    const first = inclusive ? floorDiv(start, step) * step : start;
    const last = inclusive ? floorDiv(end, step) * step : end;
    const count = inclusive
      ? last < first
        ? 0
        : Number((last - first) / step) + 1
      : last <= first
        ? 0
        : Number((last - first + step - 1n) / step);
    checkSize(count, clause);
    const s = step;
    return {
      count,
      at: k => first + BigInt(k) * s,
      binOf: v => {
        if (typeof v !== 'bigint') return undefined;
        if (inclusive) {
          const b = floorDiv(v, s) * s;
          return b < first || b > last ? undefined : Number((b - first) / s);
        }
        return v < first || v >= last ? undefined : Number((v - first) / s);
      },
    };
  }
  if (typeof start === 'number' && typeof end === 'number' && typeof step === 'number') {
    if (!(step > 0)) throw unsupported('make-series with a step that is not positive', clause);
    if (!Number.isInteger(start) || !Number.isInteger(end) || !Number.isInteger(step))
      throw unsupported('make-series over real numbers that are not whole', clause);
    const first = inclusive ? Math.floor(start / step) * step : start;
    const last = inclusive ? Math.floor(end / step) * step : end;
    const count = inclusive
      ? last < first
        ? 0
        : (last - first) / step + 1
      : last <= first
        ? 0
        : Math.ceil((last - first) / step);
    checkSize(count, clause);
    return {
      count,
      at: k => first + k * step,
      binOf: v => {
        if (typeof v !== 'number' || Number.isNaN(v)) return undefined;
        if (inclusive) {
          const b = Math.floor(v / step) * step;
          return b < first || b > last ? undefined : (b - first) / step;
        }
        return v < first || v >= last ? undefined : Math.floor((v - first) / step);
      },
    };
  }
  throw unsupported('make-series over an axis and step of these types', clause);
}

function checkSize(count: number, at: SyntaxNode): void {
  if (count > MAX_SERIES)
    throw new ExecError(
      `make-series would make arrays of ${count} values (Kusto's bound is ${MAX_SERIES})`,
      'limit',
      at,
    );
}

// make-series: https://learn.microsoft.com/kusto/query/make-series-operator. One row per distinct `by` values: the
// by columns, one array per aggregation (an absent bin holds the default, 0 unless `default=` says), then the axis.
defineOperator('MakeSeriesOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.MakeSeriesOperator;
  const params = operatorParameters(op.Parameters);
  for (const [name, p] of params)
    if (name !== 'kind' && !name.startsWith('hint.')) throw unsupported(`make-series ${name}=`, p.node);
  const kind = params.get('kind')?.text.toLowerCase();
  if (kind !== undefined && kind !== 'nonempty')
    throw unsupported(`make-series kind=${kind}`, params.get('kind')!.node);
  const out = columnsOf(node);
  const scope = rowScope(ctx, env, input);
  const aggs = elements(op.Aggregates).map(e => {
    const expr = namedParts(e.Expression!).expr;
    const agg = compileAggregate(expr, input, env, ctx);
    if (agg.width !== 1) throw unsupported(`"${text(expr)}" in make-series (one value per bin only)`, expr);
    const def = e.DefaultExpression?.Expression;
    const defaultValue: Dyn = def ? toDyn(constantOf(def, env, ctx), typeOf(def)) : 0;
    return { agg, type: typeOf(expr), defaultValue };
  });
  const axisExpr = op.OnClause!.Expression!;
  const axis = compileScalar(axisExpr, scope);
  const series = seriesAxis(op, axis.type, env, ctx);
  const by = elements(op.ByClause?.Expressions).map(e => compileScalar(namedParts(e).expr, scope).eval);
  if (out.length !== by.length + aggs.length + 1)
    throw new ExecError('make-series produced an unexpected shape', 'unsupported', node);

  interface Group {
    keys: Value[];
    bins: Map<number, Accumulator[]>;
  }
  const groups = new Map<string, Group>();
  input.rows.forEach((row, i) => {
    if ((i & 0xffff) === 0) checkBudget(ctx, groups.size * series.count);
    const keys = by.map(f => f(row));
    const key = keys.map(keyOf).join('\u0001');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { keys, bins: new Map() }));
    const b = series.binOf(axis.eval(row));
    if (b === undefined) return;
    let accs = g.bins.get(b);
    if (!accs) g.bins.set(b, (accs = aggs.map(a => a.agg.create())));
    for (const acc of accs) acc.add(row);
  });
  checkBudget(ctx, groups.size * series.count);
  const axisValues = Array.from({ length: series.count }, (_, k) => toDyn(series.at(k), axis.type));
  const rows: Row[] = [];
  for (const g of groups.values()) {
    // The page groups rows by (by, bin) before it lays out the arrays; whether a group whose rows all fall outside
    // the range still makes a row of defaults, it does not say.
    if (g.bins.size === 0)
      throw unsupported(
        'make-series of a group whose rows all fall outside the range (the page leaves its row open)',
        node,
      );
    rows.push([
      ...g.keys,
      ...aggs.map((a, j) =>
        Array.from({ length: series.count }, (_, k): Dyn => {
          const accs = g.bins.get(k);
          return accs ? toDyn(accs[j]!.result(), a.type) : a.defaultValue;
        }),
      ),
      axisValues,
    ]);
  }
  if (rows.length === 0 && kind === 'nonempty') {
    if (by.length > 0) throw unsupported('make-series kind=nonempty with "by" on an empty input', node);
    rows.push([...aggs.map(a => Array.from({ length: series.count }, () => a.defaultValue)), axisValues]);
  }
  return { columns: out, rows };
});

// ---------------------------------------------------------------- top-nested

interface Level {
  n?: number;
  value: (row: Row) => Value;
  agg: CompiledAggregate;
  desc: boolean;
  others?: Value;
}

// top-nested: https://learn.microsoft.com/kusto/query/top-nested-operator. Each clause partitions the rows of the
// level above by its expression, aggregates each partition and keeps the top N (all without N); two columns per
// clause. Where the Nth and the next partition tie, Kusto's pick is not documented: refused.
defineOperator('TopNestedOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.TopNestedOperator;
  const out = columnsOf(node);
  const scope = rowScope(ctx, env, input);
  const clauses = elements(op.Clauses);
  if (out.length !== clauses.length * 2)
    throw new ExecError('top-nested produced an unexpected shape', 'unsupported', node);
  const levels: Level[] = clauses.map((c, i) => {
    let by = c.ByExpression!;
    let desc = true;
    if (by instanceof Kusto.Language.Syntax.OrderedExpression) {
      desc = by.Ordering?.AscOrDescKeyword?.Text?.toLowerCase() !== 'asc';
      if (by.Ordering?.NullsClause) throw unsupported('top-nested with a nulls clause', by);
      by = by.Expression!;
    }
    const others = c.WithOthersClause?.Expression;
    if (others && i < clauses.length - 1)
      throw unsupported('top-nested "with others" above another level (the rows below it are not documented)', c);
    return {
      n: c.Expression ? constantCount(c.Expression, env, ctx) : undefined,
      value: compileScalar(namedParts(c.OfExpression!).expr, scope).eval,
      agg: compileAggregate(namedParts(by).expr, input, env, ctx),
      desc,
      others: others ? constantOf(others, env, ctx) : undefined,
    };
  });
  const rows: Row[] = [];
  const aggregate = (level: Level, part: Row[]): Value => {
    const acc = level.agg.create();
    for (const r of part) acc.add(r);
    return acc.result();
  };
  const visit = (part: Row[], depth: number, prefix: Value[]): void => {
    checkBudget(ctx, rows.length);
    if (depth === levels.length) {
      rows.push(prefix);
      return;
    }
    const level = levels[depth]!;
    const parts = new Map<string, { value: Value; rows: Row[] }>();
    for (const r of part) {
      const v = level.value(r);
      const k = keyOf(v);
      const p = parts.get(k);
      if (p) p.rows.push(r);
      else parts.set(k, { value: v, rows: [r] });
    }
    const ranked = [...parts.values()].map(p => ({ ...p, agg: aggregate(level, p.rows) }));
    if (level.n !== undefined && ranked.some(p => p.agg === null))
      throw unsupported('top-nested where an aggregation is null (its place in the order is not documented)', node);
    ranked.sort((a, b) => {
      if (a.agg === null || b.agg === null) return 0;
      const c = compareValues(a.agg, b.agg);
      return level.desc ? -c : c;
    });
    const n = level.n ?? ranked.length;
    if (n < ranked.length && n > 0 && compareValues(ranked[n - 1]!.agg, ranked[n]!.agg) === 0)
      throw unsupported(`top-nested ${n} where partitions tie for the last place`, node);
    for (const p of ranked.slice(0, n)) visit(p.rows, depth + 1, [...prefix, p.value, p.agg]);
    if (level.others !== undefined && n < ranked.length) {
      const rest = ranked.slice(n).flatMap(p => p.rows);
      rows.push([...prefix, level.others, aggregate(level, rest)]);
    }
  };
  visit(input.rows, 0, []);
  return { columns: out, rows };
});
