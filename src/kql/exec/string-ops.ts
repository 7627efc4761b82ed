// Kusto's string operators: https://learn.microsoft.com/kusto/query/datatypes-string-operators
// `has` matches whole terms: a term is a maximal run of ASCII alphanumeric characters, so the right side must start
// and end on term boundaries (where it starts or ends with an alphanumeric character). Operators without `_cs` ignore
// case. A non-string operand (a dynamic string, a number) is compared as its text.
import { ExecError } from './errors.js';
import { regexOf } from './regex.js';
import { toText, type Value } from './values.js';

type Binary = (a: Value, b: Value) => Value;

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

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

/** Whether `term` occurs in `s` on term boundaries (`has`); prefix/suffix only check one side. */
export function hasTerm(s: string, term: string, mode: 'has' | 'prefix' | 'suffix' = 'has'): boolean {
  if (term.length === 0) return mode !== 'has' || true;
  const startAlnum = isAlnum(term.charCodeAt(0));
  const endAlnum = isAlnum(term.charCodeAt(term.length - 1));
  let from = 0;
  for (;;) {
    const i = s.indexOf(term, from);
    if (i < 0) return false;
    const before = i === 0 || !startAlnum || !isAlnum(s.charCodeAt(i - 1));
    const j = i + term.length;
    const after = j === s.length || !endAlnum || !isAlnum(s.charCodeAt(j));
    if (mode === 'has' && before && after) return true;
    if (mode === 'prefix' && before) return true;
    if (mode === 'suffix' && after) return true;
    from = i + 1;
  }
}

const lower = (v: Value) => asText(v).toLowerCase();

const OPERATORS: Record<string, Binary> = {
  '=~': (a, b) => lower(a) === lower(b),
  '!~': (a, b) => lower(a) !== lower(b),
  has: (a, b) => hasTerm(lower(a), lower(b)),
  '!has': (a, b) => !hasTerm(lower(a), lower(b)),
  has_cs: (a, b) => hasTerm(asText(a), asText(b)),
  '!has_cs': (a, b) => !hasTerm(asText(a), asText(b)),
  hasprefix: (a, b) => hasTerm(lower(a), lower(b), 'prefix'),
  '!hasprefix': (a, b) => !hasTerm(lower(a), lower(b), 'prefix'),
  hasprefix_cs: (a, b) => hasTerm(asText(a), asText(b), 'prefix'),
  '!hasprefix_cs': (a, b) => !hasTerm(asText(a), asText(b), 'prefix'),
  hassuffix: (a, b) => hasTerm(lower(a), lower(b), 'suffix'),
  '!hassuffix': (a, b) => !hasTerm(lower(a), lower(b), 'suffix'),
  hassuffix_cs: (a, b) => hasTerm(asText(a), asText(b), 'suffix'),
  '!hassuffix_cs': (a, b) => !hasTerm(asText(a), asText(b), 'suffix'),
  contains: (a, b) => lower(a).includes(lower(b)),
  '!contains': (a, b) => !lower(a).includes(lower(b)),
  contains_cs: (a, b) => asText(a).includes(asText(b)),
  '!contains_cs': (a, b) => !asText(a).includes(asText(b)),
  startswith: (a, b) => lower(a).startsWith(lower(b)),
  '!startswith': (a, b) => !lower(a).startsWith(lower(b)),
  startswith_cs: (a, b) => asText(a).startsWith(asText(b)),
  '!startswith_cs': (a, b) => !asText(a).startsWith(asText(b)),
  endswith: (a, b) => lower(a).endsWith(lower(b)),
  '!endswith': (a, b) => !lower(a).endsWith(lower(b)),
  endswith_cs: (a, b) => asText(a).endsWith(asText(b)),
  '!endswith_cs': (a, b) => !asText(a).endsWith(asText(b)),
  matchesregex: (a, b) => {
    if (typeof b !== 'string') throw new ExecError('matches regex needs a string pattern', 'runtime');
    return regexOf(b).test(asText(a));
  },
};

/** The implementation of a string operator by its spelling (`has`, `!contains_cs`, `matches regex`, …). */
export function stringOperator(op: string): Binary | undefined {
  return OPERATORS[op.replace(/\s+/g, '')];
}

export { toText };
