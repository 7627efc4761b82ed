// Evaluates tabular expressions: table references, let-bound tables and functions, datatable, pipes of operators.
// Statements: https://learn.microsoft.com/kusto/query/let-statement (let binds scalars, tables and functions; the
// query's result is its tabular expression statement).
import { checkBudget, Env, scopeOf, type RunContext } from './context.js';
import { ExecError, unsupported } from './errors.js';
import { elements, kindOf, resultTypeOf, tabularOperators } from './registry.js';
import { compileScalar, text, typeOf } from './scalar.js';
import type { Column, Table } from './table.js';
import { userFunctionBody } from './user-functions.js';
import { nullOf, scalarType, type Row, type ScalarType, type Value } from './values.js';

type Expression = Kusto.Language.Syntax.Expression;
type SyntaxNode = Kusto.Language.Syntax.SyntaxNode;

/** Whether the binder typed an expression as a table. */
export function isTabular(node: SyntaxNode): boolean {
  return resultTypeOf(node) instanceof Kusto.Language.Symbols.TableSymbol;
}

/** The columns the binder computed for a tabular expression (names and types, in order). */
export function columnsOf(node: SyntaxNode): Column[] {
  const rt = resultTypeOf(node);
  if (!(rt instanceof Kusto.Language.Symbols.TableSymbol)) return [];
  const out: Column[] = [];
  for (let i = 0; i < (rt.Columns?.Count ?? 0); i++) {
    const c = rt.Columns!.getItem(i);
    const type = scalarType(c.Type?.Name);
    if (!type) throw untypedColumn(c.Name ?? '', node);
    out.push({ name: c.Name ?? '', type });
  }
  return out;
}

/**
 * A column the binder has no type for: a name no schema lists, read from an open row scope (the result of
 * bag_unpack or pivot, whose columns Kusto takes from the data, or an open table or parser). The engine types
 * every column by the binder, so it cannot run the query; over data that lacks the column Kusto fails too.
 */
export function untypedColumn(name: string, node: SyntaxNode, source?: string): ExecError {
  return new ExecError(
    `cannot tell the type of column "${name}"${source ? ` of ${source}` : ''}: no schema lists it, and it is read ` +
      'where the columns depend on the data (after bag_unpack or pivot, or from an open table or parser); give its ' +
      'type with column_ifexists() or an output schema, or add it to the schema',
    'unsupported',
    node,
  );
}

export const EMPTY: Table = { columns: [], rows: [] };

/** Binds the let statements of a query or function body into `env`; returns the tabular expression statements. */
export function bindStatements(
  statements: Kusto.Language.Syntax.SyntaxList$1<
    Kusto.Language.Syntax.SeparatedElement$1<Kusto.Language.Syntax.Statement>
  > | null,
  env: Env,
  ctx: RunContext,
): Expression[] {
  const results: Expression[] = [];
  for (const st of elements(statements)) {
    const kind = kindOf(st);
    if (kind === 'LetStatement') bindLet(st as Kusto.Language.Syntax.LetStatement, env, ctx);
    else if (kind === 'ExpressionStatement') {
      const e = (st as Kusto.Language.Syntax.ExpressionStatement).Expression;
      if (e) results.push(e);
    } else if (kind === 'SetOptionStatement') {
      // Client request properties change nothing a rule's result depends on.
    } else if (kind === 'QueryParametersStatement')
      bindQueryParameters(st as Kusto.Language.Syntax.QueryParametersStatement, env, ctx);
    else throw unsupported(`the statement "${text(st)}"`, st);
  }
  return results;
}

/**
 * query-parameters-statement (https://learn.microsoft.com/kusto/query/query-parameters-statement): "the default is
 * used if the request doesn't provide a concrete value for the parameter". A rule's query gets no parameters, so each
 * takes its default; one without a default has no value here, and a use of it is refused.
 */
function bindQueryParameters(st: Kusto.Language.Syntax.QueryParametersStatement, env: Env, ctx: RunContext): void {
  for (const p of elements(st.Parameters)) {
    const decl = p.NameAndType?.Name;
    const name = decl?.SimpleName ?? '';
    const type = typeOf(decl!);
    const value = p.DefaultValue?.Value;
    if (!value) {
      env.set(name, {
        kind: 'scalar',
        type,
        get: () => {
          throw unsupported(`the query parameter ${name}, which has no default (no parameters are passed)`, decl!);
        },
      });
      continue;
    }
    const c = compileScalar(value, scopeOf(ctx, env, []));
    env.set(name, { kind: 'scalar', type, get: () => c.eval([]) });
  }
}

