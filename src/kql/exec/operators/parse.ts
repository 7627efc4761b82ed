// parse, parse-where and parse-kv: https://learn.microsoft.com/kusto/query/parse-operator,
// https://learn.microsoft.com/kusto/query/parse-where-operator, https://learn.microsoft.com/kusto/query/parse-kv-operator
//
// The parse pages describe the matching loosely, so every reading they allow is run and a row on which the readings
// disagree is refused (they agree on the usual patterns, `* "X=" Col ";" *` with delimiters that occur once):
// - simple and relaxed: the cursor reading of the original operator reference ("each element chews off a chunk",
//   "a column copies the minimum number of characters to get to the following match", "* skips the minimum") and
//   the regex reading of the current pages (with backtracking, the whole text matched);
// - regex: the pattern anchored or not at each end, and `*` lazy (as the page's translation writes it) or greedy.
//   A string column is greedy `(.*)`: the page's own examples return greedy captures unless flags=U is given.
// Typed columns: int/long read digits (`-?[0-9]+`); other types read text up to the next delimiter and convert it.
import { scopeOf, type Env, type RunContext } from '../context.js';
import { ExecError, unsupported } from '../errors.js';
import { textAs } from '../functions/strings.js';
import { forEachMatch, regexOf, withRegex } from '../regex.js';
import { defineOperator, elements, items, kindOf, type SyntaxNode } from '../registry.js';
import { compileScalar, text } from '../scalar.js';
import type { Column, Table } from '../table.js';
import { columnsOf } from '../tabular.js';
import { nullOf, toText, type Row, type ScalarType, type Value } from '../values.js';
import { mapRows, rowScope } from './basic.js';

type Piece =
  | { kind: 'star' }
  | { kind: 'const'; text: string }
  | { kind: 'col'; name: string; type: ScalarType; digits: boolean; lazyTyped: boolean };

type Kind = 'simple' | 'regex' | 'relaxed';

/** Raw captured text per column (in pattern order), or null when the text does not match. */
type Captures = string[] | null;

/** The named parameters of parse / parse-where (kind=, flags=). */
function parameters(list: Kusto.Language.Syntax.SyntaxList$1<Kusto.Language.Syntax.NamedParameter> | null): {
  kind: Kind;
  flags: string;
} {
  let kind: Kind = 'simple';
  let flags = '';
  for (const p of items(list)) {
    const name = p.Name?.SimpleName?.toLowerCase() ?? '';
    const value = (p.Expression ? text(p.Expression) : '').trim();
    if (name === 'kind') {
      const k = value.toLowerCase();
      if (k !== 'simple' && k !== 'regex' && k !== 'relaxed') throw unsupported(`parse kind=${value}`, p);
      kind = k;
    } else if (name === 'flags') flags = value;
    else throw unsupported(`the parse parameter ${name}`, p);
  }
  return { kind, flags };
}

function pieces(
  node: SyntaxNode,
  patterns: Kusto.Language.Syntax.SyntaxList$1<Kusto.Language.Syntax.SyntaxNode> | null,
  out: Column[],
  env: Env,
  ctx: RunContext,
  kind: Kind,
): Piece[] {
  const list: Piece[] = [];
  const scope = scopeOf(ctx, env, []);
  const typeOfColumn = (name: string) => out.find(c => c.name === name)?.type ?? 'string';
  for (const p of items(patterns)) {
    const k = kindOf(p);
    if (k === 'StarExpression') list.push({ kind: 'star' });
    else if (k === 'NameDeclaration' || k === 'NameAndTypeDeclaration') {
      const name =
        k === 'NameDeclaration'
          ? ((p as Kusto.Language.Syntax.NameDeclaration).SimpleName ?? '')
          : ((p as Kusto.Language.Syntax.NameAndTypeDeclaration).Name?.SimpleName ?? '');
      const type = typeOfColumn(name);
      if (type === 'dynamic' || type === 'decimal') throw unsupported(`parse into a ${type} column`, p);
      list.push({ kind: 'col', name, type, digits: false, lazyTyped: false });
    } else {
      const c = compileScalar(p as Kusto.Language.Syntax.Expression, scope);
      if (!c.constant || c.type !== 'string') throw unsupported(`the parse pattern element "${text(p)}"`, p);
      list.push({ kind: 'const', text: c.constant.value as string });
    }
  }
  // How much text each typed column reads (see the header), and the pattern shapes the pages rule out.
  list.forEach((p, i) => {
    if (p.kind !== 'col') return;
    const next = list[i + 1];
    const prev = list[i - 1];
    if (prev?.kind === 'col') throw unsupported('parse with two columns side by side', node);
    if (p.type === 'string') {
      if (next?.kind === 'star') throw new ExecError('parse: "*" cannot follow a string column', 'runtime', node);
      return;
    }
    const integer = p.type === 'int' || p.type === 'long';
    p.digits = integer && !(kind === 'relaxed' && next?.kind === 'const');
    p.lazyTyped = !p.digits;
    if (p.lazyTyped && next?.kind === 'star')
      throw unsupported(`parse with "*" after the ${p.type} column ${p.name}`, node);
  });
  return list;
}

