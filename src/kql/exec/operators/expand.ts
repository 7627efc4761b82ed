// mv-expand, mv-apply and the evaluate plugins that reshape dynamic values into rows or columns (bag_unpack).
import { checkBudget, scopeOf, type Env, type RunContext } from '../context.js';
import { ExecError, unsupported } from '../errors.js';
import { defineOperator, doc, elements, kindOf, tabularOperators, type SyntaxNode } from '../registry.js';
import { compileScalar, text } from '../scalar.js';
import type { Column, Table } from '../table.js';
import { columnsOf, evaluateTabular } from '../tabular.js';
import {
  isBag,
  newBag,
  nullOf,
  parseDatetime,
  parseGuid,
  parseTimespan,
  scalarType,
  type Dyn,
  type Row,
  type ScalarType,
  type Value,
} from '../values.js';
import { constantCount, namedParts, rowScope } from './basic.js';
import { operatorParameters, RowSink } from './common.js';

type Expression = Kusto.Language.Syntax.Expression;

/** Kusto's default row limit per input row for mv-expand and mv-apply (2^31 - 1). */
const NO_LIMIT = 2147483647;

/** One expanded expression: its output column, the element type (`to typeof(...)`), its value per input row. */
interface Expansion {
  name: string;
  type: ScalarType;
  get: (row: Row) => Value;
  node: Expression;
}

/**
 * The expressions of mv-expand / mv-apply. A column keeps its name; `Name = expr` names a new column; other
 * expressions take the name the binder gives them (`d.a` is `d_a`, `todynamic(s)` is `s`).
 */
function expansions(
  exprs: (Kusto.Language.Syntax.MvExpandExpression | Kusto.Language.Syntax.MvApplyExpression)[],
  input: Table,
  env: Env,
  ctx: RunContext,
): Expansion[] {
  const scope = rowScope(ctx, env, input);
  const out = exprs.map(e => {
    const { name, expr } = namedParts(e.Expression!);
    const typeName = e.ToTypeOf?.TypeOf?.ReferencedSymbol?.Name;
    const type = typeName === undefined ? 'dynamic' : scalarType(typeName);
    if (!type) throw unsupported(`to typeof(${typeName})`, e);
    const resultName =
      name ??
      (expr instanceof Kusto.Language.Syntax.NameReference
        ? expr.SimpleName
        : Kusto.Language.KustoFacts.GetExpressionResultName(expr, null, null));
    if (!resultName) throw unsupported(`expanding "${text(expr)}" without a name`, e);
    const compiled = compileScalar(expr, scope);
    if (compiled.type !== 'dynamic') throw new ExecError(`"${text(expr)}" is not dynamic`, 'runtime', expr);
    return { name: resultName, type, get: compiled.eval, node: e };
  });
  const names = new Set(out.map(x => x.name));
  if (names.size !== out.length) throw unsupported('expanding several expressions into columns of one name', exprs[0]);
  return out;
}

/**
 * The elements one value expands into (mv-expand-operator, "Returns"): an array's elements, a bag's entries (single
 * entry bags, or [key, value] pairs with bagexpansion=array), one null for null, nothing for an empty array or bag.
 */
function elementsOf(v: Value, bagAsArray: boolean, node: SyntaxNode): Dyn[] {
  if (v === null || v === undefined) return [null];
  if (Array.isArray(v)) return v;
  if (isBag(v)) {
    const keys = Object.keys(v);
    // JavaScript puts keys such as "2" before the others, whatever their order in the JSON text; Kusto keeps it.
    const moved = keys.length > 1 ? keys.find(k => /^(0|[1-9]\d{0,8})$/.test(k)) : undefined;
    if (moved !== undefined)
      throw unsupported(`expanding a property bag with the key "${moved}" (this engine does not keep its place)`, node);
    return keys.map(k => {
      if (bagAsArray) return [k, v[k] ?? null];
      const one = newBag();
      one[k] = v[k] ?? null;
      return one;
    });
  }
  throw unsupported(`mv-expand of ${JSON.stringify(v)}, a value that is neither an array nor a property bag`, node);
}

/**
 * `to typeof(T)`: a cast, never a conversion; an element that is not a T becomes null (mv-expand-operator). Datetimes,
 * timespans and guids inside dynamic values are held as their text by this engine, so that text is read back.
 */
