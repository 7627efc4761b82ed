// evaluate ipv4_lookup(): https://learn.microsoft.com/kusto/query/ipv4-lookup-plugin. Each input row whose IPv4
// address falls in a lookup row's address or prefix (CIDR, "192.168.2.0/24"), and whose extra key columns equal
// that row's, gets that lookup row's columns; the schema is the input's columns then the lookup table's (less the
// extra keys, renamed by the binder where a name repeats), as the lookup operator's. Unmatched rows are dropped, or
// kept with nulls when return_unmatched is true. Refused where the page is silent: a row that falls in several
// lookup rows (which one Kusto takes is not said), an input address with a prefix, text that is no IPv4 address,
// and parts with leading zeros. An empty (null) address matches nothing, as a null join key.
import { ExecError, unsupported } from '../errors.js';
import { doc, elements } from '../registry.js';
import { compileScalar, text } from '../scalar.js';
import type { Table } from '../table.js';
import { columnsOf, evaluateTabular } from '../tabular.js';
import { keyOf, nullOf, type Row } from '../values.js';
import { rowScope } from './basic.js';
import { definePlugin, type Plugin } from './expand.js';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/** An address and prefix length from text; throws (naming `what`) for text that is not one. */
function parseIpv4(value: string, what: string, at: Kusto.Language.Syntax.SyntaxNode): { ip: number; prefix: number } {
  const m = IPV4.exec(value);
  const parts = m ? m.slice(1, 5) : [];
  const nums = parts.map(Number);
  const prefix = m?.[5] === undefined ? 32 : Number(m[5]);
  if (!m || nums.some(n => n > 255) || prefix > 32)
    throw unsupported(`ipv4_lookup() of the ${what} ${JSON.stringify(value)}, which is no IPv4 address`, at);
  if (parts.some(p => p.length > 1 && p.startsWith('0')))
    throw unsupported(`ipv4_lookup() of the ${what} ${JSON.stringify(value)} (a part with leading zeros)`, at);
  const ip = ((nums[0]! << 24) | (nums[1]! << 16) | (nums[2]! << 8) | nums[3]!) >>> 0;
  return { ip, prefix };
}

const mask = (prefix: number) => (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);

const ipv4Lookup: Plugin = (call, node, input, env, ctx) => {
  const args = elements(call.ArgumentList?.Expressions);
  const [tableArg, sourceArg, lookupArg] = args;
  if (!tableArg || !(sourceArg instanceof Kusto.Language.Syntax.NameReference))
    throw unsupported('ipv4_lookup() without a lookup table and a source column', call);
  if (!(lookupArg instanceof Kusto.Language.Syntax.NameReference))
    throw unsupported('ipv4_lookup() without a lookup key column', call);
  const scope = rowScope(ctx, env, input);
  let returnUnmatched = false;
  const extraKeys: string[] = [];
  for (const a of args.slice(3)) {
    const named = a instanceof Kusto.Language.Syntax.SimpleNamedExpression;
    if (!named && a instanceof Kusto.Language.Syntax.NameReference) {
      extraKeys.push(a.SimpleName ?? '');
      continue;
    }
    const expr = named ? a.Expression! : a;
    const c = compileScalar(expr, scope);
    if (c.type !== 'bool' || !c.constant) throw unsupported(`ipv4_lookup() with the argument ${text(a)}`, a);
    returnUnmatched = c.constant.value === true;
  }

  const lookup = evaluateTabular(tableArg, env, ctx);
  const indexIn = (t: Table, name: string, what: string) => {
    const i = t.columns.findIndex(c => c.name === name);
    if (i < 0) throw new ExecError(`ipv4_lookup(): no column "${name}" in the ${what}`, 'runtime', call);
    return i;
  };
  const source = indexIn(input, sourceArg.SimpleName ?? '', 'input');
  const key = indexIn(lookup, lookupArg.SimpleName ?? '', 'lookup table');
  if (input.columns[source]!.type !== 'string' || lookup.columns[key]!.type !== 'string')
    throw unsupported('ipv4_lookup() of key columns that are not strings', call);
  const extras = extraKeys.map(k => ({ left: indexIn(input, k, 'input'), right: indexIn(lookup, k, 'lookup table') }));
  const kept = lookup.columns.map((c, i) => ({ c, i })).filter(x => !extraKeys.includes(x.c.name));

  const out = columnsOf(node);
  const expected = [...input.columns, ...kept.map(x => x.c)];
  if (out.length !== expected.length || out.some((c, i) => c.type !== expected[i]!.type))
    throw unsupported('ipv4_lookup() whose columns the binder lays out otherwise', call);

  const ranges = lookup.rows.flatMap(row => {
    const t = row[key] as string;
    if (t === '') return [];
    const { ip, prefix } = parseIpv4(t, 'lookup key', call);
    return [{ row, base: (ip & mask(prefix)) >>> 0, m: mask(prefix) }];
  });
  const rows: Row[] = [];
  for (const row of input.rows) {
    const t = row[source] as string;
    let hit: Row | undefined;
    if (t !== '') {
      const { ip, prefix } = parseIpv4(t, 'address', call);
      if (prefix !== 32) throw unsupported(`ipv4_lookup() of the address ${JSON.stringify(t)} with a prefix`, call);
      for (const r of ranges) {
        if ((ip & r.m) >>> 0 !== r.base) continue;
        if (!extras.every(e => keyOf(row[e.left] ?? null) === keyOf(r.row[e.right] ?? null))) continue;
        if (extras.some(e => row[e.left] === null)) continue;
        if (hit) throw unsupported(`ipv4_lookup() where ${JSON.stringify(t)} falls in several lookup rows`, call);
        hit = r.row;
      }
    }
    if (hit) rows.push([...row, ...kept.map(x => hit[x.i] ?? null)]);
    else if (returnUnmatched) rows.push([...row, ...kept.map(x => nullOf(x.c.type))]);
  }
  return { columns: out, rows };
};

definePlugin('ipv4_lookup', doc('ipv4-lookup-plugin'), ipv4Lookup);
