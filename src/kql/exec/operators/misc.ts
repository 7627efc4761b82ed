// getschema, render, consume, invoke, sample (refused), and the window functions that read other rows of a
// serialized row set: prev(), next(), row_number(), row_cumsum(), row_window_session().
import type { RowCursor } from '../context.js';
import { ExecError, unsupported } from '../errors.js';
import { defineFunction, defineOperator, elements, type CallSite, doc } from '../registry.js';
import { columnsOf, evaluateTabular } from '../tabular.js';
import { userFunctionBody } from '../user-functions.js';
import { checkLong, nullOf, type Row, type ScalarType, type Value } from '../values.js';

// getschema: https://learn.microsoft.com/kusto/query/getschema-operator (one row per column of the input)
const DOTNET_TYPES: Partial<Record<ScalarType, string>> = {
  bool: 'System.Boolean',
  int: 'System.Int32',
  long: 'System.Int64',
  real: 'System.Double',
  string: 'System.String',
  datetime: 'System.DateTime',
  timespan: 'System.TimeSpan',
  guid: 'System.Guid',
  dynamic: 'System.Object',
};

defineOperator('GetSchemaOperator', (node, input) => {
  const rows = input.columns.map((c, i) => {
    // The page lists the .NET type of the types it shows; decimal's is not among them.
    const dotnet = DOTNET_TYPES[c.type];
    if (!dotnet) throw unsupported(`getschema of a ${c.type} column`, node);
    return [c.name, i, dotnet, c.type];
  });
  return { columns: columnsOf(node), rows };
});

// render: https://learn.microsoft.com/kusto/query/render-operator. It only tells the client how to chart the
// result: the rows and columns stay as they are.
defineOperator('RenderOperator', (_node, input) => input);

// consume: https://learn.microsoft.com/kusto/query/consume-operator (reads its input and returns nothing)
defineOperator('ConsumeOperator', () => ({ columns: [], rows: [] }));

// sample / sample-distinct: https://learn.microsoft.com/kusto/query/sample-operator, .../sample-distinct-operator.
// They pick rows at random: no answer of this engine would be Kusto's.
defineOperator('SampleOperator', node => {
  throw unsupported('sample, which picks rows at random,', node);
});
defineOperator('SampleDistinctOperator', node => {
  throw unsupported('sample-distinct, which picks values at random,', node);
});

// invoke: https://learn.microsoft.com/kusto/query/invoke-operator (the input is the function's first, tabular,
// argument). Calls that pass further arguments are refused: the call site binds them one place off.
defineOperator('InvokeOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.InvokeOperator;
  const call = op.Function;
  if (!(call instanceof Kusto.Language.Syntax.FunctionCallExpression)) throw unsupported('this invoke', node);
  if (elements(call.ArgumentList?.Expressions).length > 0) throw unsupported('invoke with arguments', call);
  const name = call.Name?.SimpleName ?? '';
  const called = userFunctionBody(call, env, ctx);
  const first = call.ReferencedSignature?.Parameters?.Count ? call.ReferencedSignature.Parameters.getItem(0) : null;
  if (!called || !first?.Name) throw unsupported(`invoke of ${name}()`, call);
  try {
    const bodyEnv = called.env();
    bodyEnv.set(first.Name, { kind: 'table', get: () => input });
    const expr = called.body.Expression;
    if (!expr) throw unsupported(`the function ${name} without a tabular result`, call);
    return evaluateTabular(expr, bodyEnv, ctx);
  } catch (e) {
    if (e instanceof ExecError) throw e.relocate(call, name);
    throw e;
  }
});

// ---------------------------------------------------------------- window functions

/**
 * The row cursor of a window function's call site. Window functions need a serialized row set
 * (https://learn.microsoft.com/kusto/query/window-functions); Kusto fails the query otherwise.
 */
function serializedCursor(site: CallSite): RowCursor {
  const cursor = site.scope.cursor;
  if (!cursor?.serialized)
    throw new ExecError(
      `${site.name}() needs a serialized row set: add "serialize" or sort the rows before it (Kusto fails here too)`,
      'runtime',
      site.node,
    );
  return cursor;
}

/**
 * Functions that carry state from row to row (row_number with a restart, row_cumsum, row_window_session) are run
 * in row order by every operator that evaluates them; this tells a new run, the next row and the same row again.
 */
function sequence(cursor: RowCursor, name: string, node: CallSite['node']): () => 'first' | 'next' | 'same' {
  let last = -1;
  return () => {
    const i = cursor.i;
    if (i === 0 && last !== 0) {
      last = 0;
      return 'first';
    }
    if (i === last) return 'same';
    if (i === last + 1) {
      last = i;
      return 'next';
    }
    throw unsupported(`${name}() evaluated out of row order`, node);
  };
}

