// union, distinct and range: operators that gather rows from several sources, drop repeated rows or make rows.
import { checkBudget, scopeOf, type Env, type RunContext } from '../context.js';
import { ExecError, unsupported } from '../errors.js';
import { defineOperator, elements, kindOf, resultTypeOf, type SyntaxNode } from '../registry.js';
import { compileScalar, text } from '../scalar.js';
import type { Column, Table } from '../table.js';
import { columnsOf, conform, evaluateTabular, untypedColumn } from '../tabular.js';
import { keyOf, nullOf, scalarType, type Row, type ScalarType, type Value } from '../values.js';
import { operatorParameters } from './common.js';

type Expression = Kusto.Language.Syntax.Expression;

/** One source of a union: its name for `withsource` (when it has one), its columns and its rows. */
interface Leg {
  name?: string;
  columns: Column[];
  rows: () => Table;
}

function symbolColumns(sym: Kusto.Language.Symbols.TableSymbol, node: SyntaxNode): Column[] {
  const out: Column[] = [];
  for (let i = 0; i < (sym.Columns?.Count ?? 0); i++) {
    const c = sym.Columns!.getItem(i);
    const type = scalarType(c.Type?.Name);
    if (!type) throw untypedColumn(c.Name ?? '', node, sym.Name ?? undefined);
    out.push({ name: c.Name ?? '', type });
  }
  return out;
}

/** The binder's columns, with the type of those it could not type left undefined. */
function boundColumns(node: SyntaxNode): { name: string; type?: ScalarType }[] {
  const rt = resultTypeOf(node);
  if (!(rt instanceof Kusto.Language.Symbols.TableSymbol)) return [];
  const out: { name: string; type?: ScalarType }[] = [];
  for (let i = 0; i < (rt.Columns?.Count ?? 0); i++) {
    const c = rt.Columns!.getItem(i);
    out.push({ name: c.Name ?? '', type: scalarType(c.Type?.Name) });
  }
  return out;
}

/** A leg names its source when it is a table or a view (https://learn.microsoft.com/kusto/query/union-operator). */
function legName(e: Expression): string | undefined {
  if (!(e instanceof Kusto.Language.Syntax.NameReference)) return undefined;
  const sym = e.ReferencedSymbol;
  if (sym instanceof Kusto.Language.Symbols.TableSymbol) return sym.Name ?? undefined;
  if (sym instanceof Kusto.Language.Symbols.FunctionSymbol && sym.IsView) return sym.Name ?? undefined;
  return undefined;
}

/**
 * With isfuzzy=true, a leg that names a table the query cannot resolve is left out, as Kusto does. The binder types
 * such a name as an empty open table (other names without a symbol, such as the `[16]` of `x.[16]`, are not tables).
 */
function unresolved(e: Expression): boolean {
  let missing = false;
  e.WalkElements(x => {
    if (
      x instanceof Kusto.Language.Syntax.NameReference &&
      !x.ReferencedSymbol &&
      resultTypeOf(x) instanceof Kusto.Language.Symbols.TableSymbol
    )
      missing = true;
  });
  return missing;
}

/** Legs of the union: the piped input first (`T | union …`), then each expression; `Sec*` is every matching table. */
function unionLegs(
  op: Kusto.Language.Syntax.UnionOperator,
  input: Table,
  fuzzy: boolean,
  env: Env,
  ctx: RunContext,
): { legs: Leg[]; dropped: boolean } {
  const legs: Leg[] = [];
  let dropped = false;
  const parent = op.Parent;
  if (parent instanceof Kusto.Language.Syntax.PipeExpression && parent.Operator === op)
    legs.push({ name: legName(parent.Expression!), columns: input.columns, rows: () => input });
  for (const e of elements(op.Expressions)) {
    const sym = e instanceof Kusto.Language.Syntax.NameReference ? e.ReferencedSymbol : null;
    if (sym instanceof Kusto.Language.Symbols.GroupSymbol) {
      for (let i = 0; i < (sym.Members?.Count ?? 0); i++) {
        const member = sym.Members!.getItem(i);
        if (!(member instanceof Kusto.Language.Symbols.TableSymbol))
          throw unsupported(`a wildcard union of "${member.Name}", which is not a table`, e);
        const columns = symbolColumns(member, e);
        const name = member.Name ?? '';
        legs.push({
          name,
          columns,
          rows: () => {
            const data = ctx.tables.get(name);
            return data ? conform(data, columns) : { columns, rows: [] };
          },
        });
      }
      continue;
    }
    if (fuzzy && unresolved(e)) {
      dropped = true;
      continue;
    }
    legs.push({ name: legName(e), columns: columnsOf(e), rows: () => evaluateTabular(e, env, ctx) });
  }
  return { legs, dropped };
}