function bindLet(st: Kusto.Language.Syntax.LetStatement, env: Env, ctx: RunContext): void {
  const name = st.Name?.SimpleName ?? '';
  const expr = st.Expression!;
  const kind = kindOf(expr);
  if (kind === 'FunctionDeclaration') {
    env.set(name, { kind: 'function', env });
    return;
  }
  if (isTabular(expr)) {
    let cached: Table | undefined;
    env.set(name, { kind: 'table', get: () => (cached ??= evaluateTabular(expr, env, ctx)) });
    return;
  }
  const type = typeOf(expr);
  const compiled = compileScalar(expr, scopeOf(ctx, env, []));
  let value: { v: ReturnType<typeof compiled.eval> } | undefined;
  env.set(name, { kind: 'scalar', type, get: () => (value ??= { v: compiled.eval([]) }).v });
}

/** The table a tabular expression evaluates to. */
export function evaluateTabular(node: Expression, env: Env, ctx: RunContext): Table {
  try {
    checkBudget(ctx);
    const t = evaluate(node, env, ctx);
    checkBudget(ctx, t.rows.length);
    return t;
  } catch (e) {
    if (e instanceof ExecError) throw e.at(node);
    throw e;
  }
}

function evaluate(node: Expression, env: Env, ctx: RunContext): Table {
  const kind = kindOf(node);
  switch (kind) {
    case 'PipeExpression': {
      const pipe = node as Kusto.Language.Syntax.PipeExpression;
      const input = evaluateTabular(pipe.Expression!, env, ctx);
      return applyOperator(pipe.Operator!, input, env, ctx);
    }
    case 'ParenthesizedExpression':
      return evaluateTabular((node as Kusto.Language.Syntax.ParenthesizedExpression).Expression!, env, ctx);
    case 'NameReference':
      return nameTable(node as Kusto.Language.Syntax.NameReference, env, ctx);
    case 'FunctionCallExpression':
      return callTable(node as Kusto.Language.Syntax.FunctionCallExpression, env, ctx);
    case 'DataTableExpression':
      return dataTable(node as Kusto.Language.Syntax.DataTableExpression, env, ctx);
    case 'MaterializeExpression':
      return evaluateTabular((node as Kusto.Language.Syntax.MaterializeExpression).Expression!, env, ctx);
    case 'ExternalDataExpression':
      // https://learn.microsoft.com/kusto/query/externaldata-operator reads its rows from storage URLs; the engine
      // runs offline, and rows it made up would not be Kusto's.
      throw unsupported('externaldata (it reads its rows from URLs; the engine never reads the network)', node);
    default:
      // Operators that start a query (print, range, union, search, find, evaluate …) take no input.
      if (tabularOperators.has(kind)) return applyOperator(node, EMPTY, env, ctx);
      throw unsupported(`the tabular expression "${text(node)}" (${kind})`, node);
  }
}

function applyOperator(op: SyntaxNode, input: Table, env: Env, ctx: RunContext): Table {
  const kind = kindOf(op);
  const impl = tabularOperators.get(kind);
  if (!impl) throw unsupported(`the operator "${operatorName(op)}"`, op);
  try {
    return impl(op, input, env, ctx);
  } catch (e) {
    if (e instanceof ExecError) throw e.at(op);
    throw e;
  }
}

/** The operator's keyword(s) as written (`mv-expand`, `project-away`), for messages. */
function operatorName(op: SyntaxNode): string {
  const first = op.GetFirstToken();
  const t = first?.Text ?? kindOf(op);
  const next = first?.GetNextToken?.();
  return t === 'evaluate' && next ? `evaluate ${next.Text}` : t;
}

function nameTable(node: Kusto.Language.Syntax.NameReference, env: Env, ctx: RunContext): Table {
  const name = node.SimpleName ?? '';
  const b = env.get(name);
  if (b?.kind === 'table') return b.get();
  const sym = node.ReferencedSymbol;
  if (sym instanceof Kusto.Language.Symbols.FunctionSymbol)
    return callTable(node as unknown as Kusto.Language.Syntax.FunctionCallExpression, env, ctx);
  if (sym instanceof Kusto.Language.Symbols.TableSymbol) return dataOrEmpty(name, node, ctx);
  throw unsupported(`the table reference "${name}"`, node);
}

/** A table of the data, seen through the columns the query was bound with; an absent table is empty. */
export function dataOrEmpty(name: string, node: SyntaxNode, ctx: RunContext): Table {
  const columns = columnsOf(node);
  const data = ctx.tables.get(name);
  if (!data) return { columns, rows: [] };
  return conform(data, columns);
}

