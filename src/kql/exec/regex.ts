// Kusto's regular expressions on JavaScript's RegExp.
//
// Kusto documents two readings of its patterns: the RE2 syntax (https://learn.microsoft.com/kusto/query/re2-library,
// the library its functions name) and the current syntax page (https://learn.microsoft.com/kusto/query/regex), whose
// Perl classes \d \s \w and \b are Unicode-aware where RE2's are ASCII. The translation keeps to what both readings
// mean alike and refuses the rest:
// - constructs both reject (look-around, back-references, possessive repetition) are errors, as in Kusto;
// - constructs only one of them accepts take that one's meaning (RE2's literal `{` and `[[]`, \Q…\E; the newer
//   \u escapes), since a query that runs in Kusto can only mean that;
// - constructs both accept with different meanings (`\<`, `\b{start}`, class set operations `&&` `--` `~~`, nested
//   classes) are refused by name;
// - \d \s \w \b are translated twice (ASCII and Unicode); text where the two could differ (anything beyond ASCII, or
//   a vertical tab) is matched with both and a difference is refused (see `withRegex`).
// JavaScript's own readings are never used where they differ from both: `.` excludes only \n, `^`/`$` are
// translated for multi-line mode, a repetition's capture groups that JavaScript resets are flagged (`unstable`),
// and global iteration follows RE2 (no empty match right after a match; see `forEachMatch`).
import v8 from 'node:v8';
import { ExecError } from './errors.js';

// RE2 matches in linear time; JavaScript backtracks, and a pattern such as the corpus's
// (http[s]?://(?:[a-zA-Z]|[0-9]|[$-_@.&+]|…)+); takes exponential time on a long URL without the ";". This V8 option
// hands a match that backtracks excessively to V8's linear-time engine, which gives the same answers. That engine
// runs neither the u flag nor look-around, so pure-ASCII patterns are also translated without them (`fast`, used on
// ASCII text); look-around remains only for multi-line anchors and case-insensitive \b. Set before any pattern is
// compiled.
v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

/** One translation of a pattern: a RegExp and its global twin. */
export interface RegexVariant {
  re: RegExp;
  /** The same expression with the `g` flag, for iteration (lastIndex is reset by every user). */
  g: RegExp;
}

export interface KustoRegex {
  pattern: string;
  /** The ASCII reading of \d \s \w \b (RE2's). */
  ascii: RegexVariant;
  /**
   * The Unicode reading, when the pattern uses \d \s \w \b and the two could differ; a string (the reason) when the
   * Unicode reading cannot be written in JavaScript, so text beyond ASCII is refused.
   */
  unicode?: RegexVariant | string;
  /** Number of capture groups. */
  groups: number;
  /** Names of capture groups by number (index 0 unused). */
  names: (string | undefined)[];
  /** Groups inside a repeated group: JavaScript clears them on each repetition, RE2 keeps the last value. */
  unstable: Set<number>;
  /**
   * The ASCII reading without JavaScript's u flag, for pure-ASCII patterns on ASCII text (the usual case): V8 can
   * hand a runaway match of such an expression to its linear-time engine (see the top of this file).
   */
  fast?: RegexVariant;
  /** The JavaScript source of each reading (see `wrapped`). */
  source: string;
  unicodeSource?: string;
  fastSource?: string;
  flags: string;
  fastFlags: string;
}

export interface RegexOptions {
  /** Flags given beside the pattern (parse's `flags=`): i, m, s, U. */
  flags?: string;
}

const cache = new Map<string, KustoRegex>();

/** The translation of a Kusto pattern, compiled once per pattern and flag set. */
export function regexOf(pattern: string, options: RegexOptions = {}): KustoRegex {
  const key = `${options.flags ?? ''}\u0000${pattern}`;
  let k = cache.get(key);
  if (!k) {
    k = compile(pattern, options.flags ?? '');
    if (cache.size > 1000) cache.clear();
    cache.set(key, k);
  }
  return k;
}

