// join: https://learn.microsoft.com/kusto/query/join-operator and its flavor pages (join-innerunique, join-inner,
// join-leftouter, join-rightouter, join-fullouter, join-leftsemi, join-rightsemi, join-leftanti, join-rightanti);
// lookup: https://learn.microsoft.com/kusto/query/lookup-operator.
// Rows match when every key pair is equal (`==`: case-sensitive strings); a null key equals nothing, itself included.
// Output columns are the binder's (right-side names already made unique, such as Key1): rows are laid out in order.
// Hints (`hint.strategy`, `hint.remote`, `hint.shufflekey`) change how Kusto distributes the work, never the result.
import { checkBudget, type RunContext } from '../context.js';
import { ExecError, unsupported } from '../errors.js';
import { defineOperator, elements, kindOf, type SyntaxNode } from '../registry.js';
import { text } from '../scalar.js';
import type { Column, Table } from '../table.js';
import { columnsOf, evaluateTabular } from '../tabular.js';
import { keyOf, nullOf, toText, type Row, type Value } from '../values.js';
import { operatorParameters, RowSink } from './common.js';

type Expression = Kusto.Language.Syntax.Expression;

/** Column pairs that must be equal: indexes into the left and the right input. */
interface Keys {
  left: number[];
  right: number[];
}

/**
 * The key pairs of `on a, $left.b == $right.c and $left.d == $right.e`. Kusto allows only equality of columns here;
 * anything else is refused.
 */
function joinKeys(clause: Kusto.Language.Syntax.JoinConditionClause | null, left: Table, right: Table): Keys {
  if (!clause || kindOf(clause) !== 'JoinOnClause')
    throw unsupported(
      `the join condition "${clause ? text(clause) : ''}" (only "on" conditions are)`,
      clause ?? undefined,
    );
  const keys: Keys = { left: [], right: [] };
  const column = (t: Table, name: string, side: string, at: SyntaxNode): number => {
    const i = t.columns.findIndex(c => c.name === name);
    if (i < 0) throw new ExecError(`the ${side} side has no column "${name}"`, 'runtime', at);
    return i;
  };
  const sideColumn = (e: Expression): { side: '$left' | '$right'; name: string } | undefined => {
    if (!(e instanceof Kusto.Language.Syntax.PathExpression)) return undefined;
    const base = e.Expression;
    const side = base instanceof Kusto.Language.Syntax.NameReference ? base.SimpleName : undefined;
    if (side !== '$left' && side !== '$right') return undefined;
    const name = (e.Selector as Kusto.Language.Syntax.NameReference | null)?.SimpleName ?? '';
    return { side, name };
  };
  const add = (e: Expression): void => {
    const kind = kindOf(e);
    if (kind === 'ParenthesizedExpression')
      return add((e as Kusto.Language.Syntax.ParenthesizedExpression).Expression!);
    if (kind === 'NameReference') {
      const name = (e as Kusto.Language.Syntax.NameReference).SimpleName ?? '';
      keys.left.push(column(left, name, 'left', e));
      keys.right.push(column(right, name, 'right', e));
      return;
    }
    if (kind === 'AndExpression') {
      const b = e as Kusto.Language.Syntax.BinaryExpression;
      add(b.Left!);
      add(b.Right!);
      return;
    }
    if (kind === 'EqualExpression') {
      const b = e as Kusto.Language.Syntax.BinaryExpression;
      const x = sideColumn(b.Left!);
      const y = sideColumn(b.Right!);
      if (x && y && x.side !== y.side) {
        const l = x.side === '$left' ? x : y;
        const r = x.side === '$left' ? y : x;
        keys.left.push(column(left, l.name, 'left', e));
        keys.right.push(column(right, r.name, 'right', e));
        return;
      }
    }
    throw unsupported(`the join condition "${text(e)}" (only column names and $left.a == $right.b are)`, e);
  };
  for (const e of elements((clause as Kusto.Language.Syntax.JoinOnClause).Expressions)) add(e);
  return keys;
}

/** A match key: one column's value itself (primitives compare by value in a Map), else a string of the values. */
type Key = string | number | boolean | bigint;