// ---------------------------------------------------------------- simple and relaxed: two readings

const escapeLiteral = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** The regex reading: backtracking, the whole text (a pattern ending in a delimiter or a number ends the text). */
function regexReading(list: Piece[]): (text: string) => Captures {
  let src = '^';
  for (const p of list) {
    if (p.kind === 'star') src += '[\\s\\S]*?';
    else if (p.kind === 'const') src += escapeLiteral(p.text);
    else src += p.digits ? '(-?[0-9]+)' : '([\\s\\S]*?)';
  }
  const re = new RegExp(`${src}$`);
  return text => {
    const m = re.exec(text);
    return m ? m.slice(1) : null;
  };
}

const DIGITS = /-?[0-9]+/y;
const DIGITS_ANYWHERE = /-?[0-9]+/g;

/** The cursor reading: each element takes the first place it can, no backtracking, text may follow the pattern. */
function cursorReading(list: Piece[]): (text: string) => Captures {
  return text => {
    const out: string[] = [];
    let pos = 0;
    let pending: 'star' | 'col' | null = null;
    for (const p of list) {
      if (p.kind === 'star') {
        pending = 'star';
        continue;
      }
      if (p.kind === 'const') {
        if (pending) {
          const at = text.indexOf(p.text, pos);
          if (at < 0) return null;
          if (pending === 'col') out.push(text.slice(pos, at));
          pos = at + p.text.length;
          pending = null;
        } else {
          if (!text.startsWith(p.text, pos)) return null;
          pos += p.text.length;
        }
        continue;
      }
      if (p.digits) {
        const re = pending === 'star' ? DIGITS_ANYWHERE : DIGITS;
        re.lastIndex = pos;
        const m = re.exec(text);
        if (!m) return null;
        out.push(m[0]);
        pos = m.index + m[0].length;
        pending = null;
        continue;
      }
      pending = 'col';
    }
    if (pending === 'col') out.push(text.slice(pos));
    return out;
  };
}

// ---------------------------------------------------------------- regex: the pattern's readings

function regexReadings(list: Piece[], flags: string): ((text: string) => Captures)[] {
  const hasStar = list.some(p => p.kind === 'star');
  const readings: ((text: string) => Captures)[] = [];
  const seen = new Set<string>();
  for (const anchorStart of [true, false])
    for (const anchorEnd of [true, false])
      for (const greedyStar of hasStar ? [false, true] : [false]) {
        let pattern = anchorStart ? '\\A' : '';
        const columnGroups: number[] = [];
        let groups = 0;
        for (const p of list) {
          if (p.kind === 'star') pattern += greedyStar ? '.*' : '.*?';
          else if (p.kind === 'const') {
            groups += regexOf(p.text, { flags }).groups;
            pattern += p.text;
          } else {
            columnGroups.push(++groups);
            pattern += p.digits ? '(-?[0-9]+)' : '(.*)';
          }
        }
        if (anchorEnd) pattern += '\\z';
        if (seen.has(pattern)) continue;
        seen.add(pattern);
        const k = regexOf(pattern, { flags });
        readings.push(text =>
          withRegex(k, text, v => {
            const m = v.re.exec(text);
            return m ? columnGroups.map(g => m[g] ?? '') : null;
          }),
        );
      }
  return readings;
}

