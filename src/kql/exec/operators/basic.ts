// Row-wise operators and those that only choose, rename or order columns.
import { checkBudget, scopeOf, type Env, type RunContext, type Scope } from '../context.js';
import { ExecError, unsupported } from '../errors.js';
import { defineOperator, elements, kindOf, type SyntaxNode } from '../registry.js';
import { compileScalar, text } from '../scalar.js';
import type { Column, Table } from '../table.js';
import { columnsOf } from '../tabular.js';
import { columnParts } from '../tuples.js';
import { compareValues, type Row, type Value } from '../values.js';

type Syn = typeof Kusto.Language.Syntax;
const Syn = (): Syn => Kusto.Language.Syntax;

/** A row scope over `input` whose cursor moves with the row loop (prev(), next(), row_number()). */
export function rowScope(ctx: RunContext, env: Env, input: Table): Scope {
  return { ...scopeOf(ctx, env, input.columns), cursor: { rows: input.rows, i: 0, serialized: !!input.serialized } };
}

/** The name and expression of `name = expr` or of a bare expression (named by the binder). */
export function namedParts(e: Kusto.Language.Syntax.Expression): {
  name?: string;
  expr: Kusto.Language.Syntax.Expression;
} {
  if (e instanceof Syn().SimpleNamedExpression) return { name: e.Name?.SimpleName ?? '', expr: e.Expression! };
  if (kindOf(e) === 'CompoundNamedExpression') throw unsupported('naming several columns at once ("(a, b) = …")', e);
  return { expr: e };
}

// where: https://learn.microsoft.com/kusto/query/where-operator (rows whose predicate is true; null drops the row)
defineOperator('FilterOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.FilterOperator;
  const scope = rowScope(ctx, env, input);
  const pred = compileScalar(op.Condition!, scope).eval;
  const cursor = scope.cursor!;
  const rows: Row[] = [];
  const src = input.rows;
  for (let i = 0; i < src.length; i++) {
    cursor.i = i;
    if ((i & 0xffff) === 0) checkBudget(ctx);
    const r = src[i]!;
    if (pred(r) === true) rows.push(r);
  }
  return { columns: input.columns, rows, serialized: input.serialized };
});

// extend: https://learn.microsoft.com/kusto/query/extend-operator (a column of an existing name is replaced in place)
defineOperator('ExtendOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.ExtendOperator;
  const out = columnsOf(node);
  const scope = rowScope(ctx, env, input);
  // Expressions see the input row only: `extend a = 1, b = a` is refused by the binder unless a exists already.
  const parts = columnParts(op.Expressions, scope);
  const inputNames = new Set(input.columns.map(c => c.name));
  const outNames = new Set(out.map(c => c.name));
  for (const p of parts)
    if (p.tupleName !== undefined && (inputNames.has(p.tupleName) || !outNames.has(p.tupleName)))
      // The binder renames such a result (`x1`); Kusto's documentation does not say what it does.
      throw unsupported(`a result named "${p.tupleName}" beside an input column of that name`, node);
  const named = new Set(parts.flatMap(p => (p.name ? [p.name] : p.tupleName ? [p.tupleName] : [])));
  const autoNames = out.map(c => c.name).filter(n => !inputNames.has(n) && !named.has(n));
  let auto = 0;
  const computed = new Map<string, (row: Row) => Value>();
  for (const p of parts) computed.set(p.name ?? p.tupleName ?? autoNames[auto++] ?? '', p.eval);
  const layout = out.map(c => {
    const f = computed.get(c.name);
    if (f) return f;
    const i = input.columns.findIndex(k => k.name === c.name);
    if (i < 0) throw new ExecError(`extend lost column "${c.name}"`, 'unsupported', node);
    return (row: Row) => row[i] ?? null;
  });
  return mapRows(input, out, layout, scope, ctx);
});