/** A RegExp built from a translated source (for callers that wrap a pattern, as trim() does). */
export function variantOf(source: string, flags: string): RegexVariant {
  try {
    return { re: new RegExp(source, flags), g: new RegExp(source, `${flags}g`) };
  } catch (e) {
    throw new ExecError(`invalid regular expression: ${(e as Error).message}`, 'runtime');
  }
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Runs `f` with the pattern's RegExp; when the pattern's two readings could differ on `text`, runs both and refuses a
 * difference. `same` compares results (default: identical, or equal JSON for arrays and objects).
 */
export function withRegex<T>(k: KustoRegex, text: string, f: (v: RegexVariant) => T): T {
  const ascii = !NON_ASCII.test(text);
  const a = f(ascii && k.fast ? k.fast : k.ascii);
  if (k.unicode === undefined || (ascii && !text.includes('\v'))) return a;
  if (typeof k.unicode === 'string')
    throw new ExecError(
      `the pattern "${k.pattern}" on text beyond ASCII: ${k.unicode} is not supported by rulectl's KQL engine`,
      'unsupported',
    );
  const b = f(k.unicode);
  if (a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b))) return a;
  throw new ExecError(
    `the pattern "${k.pattern}" reads this text differently under RE2 (ASCII \\d \\s \\w \\b) and Kusto's Unicode regex syntax; rulectl's KQL engine cannot tell which Kusto uses`,
    'unsupported',
  );
}

/** Length in UTF-16 units of the code point at `i`. */
function cpLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
}

/**
 * Calls `f` for each match from left to right, as RE2 (and Kusto) iterate: matches do not overlap, and an empty
 * match right where the previous match ended is skipped (JavaScript's own iteration reports it). `f` returns false
 * to stop.
 */
export function forEachMatch(g: RegExp, text: string, f: (m: RegExpExecArray) => boolean | void): void {
  let pos = 0;
  let lastEnd = -1;
  while (pos <= text.length) {
    g.lastIndex = pos;
    const m = g.exec(text);
    if (!m) return;
    const start = m.index;
    const end = start + m[0].length;
    if (start === end && start === lastEnd) {
      if (start >= text.length) return;
      pos = start + cpLength(text, start);
      continue;
    }
    if (f(m) === false) return;
    lastEnd = end;
    pos = start === end ? (start >= text.length ? text.length + 1 : start + cpLength(text, start)) : end;
  }
}

// ---------------------------------------------------------------- translation

const invalid = (pattern: string, why: string) =>
  new ExecError(`invalid regular expression "${pattern}": ${why}`, 'runtime');
const refused = (pattern: string, what: string) =>
  new ExecError(
    `${what} in the regular expression "${pattern}" is not supported by rulectl's KQL engine`,
    'unsupported',
  );

type Mode = 'ascii' | 'unicode';

interface Atom {
  src: string;
  assertion?: boolean;
  capture?: boolean;
  single?: boolean;
}

interface Flags {
  m: boolean;
  s: boolean;
  U: boolean;
}

// The Perl classes, as RE2 defines them (ASCII) and as the current syntax page does (Unicode, UTS#18).
const ASCII_CLASS: Record<string, string> = { d: '0-9', s: '\\t\\n\\f\\r ', w: '0-9A-Za-z_' };
const UNICODE_CLASS: Record<string, string> = {
  d: '\\p{Nd}',
  s: '\\p{White_Space}',
  w: '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}',
};

// POSIX classes inside brackets: https://github.com/google/re2/wiki/Syntax (same in the current syntax page).
const POSIX: Record<string, [number, number][]> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