function sameCaptures(a: Captures, b: Captures): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** One answer from several readings, or a refusal naming the disagreement. */
function agree(readings: ((text: string) => Captures)[], what: string): (text: string) => Captures {
  return text => {
    const first = readings[0]!(text);
    for (let i = 1; i < readings.length; i++) {
      const other = readings[i]!(text);
      if (!sameCaptures(first, other))
        throw unsupported(
          `${what} on "${text.length > 60 ? `${text.slice(0, 57)}...` : text}", which the parse pages' readings of the pattern match differently`,
        );
    }
    return first;
  };
}

// ---------------------------------------------------------------- the operators

interface Plan {
  columns: Extract<Piece, { kind: 'col' }>[];
  match: (text: string) => Captures;
  strict: boolean;
  /** relaxed with a number column read as digits: how Kusto goes on when those are missing is not documented. */
  relaxedDigits: boolean;
}

function plan(node: SyntaxNode, op: Kusto.Language.Syntax.ParseOperator, env: Env, ctx: RunContext): Plan {
  const { kind, flags } = parameters(op.Parameters);
  if (flags && kind !== 'regex') throw new ExecError('parse: flags= needs kind=regex', 'runtime', node);
  const list = pieces(node, op.Patterns, columnsOf(node), env, ctx, kind);
  const columns = list.filter((p): p is Extract<Piece, { kind: 'col' }> => p.kind === 'col');
  const readings = kind === 'regex' ? regexReadings(list, flags) : [regexReading(list), cursorReading(list)];
  return {
    columns,
    match: agree(readings, `parse kind=${kind}`),
    strict: kind !== 'relaxed',
    relaxedDigits: kind === 'relaxed' && columns.some(c => c.digits),
  };
}

/** The parsed values of one row (in column order), or null when the row does not parse. */
function parseRow(p: Plan, text: string): Value[] | null {
  const raw = p.match(text);
  if (!raw) {
    if (p.relaxedDigits)
      throw unsupported('parse kind=relaxed on text where a number column followed by "*" finds no number');
    return null;
  }
  const values: Value[] = [];
  for (let i = 0; i < p.columns.length; i++) {
    const c = p.columns[i]!;
    const v = textAs(raw[i]!, c.type, `parse column ${c.name}`);
    if (v === null && c.type !== 'string') {
      if (p.strict) return null;
      values.push(null);
    } else values.push(v);
  }
  return values;
}

function parseOperator(node: SyntaxNode, input: Table, env: Env, ctx: RunContext, where: boolean): Table {
  const op = node as Kusto.Language.Syntax.ParseOperator;
  const p = plan(node, op, env, ctx);
  const out = columnsOf(node);
  const scope = rowScope(ctx, env, input);
  const source = compileScalar(op.Expression!, scope);
  const get = source.eval;
  const sourceType = source.type;
  const parsedIndex = new Map(p.columns.map((c, i) => [c.name, i]));
  const nulls = p.columns.map(c => nullOf(c.type));
  let current: Value[] = nulls;
  const layout = out.map(c => {
    const j = parsedIndex.get(c.name);
    if (j !== undefined) return () => current[j] ?? null;
    const i = input.columns.findIndex(k => k.name === c.name);
    if (i < 0) throw new ExecError(`parse lost column "${c.name}"`, 'unsupported', node);
    return (row: Row) => row[i] ?? null;
  });
  // The parsed values of the row being laid out (layout functions run in order, once per row).
  const first = layout[0]!;
  const parseFirst = (row: Row) => {
    current = parseRow(p, toText(get(row), sourceType)) ?? nulls;
    return first(row);
  };
  if (!where) return mapRows(input, out, [parseFirst, ...layout.slice(1)], scope, ctx);
  const kept: Row[] = [];
  const cursor = scope.cursor!;
  for (let i = 0; i < input.rows.length; i++) {
    cursor.i = i;
    const row = input.rows[i]!;
    const values = parseRow(p, toText(get(row), sourceType));
    if (!values) continue;
    current = values;
    kept.push(layout.map(f => f(row)));
  }
  return { columns: out, rows: kept, serialized: input.serialized };
}

// parse: https://learn.microsoft.com/kusto/query/parse-operator
defineOperator('ParseOperator', (node, input, env, ctx) => parseOperator(node, input, env, ctx, false));
// parse-where: https://learn.microsoft.com/kusto/query/parse-where-operator (rows that do not parse are dropped)
defineOperator('ParseWhereOperator', (node, input, env, ctx) => parseOperator(node, input, env, ctx, true));