/**
 * The union's columns: one per name and type, in the order names first appear; a name seen with several types
 * gets one column per type, suffixed with the type (union-operator, "Source columns types mismatch"). The names come
 * from the binder, so the rest of the query reads them as it was bound.
 */
function unionColumns(
  legs: Leg[],
  bound: { name: string; type?: ScalarType }[],
  dropped: boolean,
  node: SyntaxNode,
): { columns: Column[]; sources: string[] } {
  const groups = new Map<string, ScalarType[]>();
  for (const leg of legs)
    for (const c of leg.columns) {
      const types = groups.get(c.name);
      if (!types) groups.set(c.name, [c.type]);
      else if (!types.includes(c.type)) types.push(c.type);
    }
  const refuse = (name: string, types: ScalarType[]) =>
    unsupported(
      `this union: its sources' column "${name}" (${types.join(', ')}) is named one way by the query's binder and ` +
        'another by the documented rule (one column per name and type)',
      node,
    );
  const out: Column[] = [];
  /** The source column (name and type) of each output column. */
  const sources: string[] = [];
  let j = 0;
  for (const [name, types] of groups) {
    for (const type of types) {
      sources.push(`${name}\u0000${type}`);
      if (types.length === 1) {
        if (!dropped && (bound[j]?.name !== name || bound[j]?.type !== type)) throw refuse(name, types);
        out.push({ name, type });
      } else {
        // Kusto's documentation and its binder disagree on which column keeps a suffixed name that another source
        // also uses (x_long from x:long, and a source's own x_long): refused rather than guessed.
        const candidates = dropped ? bound : [bound[j]];
        const match = candidates.find(
          b => b && b.type === type && b.name.startsWith(`${name}_`) && /^[a-z]+$/.test(b.name.slice(name.length + 1)),
        );
        if (!match || groups.has(match.name)) throw refuse(name, types);
        out.push({ name: match.name, type });
      }
      j++;
    }
  }
  if (!dropped && j !== bound.length) {
    const extra = bound[j];
    throw refuse(extra?.name ?? '', extra?.type ? [extra.type] : []);
  }
  return { columns: out, sources };
}

// union: https://learn.microsoft.com/kusto/query/union-operator (kind=outer by default; rows of every source)
defineOperator('UnionOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.UnionOperator;
  const params = operatorParameters(op.Parameters);
  const fuzzy = (params.get('isfuzzy')?.text ?? 'false').toLowerCase() === 'true';
  const kind = (params.get('kind')?.text ?? 'outer').toLowerCase();
  const source = params.get('withsource')?.text;
  const { legs, dropped } = unionLegs(op, input, fuzzy, env, ctx);
  if (legs.length === 0)
    throw new ExecError('union isfuzzy=true found none of its sources (Kusto fails such a query)', 'runtime', node);
  // Without the sources isfuzzy leaves out, the binder's columns are only a source of names: a column it could not
  // type (one of a missing source's) is no reason to stop.
  const bound = dropped ? boundColumns(node) : columnsOf(node);
  if (source !== undefined && bound[0]?.name !== source)
    throw unsupported(`withsource=${source} beside a column of the same name`, node);
  const { columns, sources } = unionColumns(legs, source !== undefined ? bound.slice(1) : bound, dropped, node);
  if (source !== undefined && columns.some(c => c.name === source))
    throw unsupported(`withsource=${source} beside a column of the same name`, node);
  if (kind === 'inner') {
    // The binder lists every column for kind=inner too; only when all sources share their columns is the answer
    // certain (then inner and outer agree).
    const same = legs.every(l => l.columns.length === columns.length);
    if (!same) throw unsupported('union kind=inner of sources with different columns', node);
  } else if (kind !== 'outer') throw unsupported(`union kind=${kind}`, node);
  const position = new Map(sources.map((k, i) => [k, i]));
  const nulls = columns.map(c => nullOf(c.type));
  const rows: Row[] = [];
  for (const leg of legs) {
    if (source !== undefined && leg.name === undefined)
      throw unsupported('withsource for a union source that is not a table or view name', node);
    const table = leg.rows();
    const from = table.columns.map(c => position.get(`${c.name}\u0000${c.type}`));
    for (let i = 0; i < table.rows.length; i++) {
      if (((rows.length + 1) & 0xffff) === 0) checkBudget(ctx, rows.length);
      const r = table.rows[i]!;
      const o: Row = nulls.slice();
      for (let j = 0; j < from.length; j++) {
        const p = from[j];
        if (p !== undefined) o[p] = r[j] ?? null;
      }
      rows.push(source !== undefined ? [leg.name!, ...o] : o);
    }
  }
  checkBudget(ctx, rows.length);
  return { columns: source !== undefined ? [{ name: source, type: 'string' }, ...columns] : columns, rows };
});