const hex = (cp: number) => `\\u{${cp.toString(16)}}`;
const plain = (cp: number) =>
  (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f || cp === 0x20;

/** A pattern that is not pure ASCII has no translation without JavaScript's u flag. */
class NotAscii extends Error {}

function complement(ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let next = 0;
  for (const [a, b] of [...ranges].sort((x, y) => x[0] - y[0])) {
    if (a > next) out.push([next, a - 1]);
    next = Math.max(next, b + 1);
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

const ASCII_RANGES: Record<string, [number, number][]> = {
  d: [[0x30, 0x39]],
  s: [
    [0x09, 0x0a],
    [0x0c, 0x0d],
    [0x20, 0x20],
  ],
  w: POSIX.word!,
};

const propertyCache = new Map<string, string | null>();
/** A Unicode class name as JavaScript spells it: general category, then script, then binary property. */
function unicodeProperty(name: string): string | null {
  let v = propertyCache.get(name);
  if (v !== undefined) return v;
  v = null;
  const tries = name === 'Any' ? ['Any'] : [`General_Category=${name}`, `Script=${name}`, name];
  for (const t of tries) {
    try {
      new RegExp(`\\p{${t}}`, 'u');
      v = t;
      break;
    } catch {
      // not this kind of name
    }
  }
  propertyCache.set(name, v);
  return v;
}

class Translator {
  private i = 0;
  groups = 0;
  readonly names: (string | undefined)[] = [undefined];
  readonly unstable = new Set<number>();
  /** Set when the pattern uses \d \s \w \b (the Unicode reading differs). */
  perl = false;
  /** Why the Unicode reading cannot be written, if so. */
  unicodeProblem?: string;
  caseInsensitive = false;

  constructor(
    private readonly p: string,
    private readonly mode: Mode,
    /** Whether the JavaScript expression has the u flag (without it, only pure-ASCII patterns translate). */
    private readonly jsUnicode = true,
  ) {}

  /** A code point as a pattern character, safe inside and outside brackets. `generated`: a range end made here. */
  private lit(cp: number, generated = false): string {
    if (plain(cp)) return String.fromCodePoint(cp);
    if (this.jsUnicode) return hex(cp);
    if (cp > 0x7f && !generated) throw new NotAscii();
    return `\\u${Math.min(cp, 0xffff).toString(16).padStart(4, '0')}`;
  }

  private ranges(ranges: [number, number][]): string {
    return ranges.map(([a, b]) => (a === b ? this.lit(a, true) : `${this.lit(a, true)}-${this.lit(b, true)}`)).join('');
  }

  run(flags: string): string {
    const f: Flags = { m: false, s: false, U: false };
    this.applyFlags(flags, f, true);
    // Leading (?flags) groups set the whole pattern's flags (the only place case-insensitivity may be set).
    for (;;) {
      const m = /^\(\?([a-zA-Z-]+)\)/.exec(this.p.slice(this.i));
      if (!m) break;
      this.applyFlags(m[1] ?? '', f, true);
      this.i += m[0].length;
    }
    const out = this.alternation(f, 0);
    if (this.i < this.p.length) throw invalid(this.p, `unexpected ")" at ${this.i}`);
    return out;
  }

  private applyFlags(spec: string, f: Flags, leading: boolean): void {
    let on = true;
    for (const c of spec) {
      if (c === '-') {
        on = false;
        continue;
      }
      switch (c) {
        case 'i':
          if (leading && on) this.caseInsensitive = true;
          else if (on !== this.caseInsensitive)
            throw refused(this.p, 'changing case-insensitivity (?i) inside the pattern');
          break;
        case 'm':
          f.m = on;
          break;
        case 's':
          f.s = on;
          break;
        case 'U':
          f.U = on;
          break;
        case 'x':
        case 'R':
        case 'u':
          throw refused(this.p, `the flag ${c}`);
        default:
          throw invalid(this.p, `unknown flag "${c}"`);
      }
    }
  }

  private peek(n = 0): string {
    return this.p[this.i + n] ?? '';
  }

  /** Flags set by `(?flags)` hold to the end of the enclosing group, across its alternatives (RE2). */
  private alternation(outer: Flags, depth: number): string {
    const f = { ...outer };
    const parts = [this.sequence(f, depth)];
    while (this.peek() === '|') {
      this.i++;
      parts.push(this.sequence(f, depth));
    }
    return parts.join('|');
  }

  private sequence(f: Flags, depth: number): string {
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === '' || c === '|' || (c === ')' && depth > 0)) return out;
      if (c === ')') throw invalid(this.p, 'unmatched ")"');
      const groupsBefore = this.groups;
      const atom = this.atom(f, depth);
      if (atom === null) continue; // a flag group: changes f, matches nothing
      const q = this.quantifier(f);
      if (q !== null) {
        if (atom.assertion) throw refused(this.p, 'a repeated assertion');
        // JavaScript clears a repeated group's inner captures on each pass; RE2 keeps the last value.
        if (q.max > 1)
          for (let g = groupsBefore + 1 + (atom.capture ? 1 : 0); g <= this.groups; g++) this.unstable.add(g);
        out += atom.single ? `${atom.src}${q.src}` : `(?:${atom.src})${q.src}`;
      } else out += atom.src;
    }
  }

  /** A repetition operator after an atom (JavaScript spelling), or null. RE2's `{` that is not a count is literal. */
  private quantifier(f: Flags): { src: string; max: number } | null {
    const c = this.peek();
    let q: string;
    let max = c === '?' ? 1 : Infinity;
    if (c === '*' || c === '+' || c === '?') {
      q = c;
      this.i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i));
      if (!m) return null;
      const lo = Number(m[1]);
      const hi = m[2] ? (m[3] ? Number(m[3]) : Infinity) : lo;
      if (lo > 1000 || (hi !== Infinity && hi > 1000) || hi < lo) throw invalid(this.p, `bad repetition ${m[0]}`);
      q = m[0];
      max = hi;
      this.i += m[0].length;
    } else return null;
    let lazy = false;
    if (this.peek() === '?') {
      lazy = true;
      this.i++;
    }
    const n = this.peek();
    if (n === '*' || n === '+' || n === '?' || (n === '{' && /^\{\d+(,\d*)?\}/.test(this.p.slice(this.i))))
      throw invalid(this.p, `bad repetition operator at ${this.i}`);
    if (f.U) lazy = !lazy;
    return { src: lazy ? `${q}?` : q, max };
  }

  /** One atom; `single` when it is one character or class (repeated without a group). */
  private atom(f: Flags, depth: number): Atom | null {
    const c = this.peek();
    switch (c) {
      case '(':
        return this.group(f, depth);
      case '[':
        return { src: this.bracket(), single: true };
      case '.':
        this.i++;
        return { src: f.s ? '[\\s\\S]' : '[^\\n]', single: true };
      case '^':
        this.i++;
        return { src: f.m ? '(?:^|(?<=\\n))' : '^', assertion: true };
      case '$':
        this.i++;
        return { src: f.m ? '(?:$|(?=\\n))' : '$', assertion: true };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw invalid(this.p, `missing argument to repetition operator "${c}"`);
      case '{':
        if (/^\{\d+(,\d*)?\}/.test(this.p.slice(this.i))) throw invalid(this.p, 'missing argument to repetition');
        this.i++;
        return { src: this.lit(0x7b), single: true };
      default: {
        const cp = this.p.codePointAt(this.i)!;
        this.i += cp > 0xffff ? 2 : 1;
        return { src: this.lit(cp), single: true };
      }
    }
  }

  private group(f: Flags, depth: number): Atom | null {
    this.i++; // (
    let capture = false;
    let inner: Flags = f;
    if (this.peek() === '?') {
      const rest = this.p.slice(this.i + 1);
      const named = /^P?<([^>]*)>/.exec(rest);
      if (/^<[=!]|^[=!]/.test(rest)) throw invalid(this.p, 'look-around assertions are not RE2 syntax');
      if (named) {
        const name = named[1] ?? '';
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw refused(this.p, `the group name "${name}"`);
        if (this.names.includes(name)) throw invalid(this.p, `duplicate group name "${name}"`);
        this.i += 1 + named[0].length;
        capture = true;
        this.groups++;
        this.names.push(name);
      } else {
        const m = /^([a-zA-Z-]*)([:)])/.exec(rest);
        if (!m) throw invalid(this.p, `unknown group "(?${rest.slice(0, 3)}"`);
        const spec = m[1] ?? '';
        this.i += 1 + m[0].length;
        const g = { ...f };
        this.applyFlags(spec, g, false);
        if (m[2] === ')') {
          // (?flags): applies to the rest of the enclosing group.
          Object.assign(f, g);
          return null;
        }
        inner = g;
      }
    } else {
      capture = true;
      this.groups++;
      this.names.push(undefined);
    }
    const body = this.alternation(inner, depth + 1);
    if (this.peek() !== ')') throw invalid(this.p, 'missing ")"');
    this.i++;
    return { src: capture ? `(${body})` : `(?:${body})`, capture };
  }

  private perlClass(letter: string, negated: boolean, inBracket: boolean): string {
    this.perl = true;
    const key = letter.toLowerCase();
    if (this.mode === 'ascii') {
      const r = ASCII_RANGES[key]!;
      if (inBracket) return this.ranges(negated ? complement(r) : r);
      return `[${negated ? '^' : ''}${ASCII_CLASS[key]}]`;
    }
    if (inBracket) {
      if (!negated) return UNICODE_CLASS[key]!;
      if (key === 'd') return '\\P{Nd}';
      if (key === 's') return '\\P{White_Space}';
      this.unicodeProblem = '\\W inside brackets';
      return '';
    }
    return `[${negated ? '^' : ''}${UNICODE_CLASS[key]}]`;
  }

  private wordBoundary(negated: boolean): string {
    this.perl = true;
    // JavaScript's own \b is ASCII's unless case-insensitive (then ſ and K, U+212A, count as word characters); it
    // keeps the pattern free of look-behind, which V8's linear engine cannot run (see the end of this file).
    if (this.mode === 'ascii' && !this.caseInsensitive) return negated ? '\\B' : '\\b';
    const w = this.mode === 'ascii' ? `[${ASCII_CLASS.w}]` : `[${UNICODE_CLASS.w}]`;
    return negated ? `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w}))` : `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
  }

  /** `\p…` / `\P…` (the backslash and letter already read). */
  private property(negated: boolean): string {
    let name: string;
    if (this.peek() === '{') {
      const end = this.p.indexOf('}', this.i);
      if (end < 0) throw invalid(this.p, 'missing "}" after \\p{');
      name = this.p.slice(this.i + 1, end);
      this.i = end + 1;
    } else {
      name = this.peek();
      if (!name) throw invalid(this.p, 'missing name after \\p');
      this.i++;
    }
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const js = unicodeProperty(name);
    if (!js) throw invalid(this.p, `unknown Unicode class "${name}"`);
    if (!this.jsUnicode) throw new NotAscii();
    return `\\${negated ? 'P' : 'p'}{${js}}`;
  }

  /** A code point written as \x, \u or \U (the backslash and letter already read), or undefined. */
  private hexEscape(letter: string): number {
    let digits: string;
    if (this.peek() === '{') {
      const end = this.p.indexOf('}', this.i);
      if (end < 0) throw invalid(this.p, `missing "}" after \\${letter}{`);
      digits = this.p.slice(this.i + 1, end);
      this.i = end + 1;
    } else {
      const n = letter === 'x' ? 2 : letter === 'u' ? 4 : 8;
      digits = this.p.slice(this.i, this.i + n);
      if (digits.length !== n) throw invalid(this.p, `\\${letter} needs ${n} hex digits`);
      this.i += n;
    }
    if (!/^[0-9a-fA-F]{1,8}$/.test(digits)) throw invalid(this.p, `bad hex escape "\\${letter}${digits}"`);
    const cp = parseInt(digits, 16);
    if (cp > 0x10ffff) throw invalid(this.p, `code point beyond U+10FFFF`);
    return cp;
  }

  private static readonly CONTROL: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };

  /** An escape outside brackets. */
  private escape(): Atom {
    this.i++; // backslash
    const c = this.peek();
    if (!c) throw invalid(this.p, 'trailing backslash');
    this.i++;
    switch (c) {
      case 'A':
        return { src: '^', assertion: true };
      case 'z':
        return { src: '$', assertion: true };
      case 'b':
        if (this.peek() === '{') throw refused(this.p, '\\b{…}');
        return { src: this.wordBoundary(false), assertion: true };
      case 'B':
        return { src: this.wordBoundary(true), assertion: true };
      case 'd':
      case 's':
      case 'w':
      case 'D':
      case 'S':
      case 'W':
        return { src: this.perlClass(c, c === c.toUpperCase(), false), single: true };
      case 'p':
      case 'P':
        return { src: this.property(c === 'P'), single: true };
      case 'Q': {
        // RE2: literal text up to \E (or the end).
        const end = this.p.indexOf('\\E', this.i);
        const text = this.p.slice(this.i, end < 0 ? undefined : end);
        this.i = end < 0 ? this.p.length : end + 2;
        return { src: [...text].map(ch => this.lit(ch.codePointAt(0)!)).join('') };
      }
      case 'x':
      case 'u':
      case 'U':
        return { src: this.lit(this.hexEscape(c)), single: true };
      case '<':
      case '>':
        throw refused(this.p, `\\${c} (a word boundary in Kusto's regex syntax, a literal in RE2)`);
      case 'C':
        throw refused(this.p, '\\C (any byte)');
      default:
        return { src: this.simpleEscape(c), single: true };
    }
  }

  /** Escapes that stand for one character, inside or outside brackets. */
  private simpleEscape(c: string): string {
    const ctl = Translator.CONTROL[c];
    if (ctl !== undefined) return this.lit(ctl);
    if (/[0-9]/.test(c)) throw refused(this.p, `\\${c} (a back-reference or octal escape)`);
    const cp = c.codePointAt(0)!;
    if (cp < 0x80 && !/[A-Za-z0-9]/.test(c)) return this.lit(cp);
    throw invalid(this.p, `invalid escape "\\${c}"`);
  }

  /** A bracketed class `[…]` (RE2 rules; Kusto's set operations and nested classes refused). */
  private bracket(): string {
    const start = this.i;
    this.i++; // [
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.i++;
    }
    let items = '';
    let first = true;
    let sawOpen = false;
    for (;;) {
      const c = this.peek();
      if (c === '') throw invalid(this.p, `missing "]" for the class at ${start}`);
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      first = false;
      const two = this.p.slice(this.i, this.i + 2);
      if (two === '&&' || two === '~~' || (two === '--' && this.p[this.i + 2] !== ']'))
        throw refused(this.p, `"${two}" inside brackets (a set operation in Kusto's regex syntax)`);
      if (c === '[') {
        const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.p.slice(this.i));
        if (posix) {
          const r = POSIX[posix[2] ?? ''];
          if (!r) throw invalid(this.p, `unknown class [:${posix[2]}:]`);
          items += this.ranges(posix[1] ? complement(r) : r);
          this.i += posix[0].length;
          continue;
        }
        sawOpen = true;
        this.i++;
        items += this.lit(0x5b);
        continue;
      }
      const lo = this.classChar();
      if (typeof lo === 'string') {
        items += lo;
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        this.i++;
        const hi = this.classChar();
        if (typeof hi === 'string') throw invalid(this.p, 'a class cannot end a range');
        if (hi < lo) throw invalid(this.p, `bad range ${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)}`);
        items += `${this.lit(lo)}-${this.lit(hi)}`;
      } else items += this.lit(lo);
    }
    // An unescaped "[" is a literal in RE2 but opens a nested class in Kusto's newer syntax; that reading needs
    // another "]" later, so without one only RE2's reading is possible.
    if (sawOpen && this.p.indexOf(']', this.i) >= 0) throw refused(this.p, 'an unescaped "[" inside brackets');
    if (items === '' && !negated) return '[]';
    return `[${negated ? '^' : ''}${items}]`;
  }

  /** One class member: a code point, or a class (source text) such as \d or \p{L}. */
  private classChar(): number | string {
    const c = this.peek();
    if (c !== '\\') {
      const cp = this.p.codePointAt(this.i)!;
      this.i += cp > 0xffff ? 2 : 1;
      return cp;
    }
    this.i++;
    const e = this.peek();
    if (!e) throw invalid(this.p, 'trailing backslash');
    this.i++;
    switch (e) {
      case 'd':
      case 's':
      case 'w':
      case 'D':
      case 'S':
      case 'W':
        return this.perlClass(e, e === e.toUpperCase(), true);
      case 'p':
      case 'P': {
        const s = this.property(e === 'P');
        return s;
      }
      case 'x':
      case 'u':
      case 'U':
        return this.hexEscape(e);
      case 'b':
        throw invalid(this.p, '\\b inside brackets');
      case 'Q':
        throw refused(this.p, '\\Q inside brackets');
      default: {
        const ctl = Translator.CONTROL[e];
        if (ctl !== undefined) return ctl;
        if (/[0-9]/.test(e)) throw refused(this.p, `\\${e} (an octal escape)`);
        const cp = e.codePointAt(0)!;
        if (cp < 0x80 && !/[A-Za-z]/.test(e)) return cp;
        throw invalid(this.p, `invalid escape "\\${e}"`);
      }
    }
  }
}