/** Builds each output row from the input row through `layout` (one function per output column). */
export function mapRows(
  input: Table,
  columns: Column[],
  layout: ((row: Row) => Value)[],
  scope: Scope,
  ctx: RunContext,
): Table {
  const cursor = scope.cursor;
  const src = input.rows;
  const rows: Row[] = new Array<Row>(src.length);
  const n = layout.length;
  for (let i = 0; i < src.length; i++) {
    if (cursor) cursor.i = i;
    if ((i & 0xffff) === 0) checkBudget(ctx);
    const r = src[i]!;
    const o: Row = new Array<Value>(n);
    for (let j = 0; j < n; j++) o[j] = layout[j]!(r);
    rows[i] = o;
  }
  return { columns, rows, serialized: input.serialized };
}

// project: https://learn.microsoft.com/kusto/query/project-operator
defineOperator('ProjectOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.ProjectOperator;
  const out = columnsOf(node);
  const scope = rowScope(ctx, env, input);
  const parts = columnParts(op.Expressions, scope);
  if (parts.length !== out.length) throw unsupported('project with wildcards', node);
  parts.forEach((p, i) => {
    if (p.tupleName !== undefined && p.tupleName !== out[i]!.name)
      throw unsupported(`a result named "${p.tupleName}" beside another column of that name`, node);
  });
  return mapRows(
    input,
    out,
    parts.map(p => p.eval),
    scope,
    ctx,
  );
});

/** Keeps the input's columns named by the binder's result (project-away, project-keep, project-reorder, -rename). */
function byResultColumns(node: SyntaxNode, input: Table, renames?: Map<string, string>): Table {
  const out = columnsOf(node);
  const idx = out.map(c => {
    const from = renames?.get(c.name) ?? c.name;
    const i = input.columns.findIndex(k => k.name === from);
    if (i < 0) throw new ExecError(`column "${from}" is not in the input`, 'runtime', node);
    return i;
  });
  const identity = idx.length === input.columns.length && idx.every((i, j) => i === j);
  return {
    columns: out,
    rows: identity ? input.rows : input.rows.map(r => idx.map(i => r[i] ?? null)),
    serialized: input.serialized,
  };
}

// https://learn.microsoft.com/kusto/query/project-away-operator, .../project-keep-operator, .../project-reorder-operator
defineOperator('ProjectAwayOperator', (node, input) => byResultColumns(node, input));
defineOperator('ProjectKeepOperator', (node, input) => byResultColumns(node, input));
defineOperator('ProjectReorderOperator', (node, input) => byResultColumns(node, input));

// project-rename: https://learn.microsoft.com/kusto/query/project-rename-operator
defineOperator('ProjectRenameOperator', (node, input) => {
  const op = node as Kusto.Language.Syntax.ProjectRenameOperator;
  const renames = new Map<string, string>();
  for (const e of elements(op.Expressions)) {
    if (!(e instanceof Syn().SimpleNamedExpression)) throw unsupported(`project-rename of "${e.toString()}"`, e);
    const from = (e.Expression as Kusto.Language.Syntax.NameReference).SimpleName ?? '';
    renames.set(e.Name?.SimpleName ?? '', from);
  }
  return byResultColumns(node, input, renames);
});

// take / limit: https://learn.microsoft.com/kusto/query/take-operator (the first rows in the input's order)
defineOperator('TakeOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.TakeOperator;
  const n = constantCount(op.Expression!, env, ctx);
  return { columns: input.columns, rows: input.rows.slice(0, n), serialized: input.serialized };
});

export function constantCount(expr: Kusto.Language.Syntax.Expression, env: Env, ctx: RunContext): number {
  const v = compileScalar(expr, scopeOf(ctx, env, [])).eval([]);
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new ExecError(`the row count "${text(expr)}" is not a non-negative number`, 'runtime', expr);
  return Math.floor(v);
}

// count: https://learn.microsoft.com/kusto/query/count-operator
defineOperator('CountOperator', (node, input) => ({
  columns: columnsOf(node),
  rows: [[input.rows.length]],
}));