/** The match key of a row, or undefined when a key is null (such a row matches nothing). */
function keyFunction(idx: number[]): (row: Row) => Key | undefined {
  if (idx.length === 1) {
    const i = idx[0]!;
    // Both sides of a key have one type (the binder refuses others, int and long aside, which are both numbers).
    return row => {
      const v = row[i] ?? null;
      if (v === null) return undefined;
      if (typeof v === 'number' && Number.isNaN(v)) throw nanKey();
      return typeof v === 'object' ? keyOf(v) : v;
    };
  }
  return row => {
    let k = '';
    for (const i of idx) {
      const v = row[i] ?? null;
      if (v === null) return undefined;
      if (typeof v === 'number' && Number.isNaN(v)) throw nanKey();
      k += keyOf(v) + '\u0001';
    }
    return k;
  };
}

/** Whether NaN keys match each other, the join page does not say. */
const nanKey = () => unsupported('a join key that is NaN');

/** Row indexes of `t` by match key. */
function index(t: Table, key: (row: Row) => Key | undefined, ctx: RunContext): Map<Key, number[]> {
  const m = new Map<Key, number[]>();
  t.rows.forEach((r, i) => {
    if ((i & 0xffff) === 0) checkBudget(ctx);
    const k = key(r);
    if (k === undefined) return;
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  });
  return m;
}

const JOIN_KINDS = new Set([
  'innerunique',
  'inner',
  'leftouter',
  'rightouter',
  'fullouter',
  'leftsemi',
  'rightsemi',
  'leftanti',
  'anti',
  'leftantisemi',
  'rightanti',
  'rightantisemi',
]);

function expectShape(node: SyntaxNode, out: Column[], width: number, what: string): void {
  if (out.length !== width)
    throw new ExecError(
      `${what}: the binder's ${out.length} result columns do not line up with ${width}`,
      'unsupported',
      node,
    );
}

defineOperator('JoinOperator', (node, left, env, ctx) => {
  const op = node as Kusto.Language.Syntax.JoinOperator;
  const params = operatorParameters(op.Parameters);
  const kind = (params.get('kind')?.text ?? 'innerunique').toLowerCase();
  if (!JOIN_KINDS.has(kind)) throw unsupported(`join kind=${kind}`, params.get('kind')?.node ?? node);
  const right = evaluateTabular(op.Expression!, env, ctx);
  const keys = joinKeys(op.ConditionClause, left, right);
  const out = columnsOf(node);
  const leftKey = keyFunction(keys.left);
  const rightKey = keyFunction(keys.right);
  const leftNulls = left.columns.map(c => nullOf(c.type));
  const rightNulls = right.columns.map(c => nullOf(c.type));
  const result = new RowSink(ctx, out.length);
  const pair = (l: Row, r: Row) => result.push(l.concat(r));

  switch (kind) {
    case 'leftsemi':
    case 'leftanti':
    case 'anti':
    case 'leftantisemi': {
      expectShape(node, out, left.columns.length, `join kind=${kind}`);
      const byKey = index(right, rightKey, ctx);
      const semi = kind === 'leftsemi';
      for (const l of left.rows) {
        const k = leftKey(l);
        if ((k !== undefined && byKey.has(k)) === semi) result.push(l);
      }
      break;
    }
    case 'rightsemi':
    case 'rightanti':
    case 'rightantisemi': {
      expectShape(node, out, right.columns.length, `join kind=${kind}`);
      const byKey = index(left, leftKey, ctx);
      const semi = kind === 'rightsemi';
      for (const r of right.rows) {
        const k = rightKey(r);
        if ((k !== undefined && byKey.has(k)) === semi) result.push(r);
      }
      break;
    }
    case 'rightouter': {
      expectShape(node, out, left.columns.length + right.columns.length, `join kind=${kind}`);
      const byKey = index(left, leftKey, ctx);
      for (const r of right.rows) {
        const k = rightKey(r);
        const matches = k === undefined ? undefined : byKey.get(k);
        if (!matches) pair(leftNulls, r);
        else for (const i of matches) pair(left.rows[i]!, r);
      }
      break;
    }
    default: {
      // inner, innerunique, leftouter, fullouter: left rows in order, each with its matches in the right's order.
      expectShape(node, out, left.columns.length + right.columns.length, `join kind=${kind}`);
      const byKey = index(right, rightKey, ctx);
      const leftRows = kind === 'innerunique' ? uniqueLeft(left, leftKey, byKey, keys, node) : left.rows;
      const outer = kind === 'leftouter' || kind === 'fullouter';
      const matched = kind === 'fullouter' ? new Uint8Array(right.rows.length) : undefined;
      for (const l of leftRows) {
        const k = leftKey(l);
        const matches = k === undefined ? undefined : byKey.get(k);
        if (!matches) {
          if (outer) pair(l, rightNulls);
          continue;
        }
        for (const i of matches) {
          if (matched) matched[i] = 1;
          pair(l, right.rows[i]!);
        }
      }
      if (matched) right.rows.forEach((r, i) => matched[i] || pair(leftNulls, r));
    }
  }
  return { columns: out, rows: result.rows };
});