function compile(pattern: string, flags: string): KustoRegex {
  const a = new Translator(pattern, 'ascii');
  const source = a.run(flags);
  const jsFlags = a.caseInsensitive ? 'iu' : 'u';
  const ascii = variantOf(source, jsFlags);
  let unicode: RegexVariant | string | undefined;
  let unicodeSource: string | undefined;
  if (a.perl) {
    const u = new Translator(pattern, 'unicode');
    unicodeSource = u.run(flags);
    unicode = u.unicodeProblem ?? variantOf(unicodeSource, jsFlags);
  }
  let fastSource: string | undefined;
  try {
    fastSource = new Translator(pattern, 'ascii', false).run(flags);
  } catch (e) {
    if (!(e instanceof NotAscii)) throw e;
  }
  const fastFlags = a.caseInsensitive ? 'i' : '';
  return {
    pattern,
    ascii,
    unicode,
    fast: fastSource === undefined ? undefined : variantOf(fastSource, fastFlags),
    groups: a.groups,
    names: a.names,
    unstable: a.unstable,
    source,
    unicodeSource,
    fastSource,
    flags: jsFlags,
    fastFlags,
  };
}

const wrappedCache = new Map<string, KustoRegex>();

/** The pattern inside a larger expression (`^(?:…)+` for trim_start), both readings wrapped alike. */
export function wrapped(k: KustoRegex, wrap: (source: string) => string): KustoRegex {
  const key = `${wrap('\u0000')}\u0000${k.flags}\u0000${k.pattern}`;
  let w = wrappedCache.get(key);
  if (!w) {
    const source = wrap(k.source);
    const unicodeSource = k.unicodeSource === undefined ? undefined : wrap(k.unicodeSource);
    const fastSource = k.fastSource === undefined ? undefined : wrap(k.fastSource);
    w = {
      ...k,
      source,
      unicodeSource,
      fastSource,
      fast: fastSource === undefined ? undefined : variantOf(fastSource, k.fastFlags),
      ascii: variantOf(source, k.flags),
      unicode: typeof k.unicode === 'string' || !unicodeSource ? k.unicode : variantOf(unicodeSource, k.flags),
    };
    if (wrappedCache.size > 1000) wrappedCache.clear();
    wrappedCache.set(key, w);
  }
  return w;
}

/** A pattern's group, refused when JavaScript and RE2 could disagree on its value (see `unstable`). */
export function checkGroup(k: KustoRegex, group: number): void {
  if (k.unstable.has(group))
    throw new ExecError(
      `capture group ${group} of "${k.pattern}" sits in a repeated group, whose captures JavaScript and RE2 keep differently; rulectl's KQL engine does not read it`,
      'unsupported',
    );
}