// ---------------------------------------------------------------- parse-kv

interface KvOptions {
  pair?: string;
  kv?: string;
  quotes: [string, string][];
  escapes: string[];
  greedy: boolean;
  regex?: string;
}

function kvOptions(clause: Kusto.Language.Syntax.ParseKvWithClause | null, env: Env, ctx: RunContext): KvOptions {
  const o: KvOptions = { quotes: [], escapes: [], greedy: false };
  const scope = scopeOf(ctx, env, []);
  for (const p of elements(clause?.Properties)) {
    const name = p.Name?.SimpleName?.toLowerCase() ?? '';
    const c = p.Expression ? compileScalar(p.Expression, scope) : undefined;
    if (!c?.constant) throw unsupported(`parse-kv ${name}= that is not a constant`, p);
    const v = c.constant.value;
    const str = toText(v, c.type);
    switch (name) {
      case 'pair_delimiter':
        o.pair = str;
        break;
      case 'kv_delimiter':
        o.kv = str;
        break;
      case 'quote': {
        const q = str;
        if (q.length !== 1 && q.length !== 2)
          throw new ExecError('parse-kv: quote= takes one or two characters', 'runtime', p);
        o.quotes.push([q[0]!, q[1] ?? q[0]!]);
        break;
      }
      case 'escape': {
        const e = str;
        if (e.length !== 1) throw new ExecError('parse-kv: escape= takes one character', 'runtime', p);
        o.escapes.push(e);
        break;
      }
      case 'greedy':
        o.greedy = v === true;
        break;
      case 'regex':
        o.regex = str;
        break;
      default:
        throw unsupported(`the parse-kv parameter ${name}`, p);
    }
  }
  return o;
}

const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);

/** A value or key starting at `i`: quoted (with escapes) or up to `stop`. Returns the text and the end. */
function readToken(s: string, i: number, o: KvOptions, stop: (j: number) => boolean): { text: string; end: number } {
  const q = o.quotes.find(([open]) => s[i] === open);
  if (q) {
    let text = '';
    let j = i + 1;
    while (j < s.length && s[j] !== q[1]) {
      if (o.escapes.includes(s[j]!) && j + 1 < s.length) {
        text += s[j + 1];
        j += 2;
        continue;
      }
      text += s[j++];
    }
    if (j >= s.length) throw unsupported('parse-kv of an unclosed quote');
    return { text, end: j + 1 };
  }
  let j = i;
  while (j < s.length && !stop(j)) j++;
  return { text: s.slice(i, j), end: j };
}

/** Key/value pairs of a text with the given delimiters (the first value of a key wins). */
function delimitedPairs(s: string, o: KvOptions, keys: Set<string>): Map<string, string> {
  const pair = o.pair!;
  const kv = o.kv!;
  const found = new Map<string, string>();
  let i = 0;
  while (i < s.length) {
    while (s.startsWith(' ', i) && pair !== ' ') i++;
    const key = readToken(s, i, o, j => s.startsWith(kv, j) || s.startsWith(pair, j));
    i = key.end;
    if (!s.startsWith(kv, i)) {
      // No value: skip to the next pair.
      const next = s.indexOf(pair, i);
      if (next < 0) break;
      i = next + pair.length;
      continue;
    }
    i += kv.length;
    const name = key.text.trim();
    let value: { text: string; end: number };
    if (o.greedy && !o.quotes.some(([open]) => s[i] === open)) {
      // Greedy: the value runs to the next "pair_delimiter key kv_delimiter" of a listed key, or the end.
      let end = s.length;
      for (let j = s.indexOf(pair, i); j >= 0; j = s.indexOf(pair, j + 1)) {
        const rest = s.slice(j + pair.length);
        const k = [...keys].find(name => rest.trimStart().startsWith(name + kv));
        if (k !== undefined) {
          end = j;
          break;
        }
      }
      value = { text: s.slice(i, end), end };
    } else value = readToken(s, i, o, j => s.startsWith(pair, j));
    const quoted = o.quotes.some(([open]) => s[i] === open);
    if (quoted && value.text.trim() !== value.text)
      throw unsupported('parse-kv of a quoted value with leading or trailing spaces');
    if (!found.has(name)) found.set(name, value.text.trim());
    i = value.end;
    const next = s.indexOf(pair, i);
    if (next < 0) break;
    if (s.slice(i, next).trim() !== '') throw unsupported('parse-kv of text between a quoted value and the next pair');
    i = next + pair.length;
  }
  return found;
}