// distinct: https://learn.microsoft.com/kusto/query/distinct-operator (`*` for all columns; first occurrence kept)
defineOperator('DistinctOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.DistinctOperator;
  const out = columnsOf(node);
  const exprs = elements(op.Expressions);
  const scope = scopeOf(ctx, env, input.columns);
  const getters: ((row: Row) => Value)[] = [];
  for (const e of exprs) {
    if (kindOf(e) === 'StarExpression') input.columns.forEach((_, i) => getters.push(row => row[i] ?? null));
    else getters.push(compileScalar(e, scope).eval);
  }
  if (getters.length !== out.length) throw new ExecError('distinct produced an unexpected shape', 'unsupported', node);
  const seen = new Set<string>();
  const rows: Row[] = [];
  input.rows.forEach((r, i) => {
    if ((i & 0xffff) === 0) checkBudget(ctx, seen.size);
    const o = getters.map(g => g(r));
    let k = '';
    for (const v of o) k += keyOf(v) + '\u0001';
    if (seen.has(k)) return;
    seen.add(k);
    rows.push(o);
  });
  return { columns: out, rows };
});

// range: https://learn.microsoft.com/kusto/query/range-operator (start, start+step, … up to and including stop)
defineOperator('RangeOperator', (node, _input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.RangeOperator;
  const out = columnsOf(node);
  const type = out[0]?.type;
  const scope = scopeOf(ctx, env, []);
  const value = (e: Expression | null) => (e ? compileScalar(e, scope).eval([]) : null);
  const [from, to, step] = [value(op.From), value(op.To), value(op.Step)];
  if (from === null || to === null || step === null) throw unsupported('range with a null bound or step', node);
  const rows: Row[] = [];
  if (typeof from === 'bigint' && typeof to === 'bigint' && typeof step === 'bigint') {
    if (step <= 0n) throw unsupported(`range with the step ${text(op.Step!)} (only positive steps are)`, op.Step!);
    const count = to < from ? 0n : (to - from) / step + 1n;
    // The row limit is checked before a single row is made: `range x from 1 to 1e12 step 1` fails at once.
    checkBudget(ctx, Number(count));
    for (let i = 0n; i < count; i++) rows.push([from + i * step]);
    return { columns: out, rows };
  }
  if (typeof from === 'number' && typeof to === 'number' && typeof step === 'number') {
    if (!(step > 0)) throw unsupported(`range with the step ${text(op.Step!)} (only positive steps are)`, op.Step!);
    // Kusto's floating-point accumulation is not documented: real ranges are run only where every value is exact.
    if (type !== 'int' && type !== 'long' && !(Number.isInteger(from) && Number.isInteger(step)))
      throw unsupported('range over real numbers that are not whole', node);
    const count = to < from ? 0 : Math.floor((to - from) / step) + 1;
    checkBudget(ctx, count);
    if (!Number.isSafeInteger(from + (count - 1) * step)) throw unsupported('range with values beyond ±2^53', node);
    for (let i = 0; i < count; i++) rows.push([from + i * step]);
    return { columns: out, rows };
  }
  throw unsupported(`range of ${type ?? 'these types'}`, node);
});