function offsetFunction(direction: -1 | 1, page: string) {
  return {
    doc: doc(page),
    volatile: true,
    compile(site: CallSite) {
      const cursor = serializedCursor(site);
      const [column, offset, fallback] = site.args;
      const get = column!.eval;
      const off = offset?.eval;
      const def = fallback?.eval;
      const empty = nullOf(site.resultType);
      return (row: Row): Value => {
        const n = off ? off(row) : 1;
        if (typeof n !== 'number' || !Number.isInteger(n))
          throw new ExecError(`${site.name}(): the offset must be a whole number`, 'runtime', site.node);
        const j = cursor.i + direction * n;
        if (j < 0 || j >= cursor.rows.length) return def ? def(row) : empty;
        return get(cursor.rows[j]!);
      };
    },
  };
}

// prev() / next(): https://learn.microsoft.com/kusto/query/prev-function, .../next-function (offset 1 by default; a
// row before the first or after the last gives the default, null unless given)
defineFunction('prev', offsetFunction(-1, 'prev-function'));
defineFunction('next', offsetFunction(1, 'next-function'));

// row_number(): https://learn.microsoft.com/kusto/query/row-number-function (from 1 or the given start; back to the
// start where the restart predicate is true)
defineFunction('row_number', {
  doc: doc('row-number-function'),
  volatile: true,
  compile(site) {
    const cursor = serializedCursor(site);
    const [start, restart] = site.args;
    const from = (row: Row) => {
      const v = start ? start.eval(row) : 1;
      if (typeof v !== 'number') throw new ExecError('row_number(): the start index is null', 'runtime', site.node);
      return v;
    };
    if (!restart) return row => checkLong(from(row) + cursor.i);
    const again = restart.eval;
    const step = sequence(cursor, 'row_number', site.node);
    let value = 0;
    return row => {
      const where = step();
      if (where === 'first' || (where === 'next' && again(row) === true)) value = from(row);
      else if (where === 'next') value++;
      return value;
    };
  },
});

// row_cumsum(): https://learn.microsoft.com/kusto/query/row-cumsum-function (running sum, back to 0 where restart)
defineFunction('row_cumsum', {
  doc: doc('row-cumsum-function'),
  volatile: true,
  compile(site) {
    const cursor = serializedCursor(site);
    const [term, restart] = site.args;
    const get = term!.eval;
    const again = restart?.eval;
    const step = sequence(cursor, 'row_cumsum', site.node);
    const integral = site.resultType === 'int' || site.resultType === 'long';
    let sum = 0;
    return row => {
      const where = step();
      if (where === 'same') return sum;
      const v = get(row);
      // The page does not say how a null term counts.
      if (typeof v !== 'number') throw unsupported('row_cumsum() of a null term', site.node);
      if (where === 'first' || (again && again(row) === true)) sum = v;
      else sum += v;
      return integral ? checkLong(sum) : sum;
    };
  },
});

// row_window_session(): https://learn.microsoft.com/kusto/query/row-window-session-function. A row starts a new
// session when it is the first, when it is at least MaxDistanceFromFirst after the session's start, at least
// MaxDistanceBetweenNeighbors after the previous row, or when Restart is true; each row gets its session's start.
defineFunction('row_window_session', {
  doc: doc('row-window-session-function'),
  volatile: true,
  compile(site) {
    const cursor = serializedCursor(site);
    const [expr, fromFirst, betweenNeighbors, restart] = site.args;
    const step = sequence(cursor, 'row_window_session', site.node);
    let start: bigint | null = null;
    let previous: bigint | null = null;
    return row => {
      const where = step();
      if (where === 'same') return start;
      const v = expr!.eval(row);
      const maxFirst = fromFirst!.eval(row);
      const maxNext = betweenNeighbors!.eval(row);
      // A null value starts a new session at the next row, the page says, but not what the null row itself gets.
      if (typeof v !== 'bigint') throw unsupported('row_window_session() over a null value', site.node);
      if (typeof maxFirst !== 'bigint' || typeof maxNext !== 'bigint')
        throw new ExecError('row_window_session(): a null distance', 'runtime', site.node);
      const fresh =
        where === 'first' ||
        start === null ||
        previous === null ||
        v >= start + maxFirst ||
        v >= previous + maxNext ||
        (restart !== undefined && restart.eval(row) === true);
      if (fresh) start = v;
      previous = v;
      return start;
    };
  },
});