/**
 * Without delimiters ("any nonalphanumeric character is considered a delimiter"): a listed key on term boundaries,
 * one delimiter character, optional spaces, then a quoted value or a run of alphanumerics. A key found at two
 * places is refused (the page does not say which one a sequential reading would take).
 */
function undelimitedPairs(s: string, o: KvOptions, keys: Set<string>): Map<string, string> {
  const found = new Map<string, string>();
  for (const key of keys) {
    let value: string | undefined;
    for (let at = s.indexOf(key); at >= 0; at = s.indexOf(key, at + 1)) {
      const d = s[at + key.length];
      if ((at > 0 && isAlnum(s[at - 1]!)) || d === undefined || isAlnum(d)) continue;
      if (value !== undefined) throw unsupported(`parse-kv without delimiters of the key "${key}" found twice`);
      let i = at + key.length + 1;
      while (s[i] === ' ') i++;
      value = readToken(s, i, o, j => !isAlnum(s[j]!)).text;
    }
    if (value !== undefined) found.set(key, value);
  }
  return found;
}

// parse-kv: https://learn.microsoft.com/kusto/query/parse-kv-operator
defineOperator('ParseKvOperator', (node, input, env, ctx) => {
  const op = node as Kusto.Language.Syntax.ParseKvOperator;
  const out = columnsOf(node);
  const keys = elements(op.Keys?.Columns).map(c => {
    const name = c.Name?.SimpleName ?? '';
    const type = out.find(k => k.name === name)?.type ?? 'string';
    if (type === 'dynamic' || type === 'decimal') throw unsupported(`parse-kv into a ${type} column`, c);
    return { name, type };
  });
  const o = kvOptions(op.WithClause, env, ctx);
  if ((o.pair === undefined) !== (o.kv === undefined))
    throw new ExecError('parse-kv: pair_delimiter and kv_delimiter go together', 'runtime', node);
  if (o.regex !== undefined && (o.pair !== undefined || o.quotes.length || o.greedy))
    throw new ExecError('parse-kv: regex= takes no other option', 'runtime', node);
  // Without delimiters the page's example reads "key: value" around non-alphanumerics; other shapes are refused.
  if (o.pair === undefined && o.regex === undefined && o.greedy)
    throw unsupported('parse-kv greedy=true without delimiters', node);
  const keySet = new Set(keys.map(k => k.name));
  const k = o.regex !== undefined ? regexOf(o.regex) : undefined;
  if (k && k.groups !== 2)
    throw new ExecError('parse-kv: regex= needs exactly two capture groups (key and value)', 'runtime', node);
  const pairsOf = (s: string): Map<string, string> => {
    if (k)
      return withRegex(k, s, v => {
        const m = new Map<string, string>();
        forEachMatch(v.g, s, x => {
          const key = (x[1] ?? '').trim();
          if (!m.has(key)) m.set(key, (x[2] ?? '').trim());
        });
        return m;
      });
    if (o.pair !== undefined) return delimitedPairs(s, o, keySet);
    return undelimitedPairs(s, o, keySet);
  };
  const scope = rowScope(ctx, env, input);
  const source = compileScalar(op.Expression!, scope);
  let found = new Map<string, string>();
  const layout = out.map((c, n) => {
    const key = keys.find(x => x.name === c.name);
    const read = key
      ? () => {
          const t = found.get(key.name);
          return t === undefined ? nullOf(key.type) : textAs(t, key.type, `parse-kv key ${key.name}`);
        }
      : (() => {
          const i = input.columns.findIndex(x => x.name === c.name);
          if (i < 0) throw new ExecError(`parse-kv lost column "${c.name}"`, 'unsupported', node);
          return (row: Row) => row[i] ?? null;
        })();
    if (n > 0) return read;
    return (row: Row) => {
      found = pairsOf(toText(source.eval(row), source.type));
      return read(row);
    };
  });
  return mapRows(input, out, layout, scope, ctx);
});
