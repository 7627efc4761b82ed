// Kusto's string operators: https://learn.microsoft.com/kusto/query/datatypes-string-operators
// `has` matches whole terms: a term is a maximal run of alphanumeric characters, so the right side must start and end
// on term boundaries where it starts or ends with an alphanumeric character (a right side such as "/a/b?" matches
// as text, https://github.com/MicrosoftDocs/dataexplorer-docs/issues/1005). Operators without `_cs` ignore case. A
// non-string operand (a dynamic string, a number) is compared as its text.
//
// What the documentation leaves open is refused rather than guessed, only where it changes the answer:
// - whether characters beyond ASCII count as alphanumeric for terms (older pages say ASCII, newer ones do not);
// - how case is folded beyond ASCII (ASCII-only, to lower case or to upper case): the answer must agree under each;
// - `has` with an empty right side.
import { ExecError, unsupported } from './errors.js';
import { regexOf, withRegex } from './regex.js';
import { toText, type Value } from './values.js';

type Binary = (a: Value, b: Value) => Value;

const isAsciiAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const UNICODE_ALNUM = /[\p{L}\p{N}\p{M}]/u;
const isUnicodeAlnum = (c: number) => isAsciiAlnum(c) || (c >= 0x80 && UNICODE_ALNUM.test(String.fromCharCode(c)));

/** Ordinal comparison of strings (==, <, sort). */
export function compareStrings(a: Value, b: Value): number {
  const x = a as string;
  const y = b as string;
  return x < y ? -1 : x > y ? 1 : 0;
}

export const asText = (v: Value): string =>
  typeof v === 'string'
    ? v
    : v === null || v === undefined
      ? ''
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

const NON_ASCII = /[\u0080-\uffff]/;

type TermMode = 'has' | 'prefix' | 'suffix';

/** Whether `term` occurs in `s` on term boundaries, terms made of characters for which `word` holds. */
function findTerm(s: string, term: string, mode: TermMode, word: (c: number) => boolean): boolean {
  const startWord = word(term.charCodeAt(0));
  const endWord = word(term.charCodeAt(term.length - 1));
  let from = 0;
  for (;;) {
    const i = s.indexOf(term, from);
    if (i < 0) return false;
    const before = i === 0 || !startWord || !word(s.charCodeAt(i - 1));
    const j = i + term.length;
    const after = j === s.length || !endWord || !word(s.charCodeAt(j));
    if (mode === 'has' && before && after) return true;
    if (mode === 'prefix' && before) return true;
    if (mode === 'suffix' && after) return true;
    from = i + 1;
  }
}

/**
 * `has`, `hasprefix`, `hassuffix` on already case-folded text; refused where terms beyond ASCII decide. `ascii`:
 * the caller knows both texts are ASCII.
 */
export function hasTerm(s: string, term: string, mode: TermMode = 'has', ascii = false): boolean {
  if (term.length === 0) throw unsupported(`"${mode === 'has' ? 'has' : `has${mode}`}" with an empty term`);
  const a = findTerm(s, term, mode, isAsciiAlnum);
  if (ascii || (!NON_ASCII.test(s) && !NON_ASCII.test(term))) return a;
  const u = findTerm(s, term, mode, isUnicodeAlnum);
  if (a !== u) throw unsupported(`telling whether letters beyond ASCII are parts of terms ("${term}" in "${clip(s)}")`);
  return a;
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 37)}...` : s);

const asciiLower = (s: string) => s.replace(/[A-Z]+/g, m => m.toLowerCase());
const FOLDS: ((s: string) => string)[] = [asciiLower, s => s.toLowerCase(), s => s.toUpperCase()];

/** A test of two texts; `ascii` when the caller knows both are ASCII. */
type Test = (x: string, y: string, ascii: boolean) => boolean;

/**
 * A case-insensitive test: exact on ASCII text; beyond ASCII it must give one answer whether case is folded on ASCII
 * letters only, to lower case or to upper case, since the documentation does not say which Kusto does.
 */
function caseless(test: Test, what: string): (a: string, b: string) => boolean {
  // The right side is usually a constant: its folded form is kept from the previous row.
  let lastB: string | undefined;
  let lowB = '';
  let asciiB = true;
  return (a, b) => {
    if (b !== lastB) {
      lastB = b;
      lowB = b.toLowerCase();
      asciiB = !NON_ASCII.test(b);
    }
    if (asciiB && !NON_ASCII.test(a)) return test(a.toLowerCase(), lowB, true);
    let answer: boolean | undefined;
    for (const fold of FOLDS) {
      const r = test(fold(a), fold(b), false);
      if (answer === undefined) answer = r;
      else if (answer !== r)
        throw unsupported(`folding the case of letters beyond ASCII ("${clip(a)}" ${what} "${clip(b)}")`);
    }
    return answer!;
  };
}

const TEST_OF: Record<string, Test> = {
  has: (x, y, ascii) => hasTerm(x, y, 'has', ascii),
  hasprefix: (x, y, ascii) => hasTerm(x, y, 'prefix', ascii),
  hassuffix: (x, y, ascii) => hasTerm(x, y, 'suffix', ascii),
  contains: (x, y) => x.includes(y),
  startswith: (x, y) => x.startsWith(y),
  endswith: (x, y) => x.endsWith(y),
};

const TESTS: Record<string, { test: Test; caseSensitive: boolean; name: string }> = {};
for (const [name, test] of Object.entries(TEST_OF)) {
  TESTS[name] = { test, caseSensitive: false, name };
  TESTS[`${name}_cs`] = { test, caseSensitive: true, name: `${name}_cs` };
}
TESTS['=~'] = { test: (x, y) => x === y, caseSensitive: false, name: '=~' };

/** `a op b` over two values read as text; `has_any` and `has_all` use it for each term. */
export function textTest(op: string): (a: Value, b: Value) => boolean {
  const t = TESTS[op];
  if (!t) throw new ExecError(`no string operator "${op}"`, 'unsupported');
  const test = t.test;
  const f = t.caseSensitive ? (x: string, y: string) => test(x, y, false) : caseless(test, t.name);
  return (a, b) => f(typeof a === 'string' ? a : asText(a), typeof b === 'string' ? b : asText(b));
}

/**
 * The implementation of a string operator by its spelling (`has`, `!contains_cs`, `matches regex`, …), one per call
 * site: `matches regex` keeps its last pattern's translation.
 */
export function stringOperator(op: string): Binary | undefined {
  const name = op.replace(/\s+/g, '');
  if (name === 'matchesregex') {
    let last: string | undefined;
    let k: ReturnType<typeof regexOf> | undefined;
    return (a, b) => {
      if (typeof b !== 'string') throw new ExecError('matches regex needs a string pattern', 'runtime');
      if (b !== last || !k) {
        k = regexOf(b);
        last = b;
      }
      const s = asText(a);
      return withRegex(k, s, v => v.re.test(s));
    };
  }
  if (name === '!~') {
    const eq = textTest('=~');
    return (a, b) => !eq(a, b);
  }
  const negated = name.startsWith('!');
  const base = negated ? name.slice(1) : name;
  if (!TESTS[base]) return undefined;
  const f = textTest(base);
  return negated ? (a, b) => !f(a, b) : f;
}

export { toText };