function castElement(v: Dyn, type: ScalarType): Value {
  if (v === null) return nullOf(type);
  switch (type) {
    case 'dynamic':
      return v;
    case 'string':
      return typeof v === 'string' ? v : '';
    case 'bool':
      return typeof v === 'boolean' ? v : null;
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? v : null;
    case 'long':
      return typeof v === 'number' && Number.isInteger(v) ? v : null;
    case 'real':
    case 'decimal':
      return typeof v === 'number' ? v : null;
    case 'datetime':
      return typeof v === 'string' ? (parseDatetime(v) ?? null) : null;
    case 'timespan':
      return typeof v === 'string' ? (parseTimespan(v) ?? null) : null;
    case 'guid':
      return typeof v === 'string' ? (parseGuid(v) ?? null) : null;
  }
}

/** Expands one input row: calls `emit` with the expanded values (one per expansion) and the item index. */
function expandRow(
  row: Row,
  exps: Expansion[],
  bagAsArray: boolean,
  limit: number,
  emit: (values: Value[], index: number) => void,
): void {
  const lists = exps.map(x => elementsOf(x.get(row), bagAsArray, x.node));
  let n = 0;
  for (const l of lists) n = Math.max(n, l.length);
  n = Math.min(n, limit);
  for (let k = 0; k < n; k++)
    emit(
      lists.map((l, j) => castElement(k < l.length ? (l[k] ?? null) : null, exps[j]!.type)),
      k,
    );
}

function rowLimit(clause: { RowLimit: Expression | null } | null, env: Env, ctx: RunContext): number {
  return clause?.RowLimit ? constantCount(clause.RowLimit, env, ctx) : NO_LIMIT;
}

function bagExpansion(params: ReturnType<typeof operatorParameters>, node: SyntaxNode): boolean {
  const modes = ['kind', 'bagexpansion'].flatMap(p => {
    const v = params.get(p)?.text.toLowerCase();
    return v ? [v] : [];
  });
  for (const m of modes) if (m !== 'bag' && m !== 'array') throw unsupported(`bag expansion "${m}"`, node);
  if (new Set(modes).size > 1) throw unsupported('kind= and bagexpansion= that disagree', node);
  return modes[0] === 'array';
}

// mv-expand: https://learn.microsoft.com/kusto/query/mv-expand-operator
defineOperator('MvExpandOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.MvExpandOperator;
  const params = operatorParameters(op.Parameters);
  const bagAsArray = bagExpansion(params, node);
  const indexName = params.get('with_itemindex')?.text;
  const limit = rowLimit(op.RowLimitClause, env, ctx);
  const exps = expansions(elements(op.Expressions), input, env, ctx);
  const out = columnsOf(node);
  // Each output column: an expansion (by position in the emitted values), the item index, or an input column.
  const layout = out.map(c => {
    const e = exps.findIndex(x => x.name === c.name);
    if (e >= 0) return { expansion: e };
    if (c.name === indexName) return { index: true };
    const i = input.columns.findIndex(k => k.name === c.name);
    if (i < 0) throw new ExecError(`mv-expand lost column "${c.name}"`, 'unsupported', node);
    return { input: i };
  });
  const sink = new RowSink(ctx, out.length);
  input.rows.forEach((row, i) => {
    if ((i & 0xfff) === 0) checkBudget(ctx);
    expandRow(row, exps, bagAsArray, limit, (values, k) =>
      sink.push(
        layout.map(l =>
          'expansion' in l ? (values[l.expansion!] ?? null) : 'index' in l ? k : (row[l.input] ?? null),
        ),
      ),
    );
  });
  // Expansion keeps the input's order: https://learn.microsoft.com/kusto/query/window-functions
  return { columns: out, rows: sink.rows, serialized: input.serialized };
});

