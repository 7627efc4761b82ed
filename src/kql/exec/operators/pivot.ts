// evaluate pivot(): https://learn.microsoft.com/kusto/query/pivot-plugin. One output row per distinct combination of
// the listed columns (by default every column but the pivot column and the aggregated one: the binder's columns),
// then one column per distinct value of the pivot column, holding the aggregation (count() by default) of the rows
// of that combination and value.
//
// What the page shows and what is refused:
// - A pivoted column is named by the value's text: only string pivot columns, and not the empty string or a value
//   that names one of the listed columns (the page does not say what Kusto does then).
// - Its type is the aggregation's.
// - A combination without rows for a value: the page's examples show 0 for count() and sum(); a string cell is the
//   empty string whatever Kusto fills in (a string has no null). Other aggregations leave such a cell open: refused.
// - The pivoted columns' order: the page's second example (ARKANSAS before ARIZONA) is not sorted, and Kusto keeps
//   no input order, so this engine takes the order in which values first appear, as summarize does for its groups.
// - An output schema (`: (...)`) is refused.
import { ExecError, unsupported } from '../errors.js';
import { doc, elements, resultTypeOf, type Accumulator } from '../registry.js';
import { compileScalar, text, typeOf } from '../scalar.js';
import type { Column, Table } from '../table.js';
import { keyOf, scalarType, type Row, type ScalarType, type Value } from '../values.js';
import { rowScope } from './basic.js';
import { definePlugin, type Plugin } from './expand.js';
import { compileAggregate, summarizeRows } from './summarize.js';

/** The aggregations the page lists (`any` is take_any's older name). */
const AGGREGATIONS = new Set([
  'min',
  'max',
  'take_any',
  'any',
  'sum',
  'dcount',
  'avg',
  'stdev',
  'variance',
  'make_list',
  'make_bag',
  'make_set',
  'count',
]);

/** The value of a cell whose combination has no row for the pivoted value, where the page shows it. */
function emptyCell(aggregation: string, type: ScalarType): Value | undefined {
  if (type === 'string') return '';
  if (aggregation === 'count' || aggregation === 'sum') return 0;
  return undefined;
}

/** count(), the page's default aggregation. */
function countRows(): Accumulator {
  let n = 0;
  return { add: () => void n++, result: () => n };
}

/**
 * The binder's output columns and where each is in the input. A column the binder cannot type (after bag_unpack,
 * whose columns come from the data) takes the input's type; one the input lacks fails, as in Kusto.
 */
function listedColumns(
  node: Kusto.Language.Syntax.EvaluateOperator,
  input: Table,
  call: Kusto.Language.Syntax.FunctionCallExpression,
): (Column & { index: number })[] {
  const rt = resultTypeOf(node);
  const out: (Column & { index: number })[] = [];
  if (!(rt instanceof Kusto.Language.Symbols.TableSymbol)) return out;
  for (let i = 0; i < (rt.Columns?.Count ?? 0); i++) {
    const c = rt.Columns!.getItem(i);
    const name = c.Name ?? '';
    const index = input.columns.findIndex(x => x.name === name);
    if (index < 0) throw new ExecError(`column "${name}" is not in the data this query reads here`, 'runtime', call);
    const type = scalarType(c.Type?.Name) ?? input.columns[index]!.type;
    if (type !== input.columns[index]!.type)
      throw unsupported(`evaluate pivot(): column "${name}" is ${input.columns[index]!.type}, not ${type}`, call);
    out.push({ name, type, index });
  }
  return out;
}

const pivot: Plugin = (call, node, input, env, ctx) => {
  if (node.Schema) throw unsupported('evaluate pivot() with an output schema', node.Schema);
  const [pivotArg, aggArg] = elements(call.ArgumentList?.Expressions);
  if (!(pivotArg instanceof Kusto.Language.Syntax.NameReference))
    throw unsupported('evaluate pivot() of an expression (the page pivots a column)', pivotArg ?? call);
  const scope = rowScope(ctx, env, input);
  const key = compileScalar(pivotArg, scope);
  if (key.type !== 'string')
    throw unsupported(
      `evaluate pivot() of a ${key.type} column (the page names columns by string values only)`,
      pivotArg,
    );

  // The listed columns are the binder's output columns; the second argument, when a call, is the aggregation.
  const listed = listedColumns(node, input, call);
  const aggCall = aggArg instanceof Kusto.Language.Syntax.FunctionCallExpression ? aggArg : undefined;
  const aggName = aggCall?.Name?.SimpleName ?? 'count';
  if (aggCall && !AGGREGATIONS.has(aggName))
    throw unsupported(`evaluate pivot() with the aggregation ${text(aggCall)}`, aggCall);
  const aggregate = aggCall ? compileAggregate(aggCall, input, env, ctx) : { width: 1, create: countRows };
  if (aggregate.width !== 1) throw unsupported(`evaluate pivot() with the aggregation ${text(aggArg!)}`, aggArg);
  const cellType: ScalarType = aggCall ? typeOf(aggCall) : 'long';

  const listedEvals = listed.map(c => (row: Row) => row[c.index] ?? null);
  const grouped = summarizeRows(input, [...listedEvals, key.eval], [aggregate], ctx, [
    ...listed.map(c => c.type),
    'string',
  ]);

  // Reshape: one row per combination of the listed columns, one column per pivoted value.
  const n = listed.length;
  const valueIndex = new Map<string, number>();
  const combos = new Map<string, { keys: Value[]; cells: Map<number, Value> }>();
  for (const g of grouped) {
    const value = g[n] as string;
    let at = valueIndex.get(value);
    if (at === undefined) {
      if (value === '')
        throw unsupported('evaluate pivot() of an empty value (the page does not say how its column is named)', call);
      if (listed.some(c => c.name === value))
        throw unsupported(`evaluate pivot() of the value "${value}", which names one of its listed columns`, call);
      valueIndex.set(value, (at = valueIndex.size));
    }
    const keys = g.slice(0, n);
    const id = JSON.stringify(keys.map(keyOf));
    let combo = combos.get(id);
    if (!combo) combos.set(id, (combo = { keys, cells: new Map() }));
    combo.cells.set(at, g[n + 1] ?? null);
  }
  const fill = emptyCell(aggName, cellType);
  const width = valueIndex.size;
  const rows: Row[] = [];
  for (const { keys, cells } of combos.values()) {
    const row = keys;
    for (let j = 0; j < width; j++) {
      if (cells.has(j)) row.push(cells.get(j)!);
      else if (fill === undefined)
        throw unsupported(
          `evaluate pivot() with ${aggName}() where a combination has no row for a value (the page does not show that cell)`,
          aggCall ?? call,
        );
      else row.push(fill);
    }
    rows.push(row);
  }
  const columns: Column[] = [
    ...listed.map(c => ({ name: c.name, type: c.type })),
    ...[...valueIndex.keys()].map(name => ({ name, type: cellType })),
  ];
  return { columns, rows };
};

definePlugin('pivot', doc('pivot-plugin'), pivot);
