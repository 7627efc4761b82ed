// The columns an extend or project computes, including those of functions with several results: a bare call
// (`extend series_fit_line(y)`, columns named by the binder) or a compound name (`extend (a, b) = series_fit_line(y)`:
// the names given take the first results in order, the binder names the rest). https://learn.microsoft.com/kusto/query/extend-operator
import type { Scope } from './context.js';
import { unsupported } from './errors.js';
import { elements, kindOf, scalarFunctions, type CallSite, type Expression } from './registry.js';
import { compileScalar, text } from './scalar.js';
import { scalarType, type Row, type ScalarType, type Value } from './values.js';

export interface ColumnPart {
  /** The name written in the query; absent when the binder names the column (a bare expression). */
  name?: string;
  /** The name the binder gives a result of a several-result call that the query does not name. */
  tupleName?: string;
  eval: (row: Row) => Value;
}

function tupleColumns(node: Expression): { name: string; type: ScalarType }[] | undefined {
  const rt = node.ResultType;
  if (!(rt instanceof Kusto.Language.Symbols.TupleSymbol)) return undefined;
  const out: { name: string; type: ScalarType }[] = [];
  for (let i = 0; i < (rt.Columns?.Count ?? 0); i++) {
    const c = rt.Columns!.getItem(i);
    const type = scalarType(c.Type?.Name);
    if (!type) throw unsupported(`"${text(node)}", whose result ${c.Name ?? ''} has no known type,`, node);
    out.push({ name: c.Name ?? '', type });
  }
  return out;
}

/** One evaluator per result of a several-result call; the call runs once per row. */
function compileTupleCall(node: Expression, scope: Scope): ((row: Row) => Value)[] {
  const columns = tupleColumns(node)!;
  if (!(node instanceof Kusto.Language.Syntax.FunctionCallExpression))
    throw unsupported(`"${text(node)}", an expression of several results,`, node);
  const name = node.Name?.SimpleName ?? '';
  const fn = scalarFunctions.get(name);
  if (!fn) throw unsupported(`the function ${name}()`, node);
  if (!fn.tuple) throw unsupported(`the function ${name}() with several results`, node);
  const args = elements(node.ArgumentList?.Expressions).map(a => compileScalar(a, scope));
  const site: CallSite = { name, node, args, resultType: 'dynamic', scope, columns };
  const call = fn.compile(site) as unknown as (row: Row) => Value[];
  let last: Row | undefined;
  let values: Value[] = [];
  const get = (row: Row) => {
    if (row !== last) {
      values = call(row);
      last = row;
    }
    return values;
  };
  return columns.map((_, i) => (row: Row) => get(row)[i] ?? null);
}

/** The parts of an extend or project list, in order; a several-result call gives one part per result. */
export function columnParts(
  list: Kusto.Language.Syntax.SyntaxList$1<Kusto.Language.Syntax.SeparatedElement$1<Expression>> | null,
  scope: Scope,
): ColumnPart[] {
  const parts: ColumnPart[] = [];
  for (const e of elements(list)) {
    if (e instanceof Kusto.Language.Syntax.SimpleNamedExpression) {
      parts.push({ name: e.Name?.SimpleName ?? '', eval: compileScalar(e.Expression!, scope).eval });
      continue;
    }
    const compound =
      kindOf(e) === 'CompoundNamedExpression' ? (e as Kusto.Language.Syntax.CompoundNamedExpression) : null;
    const expr = compound ? compound.Expression! : e;
    const columns = tupleColumns(expr);
    if (!columns) {
      if (compound) throw unsupported('naming several columns of an expression that has one result', e);
      parts.push({ eval: compileScalar(expr, scope).eval });
      continue;
    }
    const names = compound ? elements(compound.Names?.Names).map(n => n.SimpleName ?? '') : [];
    if (names.length > columns.length)
      throw unsupported(`${names.length} names for the ${columns.length} results of "${text(expr)}"`, e);
    const evals = compileTupleCall(expr, scope);
    columns.forEach((c, i) =>
      parts.push(i < names.length ? { name: names[i], eval: evals[i]! } : { tupleName: c.name, eval: evals[i]! }),
    );
  }
  return parts;
}