/** Applies a subquery whose source is implicit (mv-apply's `on (...)`) to `input`, operator after operator. */
export function applyToInput(expr: Expression, input: Table, env: Env, ctx: RunContext): Table {
  const kind = kindOf(expr);
  if (kind === 'PipeExpression') {
    const pipe = expr as Kusto.Language.Syntax.PipeExpression;
    return applyOperator(pipe.Operator!, applyToInput(pipe.Expression!, input, env, ctx), env, ctx);
  }
  if (kind === 'ParenthesizedExpression' || kind === 'MvApplySubqueryExpression')
    return applyToInput((expr as Kusto.Language.Syntax.ParenthesizedExpression).Expression!, input, env, ctx);
  if (tabularOperators.has(kind)) return applyOperator(expr, input, env, ctx);
  return evaluateTabular(expr, env, ctx);
}

function applyOperator(op: SyntaxNode, input: Table, env: Env, ctx: RunContext): Table {
  const impl = tabularOperators.get(kindOf(op));
  if (!impl) throw unsupported(`the operator "${op.GetFirstToken()?.Text ?? kindOf(op)}"`, op);
  try {
    return impl(op, input, env, ctx);
  } catch (e) {
    if (e instanceof ExecError) throw e.at(op);
    throw e;
  }
}

// mv-apply: https://learn.microsoft.com/kusto/query/mv-apply-operator. Each input row is expanded as mv-expand would
// (property bags into single-entry bags: mv-apply has no bagexpansion=array) into a subtable, the subquery runs on
// it, and the input's other columns are added to the subquery's rows.
defineOperator('MvApplyOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.MvApplyOperator;
  const params = operatorParameters(op.Parameters);
  for (const p of params.keys()) if (p !== 'with_itemindex') throw unsupported(`mv-apply ${p}=`, params.get(p)!.node);
  if (op.ContextIdClause) throw unsupported('mv-apply with a context id', op.ContextIdClause);
  const indexName = params.get('with_itemindex')?.text;
  const limit = rowLimit(op.RowLimitClause, env, ctx);
  const exps = expansions(elements(op.Expressions), input, env, ctx);
  // The subtable: the input's columns (an expanded column replaced in place, with its element type), then the new
  // expansion columns, then the item index, as the binder lays out the subquery's input.
  const sub: Column[] = input.columns.map(c => {
    const x = exps.find(e => e.name === c.name);
    return x ? { name: c.name, type: x.type } : c;
  });
  for (const x of exps) if (!input.columns.some(c => c.name === x.name)) sub.push({ name: x.name, type: x.type });
  if (indexName !== undefined) sub.push({ name: indexName, type: 'long' });
  const subLayout = sub.map(c => {
    const e = exps.findIndex(x => x.name === c.name);
    if (e >= 0) return { expansion: e };
    if (c.name === indexName) return { index: true };
    return { input: input.columns.findIndex(k => k.name === c.name) };
  });
  const out = columnsOf(node);
  const subquery = op.Subquery!;
  const sink = new RowSink(ctx, out.length);
  input.rows.forEach((row, i) => {
    if ((i & 0xff) === 0) checkBudget(ctx);
    const subRows: Row[] = [];
    expandRow(row, exps, false, limit, (values, k) =>
      subRows.push(
        subLayout.map(l =>
          'expansion' in l ? (values[l.expansion!] ?? null) : 'index' in l ? k : (row[l.input] ?? null),
        ),
      ),
    );
    const result = applyToInput(subquery, { columns: sub, rows: subRows, serialized: input.serialized }, env, ctx);
    const from = out.map(c => {
      const j = result.columns.findIndex(k => k.name === c.name);
      if (j >= 0) return (r: Row) => r[j] ?? null;
      const k = input.columns.findIndex(x => x.name === c.name);
      if (k < 0) throw new ExecError(`mv-apply lost column "${c.name}"`, 'unsupported', node);
      return () => row[k] ?? null;
    });
    for (const r of result.rows) sink.push(from.map(f => f(r)));
  });
  return { columns: out, rows: sink.rows };
});

// ---------------------------------------------------------------- evaluate plugins

export type Plugin = (
  call: Kusto.Language.Syntax.FunctionCallExpression,
  node: Kusto.Language.Syntax.EvaluateOperator,
  input: Table,
  env: Env,
  ctx: RunContext,
) => Table;

const plugins = new Map<string, { run: Plugin; doc: string }>();

/** The `evaluate` plugins the engine runs, with the page each follows (docs/kql-engine.md lists them). */
export const evaluatePlugins: ReadonlyMap<string, { doc: string }> = plugins;