// print: https://learn.microsoft.com/kusto/query/print-operator (one row; unnamed columns print_0, print_1, …)
defineOperator('PrintOperator', (node, _input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.PrintOperator;
  const out = columnsOf(node);
  const scope = scopeOf(ctx, env, []);
  const row = elements(op.Expressions).map(e => compileScalar(namedParts(e).expr, scope).eval([]));
  return { columns: out, rows: [row] };
});

/** One sort key: its value per row, its direction and where nulls go. */
export interface SortKey {
  get: (row: Row) => Value;
  desc: boolean;
  nullsFirst: boolean;
}

/** Sort keys of `by a desc, b asc nulls first`: https://learn.microsoft.com/kusto/query/sort-operator */
export function sortKeys(exprs: Kusto.Language.Syntax.Expression[], scope: Scope): SortKey[] {
  return exprs.map(e => {
    let expr = e;
    let desc = true;
    let nullsFirst: boolean | undefined;
    if (e instanceof Syn().OrderedExpression) {
      expr = e.Expression!;
      const dir = e.Ordering?.AscOrDescKeyword?.Text?.toLowerCase();
      if (dir === 'asc') desc = false;
      const nulls = e.Ordering?.NullsClause?.FirstOrLastKeyword?.Text?.toLowerCase();
      if (nulls) nullsFirst = nulls === 'first';
    }
    // Kusto's default: nulls last when descending, first when ascending.
    return { get: compileScalar(expr, scope).eval, desc, nullsFirst: nullsFirst ?? !desc };
  });
}

export function compareRows(keys: SortKey[]): (a: Row, b: Row) => number {
  return (a, b) => {
    for (const k of keys) {
      const x = k.get(a);
      const y = k.get(b);
      const xn = x === null || x === undefined;
      const yn = y === null || y === undefined;
      if (xn || yn) {
        if (xn && yn) continue;
        return xn === k.nullsFirst ? -1 : 1;
      }
      const c = compareValues(x, y);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  };
}

/** Sorted copy of the rows (stable, so ties keep the input's order). */
export function sortTable(input: Table, keys: SortKey[]): Table {
  const decorated = input.rows.slice();
  decorated.sort(compareRows(keys));
  return { columns: input.columns, rows: decorated, serialized: true };
}

// sort / order: https://learn.microsoft.com/kusto/query/sort-operator
defineOperator('SortOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.SortOperator;
  return sortTable(input, sortKeys(elements(op.Expressions), rowScope(ctx, env, input)));
});

// top: https://learn.microsoft.com/kusto/query/top-operator
defineOperator('TopOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.TopOperator;
  const n = constantCount(op.Expression!, env, ctx);
  const sorted = sortTable(input, sortKeys([op.ByExpression!], rowScope(ctx, env, input)));
  return { ...sorted, rows: sorted.rows.slice(0, n) };
});

// serialize: https://learn.microsoft.com/kusto/query/serialize-operator
defineOperator('SerializeOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.SerializeOperator;
  const exprs = elements(op.Expressions);
  const base: Table = { ...input, serialized: true };
  if (exprs.length === 0) return base;
  const scope = rowScope(ctx, env, base);
  const out = columnsOf(node);
  const added = new Map(
    exprs
      .map(e => namedParts(e))
      .map((e, i) => [e.name ?? out[input.columns.length + i]?.name ?? '', compileScalar(e.expr, scope).eval]),
  );
  const layout = out.map(c => {
    const f = added.get(c.name);
    if (f) return f;
    const i = input.columns.findIndex(k => k.name === c.name);
    return (row: Row) => row[i] ?? null;
  });
  return mapRows(base, out, layout, scope, ctx);
});

// as: https://learn.microsoft.com/kusto/query/as-operator (names the input for the rest of the query)
defineOperator('AsOperator', (node, input, env) => {
  const op = node as Kusto.Language.Syntax.AsOperator;
  env.set(op.Name?.SimpleName ?? '', { kind: 'table', get: () => input });
  return input;
});