/**
 * innerunique keeps one left row per key, and Kusto does not promise which: https://learn.microsoft.com/kusto/query/
 * join-innerunique shows that either of two rows may be kept, and that a later filter on a left column decides it.
 * When the rows that share a matched key are identical the choice changes nothing; when they differ, no answer would
 * be Kusto's, so the join is refused with the way out.
 */
function uniqueLeft(
  left: Table,
  leftKey: (row: Row) => Key | undefined,
  rightByKey: Map<Key, number[]>,
  keys: Keys,
  node: SyntaxNode,
): Row[] {
  const first = new Map<Key, Row>();
  const rows: Row[] = [];
  for (const r of left.rows) {
    const k = leftKey(r);
    if (k === undefined) continue;
    const kept = first.get(k);
    if (!kept) {
      first.set(k, r);
      rows.push(r);
      continue;
    }
    if (rightByKey.has(k) && !sameRow(kept, r)) {
      const shown = keys.left.map(i => `${left.columns[i]!.name}=${toText(r[i] ?? null, left.columns[i]!.type)}`);
      throw new ExecError(
        `join kind=innerunique (join's default kind) keeps one of the left rows with ${shown.join(', ')}, and Kusto ` +
          'does not say which; these rows differ, so the result is not determined. Make the left side unique per key ' +
          '(for example with summarize arg_max(...) by the key) or say kind=inner',
        'unsupported',
        node,
      );
    }
  }
  return rows;
}

function sameRow(a: Row, b: Row): boolean {
  for (let i = 0; i < a.length; i++) if (keyOf(a[i] ?? null) !== keyOf(b[i] ?? null)) return false;
  return true;
}

// lookup: leftouter (default) or inner; the right side's key columns are not repeated in the output.
defineOperator('LookupOperator', (node, left, env, ctx) => {
  const op = node as Kusto.Language.Syntax.LookupOperator;
  const params = operatorParameters(op.Parameters);
  const kind = (params.get('kind')?.text ?? 'leftouter').toLowerCase();
  if (kind !== 'leftouter' && kind !== 'inner')
    throw unsupported(`lookup kind=${kind}`, params.get('kind')?.node ?? node);
  const right = evaluateTabular(op.Expression!, env, ctx);
  const keys = joinKeys(op.LookupClause, left, right);
  const rightKeys = new Set(keys.right);
  const kept = right.columns.map((_, i) => i).filter(i => !rightKeys.has(i));
  const out = columnsOf(node);
  expectShape(node, out, left.columns.length + kept.length, 'lookup');
  const byKey = index(right, keyFunction(keys.right), ctx);
  const leftKey = keyFunction(keys.left);
  const nulls: Value[] = kept.map(i => nullOf(right.columns[i]!.type));
  const result = new RowSink(ctx, out.length);
  for (const l of left.rows) {
    const k = leftKey(l);
    const matches = k === undefined ? undefined : byKey.get(k);
    if (!matches) {
      if (kind === 'leftouter') result.push(l.concat(nulls));
      continue;
    }
    for (const i of matches) {
      const r = right.rows[i]!;
      result.push(l.concat(kept.map(j => r[j] ?? null)));
    }
  }
  return { columns: out, rows: result.rows };
});