/** Registers an `evaluate` plugin by name (evaluate-operator); the others are refused by name. */
export function definePlugin(name: string, doc: string, run: Plugin): void {
  plugins.set(name, { run, doc });
}

// evaluate: https://learn.microsoft.com/kusto/query/evaluate-operator
defineOperator('EvaluateOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.EvaluateOperator;
  const call = op.FunctionCall!;
  const name = call.Name?.SimpleName ?? '';
  const plugin = plugins.get(name);
  if (!plugin) throw unsupported(`the plugin evaluate ${name}()`, call);
  if (op.Parameters && op.Parameters.Count > 0) throw unsupported(`evaluate ${name}() with hints`, op);
  return plugin.run(call, op, input, env, ctx);
});

/** The column type of a bag slot's value, or undefined for null (ignored when the slot's type is decided). */
function slotType(v: Dyn): ScalarType | undefined {
  if (v === null) return undefined;
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'real';
  return 'dynamic';
}

/** The arguments of a plugin call: positional ones in order, named ones by lower-case name; constants only. */
function pluginArguments(
  call: Kusto.Language.Syntax.FunctionCallExpression,
  env: Env,
  ctx: RunContext,
): { positional: Expression[]; named: Map<string, { value: Value; node: Expression }> } {
  const positional: Expression[] = [];
  const named = new Map<string, { value: Value; node: Expression }>();
  const scope = scopeOf(ctx, env, []);
  for (const a of elements(call.ArgumentList?.Expressions)) {
    if (a instanceof Kusto.Language.Syntax.SimpleNamedExpression) {
      const c = compileScalar(a.Expression!, scope);
      if (!c.constant) throw unsupported(`the argument "${text(a)}" that is not a constant`, a);
      named.set((a.Name?.SimpleName ?? '').toLowerCase(), { value: c.constant.value, node: a });
    } else positional.push(a);
  }
  return { positional, named };
}