/** Rows of `data` laid out as `columns` (by name); columns the data lacks are nulls of their type. */
export function conform(data: Table, columns: Column[]): Table {
  const same =
    data.columns.length === columns.length &&
    data.columns.every((c, i) => c.name === columns[i]?.name && c.type === columns[i]?.type);
  if (same) return data;
  const from = columns.map(c => {
    const i = data.columns.findIndex(d => d.name === c.name);
    if (i >= 0 && data.columns[i]?.type !== c.type)
      throw new ExecError(
        `column "${c.name}" of the data is ${data.columns[i]?.type} but the query reads it as ${c.type}`,
        'runtime',
      );
    return i;
  });
  const nulls = columns.map(c => nullOf(c.type));
  return {
    columns,
    rows: data.rows.map(r => from.map((i, j) => (i >= 0 ? (r[i] ?? null) : nulls[j]!))),
  };
}

function callTable(node: Kusto.Language.Syntax.FunctionCallExpression, env: Env, ctx: RunContext): Table {
  const name = node.Name?.SimpleName ?? (node as unknown as Kusto.Language.Syntax.NameReference).SimpleName ?? '';
  // A workspace function given as data (an ASIM parser's rows) replaces its body.
  if (env.get(name) === undefined && ctx.functions.has(name) && ctx.tables.has(name))
    return conform(ctx.tables.get(name)!, columnsOf(node));
  if (name === '_GetWatchlist') return watchlist(node, env, ctx);
  const called = userFunctionBody(node, env, ctx);
  if (called) {
    try {
      const bodyEnv = called.env();
      const expr = called.body.Expression;
      if (!expr) throw unsupported(`the function ${name} without a tabular result`, node);
      return evaluateTabular(expr, bodyEnv, ctx);
    } catch (e) {
      // The body was bound apart from the query text: its positions are not the query's, so point at the call.
      if (e instanceof ExecError) throw e.relocate(node, name);
      throw e;
    }
  }
  if (name === 'table') {
    const arg = elements(node.ArgumentList?.Expressions)[0];
    const c = arg ? compileScalar(arg, scopeOf(ctx, env, [])) : undefined;
    // A constant, or a function's parameter: either way one value for the whole call.
    const tableName = c ? (c.constant?.value ?? c.eval([])) : undefined;
    if (typeof tableName === 'string') return dataOrEmpty(tableName, node, ctx);
  }
  throw unsupported(`the tabular function ${name}()`, node);
}

/** `_GetWatchlist('alias')`: the watchlist given with the data, else an empty table of the watchlist columns. */
function watchlist(node: Kusto.Language.Syntax.FunctionCallExpression, env: Env, ctx: RunContext): Table {
  const arg = elements(node.ArgumentList?.Expressions)[0];
  const alias = arg ? compileScalar(arg, scopeOf(ctx, env, [])).constant?.value : undefined;
  if (typeof alias !== 'string') throw unsupported('_GetWatchlist() with an alias that is not a constant string', node);
  const data = ctx.watchlists.get(alias);
  const columns = columnsOf(node);
  if (!data) return { columns, rows: [] };
  // The watchlist's own columns are open: keep the bound ones first, then the rest of the data's.
  const extra = data.columns.filter(c => !columns.some(k => k.name === c.name));
  return conform(data, [...columns, ...extra]);
}

function dataTable(node: Kusto.Language.Syntax.DataTableExpression, env: Env, ctx: RunContext): Table {
  const columns = columnsOf(node);
  const values = elements(node.Values);
  if (columns.length === 0) return EMPTY;
  if (values.length % columns.length !== 0)
    throw new ExecError('datatable has a number of values that is not a multiple of its columns', 'runtime', node);
  const scope = scopeOf(ctx, env, []);
  const rows: Row[] = [];
  for (let i = 0; i < values.length; i += columns.length) {
    const row: Row = [];
    for (let j = 0; j < columns.length; j++) {
      const c = compileScalar(values[i + j]!, scope);
      row.push(convertLiteral(c.eval([]), c.type, columns[j]!.type, values[i + j]!));
    }
    rows.push(row);
  }
  return { columns, rows };
}

/** A datatable value of one type in a column of another: long literals in int/real columns, nulls. */
function convertLiteral(v: Value, from: ScalarType, to: ScalarType, node: SyntaxNode): Value {
  if (v === null) return nullOf(to);
  if (from === to) return v;
  if ((to === 'int' || to === 'long' || to === 'real' || to === 'decimal') && typeof v === 'number') return v;
  if (to === 'dynamic') return v;
  throw new ExecError(`a ${from} value in a ${to} column of datatable`, 'runtime', node);
}