// bag_unpack: https://learn.microsoft.com/kusto/query/bag-unpack-plugin. One column per top-level slot of the bags,
// after the input's other columns, sorted by name as the page's examples show (Age, Height, Name); a slot's type is
// that of its non-null values when they agree, dynamic when they differ. The binder cannot know these columns.
definePlugin('bag_unpack', doc('bag-unpack-plugin'), (call, node, input, env, ctx) => {
  const { positional, named } = pluginArguments(call, env, ctx);
  const column = positional[0];
  if (!(column instanceof Kusto.Language.Syntax.NameReference)) throw unsupported('bag_unpack of an expression', call);
  const source = input.columns.findIndex(c => c.name === column.SimpleName);
  if (source < 0) throw new ExecError(`bag_unpack: no column "${column.SimpleName}"`, 'runtime', column);
  const scope = scopeOf(ctx, env, []);
  const constant = (e: Expression | undefined, what: string): Value => {
    if (!e) return null;
    const c = compileScalar(e, scope);
    if (!c.constant) throw unsupported(`bag_unpack with a ${what} that is not a constant`, e);
    return c.constant.value;
  };
  const asText = (v: Value, fallback: string) => (typeof v === 'string' ? v : fallback);
  const prefix = asText(named.get('outputcolumnprefix')?.value ?? constant(positional[1], 'prefix'), '');
  const conflict = asText(named.get('columnsconflict')?.value ?? constant(positional[2], 'columnsConflict'), 'error');
  const ignoredValue = named.get('ignoredproperties')?.value ?? constant(positional[3], 'ignoredProperties');
  const ignored = new Set(Array.isArray(ignoredValue) ? ignoredValue.map(String) : []);
  if (!['error', 'replace_source', 'keep_source'].includes(conflict))
    throw new ExecError(
      `bag_unpack: columnsConflict '${conflict}' is not error, replace_source or keep_source`,
      'runtime',
      call,
    );

  // Slots seen in the data, with the types of their non-null values.
  const slots = new Map<string, Set<ScalarType>>();
  for (const row of input.rows) {
    const bag = row[source] ?? null;
    if (bag === null) continue;
    if (!isBag(bag)) throw unsupported(`bag_unpack of ${JSON.stringify(bag)}, which is not a property bag`, call);
    for (const [k, v] of Object.entries(bag)) {
      if (ignored.has(k)) continue;
      let types = slots.get(k);
      if (!types) slots.set(k, (types = new Set()));
      const t = slotType(v);
      if (t) types.add(t);
    }
  }
  if (node.Schema) return unpackWithSchema(node, input, source, prefix, slots);
  const names = [...slots.keys()];
  const ordinal = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const caseless = [...names].sort((a, b) => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
  // The page's examples do not tell an ordinal sort from a case-insensitive one: where they differ, refuse.
  if (ordinal.some((n, i) => n !== caseless[i]))
    throw unsupported(`bag_unpack of slots whose order depends on letter case (${ordinal.join(', ')})`, call);
  const kept = input.columns.map((c, i) => ({ c, i })).filter(x => x.i !== source);
  const slotColumns: { name: string; slot: string; type: ScalarType }[] = [];
  for (const slot of ordinal) {
    const types = slots.get(slot)!;
    if (types.size === 0)
      throw unsupported(
        `bag_unpack of the slot "${slot}", which is null in every row (its column type is not documented)`,
        call,
      );
    slotColumns.push({ name: prefix + slot, slot, type: types.size === 1 ? [...types][0]! : 'dynamic' });
  }
  let inputColumns = kept;
  for (const s of slotColumns) {
    if (!kept.some(x => x.c.name === s.name)) continue;
    if (conflict === 'error')
      throw new ExecError(
        `bag_unpack: the slot "${s.slot}" makes a column "${s.name}" that the input already has`,
        'runtime',
        call,
      );
    if (conflict === 'keep_source')
      throw unsupported(
        'bag_unpack columnsConflict=keep_source where a slot meets a column (its column order is unclear)',
        call,
      );
    inputColumns = inputColumns.filter(x => x.c.name !== s.name);
  }
  const columns: Column[] = [...inputColumns.map(x => x.c), ...slotColumns.map(s => ({ name: s.name, type: s.type }))];
  const rows = input.rows.map(row => {
    const bag = row[source] ?? null;
    return [
      ...inputColumns.map(x => row[x.i] ?? null),
      ...slotColumns.map(s => {
        const v = isBag(bag) && Object.hasOwn(bag, s.slot) ? (bag[s.slot] ?? null) : null;
        return v === null ? nullOf(s.type) : v;
      }),
    ];
  });
  return { columns, rows };
});

/** bag_unpack with an output schema: the schema's columns (and the input's other columns where it starts with `*`). */
function unpackWithSchema(
  node: Kusto.Language.Syntax.EvaluateOperator,
  input: Table,
  source: number,
  prefix: string,
  slots: Map<string, Set<ScalarType>>,
): Table {
  const schema = node.Schema!.Schema!;
  const declared = new Set(elements(schema.Columns).map(c => c.Name?.SimpleName ?? ''));
  const out = columnsOf(node);
  const star = !!schema.AsteriskToken;
  const layout = out.map(c => {
    const i = input.columns.findIndex(k => k.name === c.name);
    const fromInput = star && i >= 0 && i !== source;
    if (fromInput && declared.has(c.name))
      throw unsupported(`bag_unpack with an output schema that names the input column "${c.name}" again`, node);
    if (fromInput) return (row: Row) => row[i] ?? null;
    const slot = c.name.startsWith(prefix) ? c.name.slice(prefix.length) : undefined;
    const types = slot === undefined ? undefined : slots.get(slot);
    const fits = (t: ScalarType) =>
      t === c.type || c.type === 'dynamic' || (t === 'long' && (c.type === 'real' || c.type === 'decimal'));
    if (types && [...types].some(t => !fits(t)))
      throw unsupported(
        `bag_unpack: the slot "${slot}" holds values that are not ${c.type} as the output schema says`,
        node,
      );
    return (row: Row) => {
      const bag = row[source] ?? null;
      const v = slot !== undefined && isBag(bag) && Object.hasOwn(bag, slot) ? (bag[slot] ?? null) : null;
      return v === null ? nullOf(c.type) : v;
    };
  });
  return { columns: out, rows: input.rows.map(row => layout.map(f => f(row))) };
}
