// String functions. Each cites the Kusto documentation page it follows; what a page leaves open is refused by name
// where it would change the answer (never guessed). Regular expressions go through ../regex.ts.
import { createHash } from 'node:crypto';
import { ExecError, unsupported } from '../errors.js';
import { checkGroup, forEachMatch, regexOf, withRegex, wrapped, type KustoRegex } from '../regex.js';
import { defineFunction, simpleFunction, type CallSite, type ScalarFunction, doc } from '../registry.js';
import {
  checkLong,
  datetimeParts,
  newBag,
  parseDatetime,
  parseGuid,
  parseTimespan,
  ticksOf,
  toText,
  type Dyn,
  type DynBag,
  type ScalarType,
  type Value,
} from '../values.js';

const ASTRAL = /[\uD800-\uDFFF]/;

/** Character positions of functions that count characters: refused where UTF-16 units and code points differ. */
function noAstral(s: string, fn: string): string {
  if (ASTRAL.test(s)) throw unsupported(`${fn}() on text with characters beyond U+FFFF (character positions)`);
  return s;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A datetime as the "forcibly cast to string" functions write it: always seven fraction digits (reverse-function, hash-sha256-function). */
function roundTripDatetime(t: bigint): string {
  const p = datetimeParts(t);
  return `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}.${pad(p.fraction, 7)}Z`;
}

/**
 * An argument "forcibly cast to string". A datetime's text is documented for reverse() and hash_sha256() only, so
 * other functions refuse one.
 */
function cast(v: Value, type: ScalarType, fn: string, datetimeRoundTrip = false): string {
  if (type === 'datetime' && v !== null) {
    if (!datetimeRoundTrip) throw unsupported(`${fn}() of a datetime (its text is not documented)`);
    return roundTripDatetime(v as bigint);
  }
  return toText(v, type);
}

/** An integer argument; null stays null. */
const int = (v: Value): number | null => (typeof v === 'number' ? Math.trunc(v) : null);

/** The translation of a pattern argument, once per call site when it is a constant. */
function patternOf(site: CallSite, index: number, options: { flags?: string } = {}): (v: Value) => KustoRegex {
  const arg = site.args[index]!;
  if (arg.constant) {
    const k = regexOf(toText(arg.constant.value, arg.type), options);
    return () => k;
  }
  return v => regexOf(toText(v, arg.type), options);
}

// ---------------------------------------------------------------- concatenation, length, case

// strcat_delim(): https://learn.microsoft.com/kusto/query/strcat-delim-function
defineFunction(
  'strcat_delim',
  simpleFunction(doc('strcat-delim-function'), (args, site) => {
    const delim = cast(args[0] ?? null, site.args[0]!.type, 'strcat_delim');
    return args
      .slice(1)
      .map((v, i) => cast(v, site.args[i + 1]!.type, 'strcat_delim'))
      .join(delim);
  }),
);

// strlen(): https://learn.microsoft.com/kusto/query/strlen-function (Unicode code points)
defineFunction(
  'strlen',
  simpleFunction(doc('strlen-function'), ([v], site) => {
    const s = toText(v ?? null, site.args[0]!.type);
    if (!ASTRAL.test(s)) return s.length;
    let n = 0;
    for (const _ of s) n++;
    return n;
  }),
);

// string_size(): https://learn.microsoft.com/kusto/query/string-size-function (UTF-8 bytes)
defineFunction(
  'string_size',
  simpleFunction(doc('string-size-function'), ([v], site) =>
    Buffer.byteLength(toText(v ?? null, site.args[0]!.type), 'utf8'),
  ),
);

// ---------------------------------------------------------------- substrings

// substring(): https://learn.microsoft.com/kusto/query/substring-function
defineFunction(
  'substring',
  simpleFunction(doc('substring-function'), ([v, startV, lengthV], site) => {
    const s = noAstral(toText(v ?? null, site.args[0]!.type), 'substring');
    let start = int(startV ?? null);
    if (start === null) return '';
    if (start < 0) start += s.length;
    if (start < 0) throw unsupported('substring() with a negative start before the beginning of the text');
    if (start >= s.length) return '';
    if (lengthV === undefined) return s.slice(start);
    const length = int(lengthV);
    if (length === null) return '';
    if (length < 0) throw unsupported('substring() with a negative length');
    return s.slice(start, start + length);
  }),
);

// split(): https://learn.microsoft.com/kusto/query/split-function
defineFunction(
  'split',
  simpleFunction(doc('split-function'), ([v, d, i], site) => {
    const s = toText(v ?? null, site.args[0]!.type);
    const delim = toText(d ?? null, site.args[1]!.type);
    if (delim === '') throw unsupported('split() with an empty delimiter');
    const parts = s.split(delim);
    if (i === undefined) return parts;
    const index = int(i);
    if (index === null || index < 0) throw unsupported('split() with a null or negative index');
    return index < parts.length ? [parts[index]!] : [];
  }),
);

/** The window [start, start + length] of indexof()'s examples (length -1: to the end); null for invalid values. */
function searchWindow(
  s: string,
  startV: Value | undefined,
  lengthV: Value | undefined,
  negativeStart: 'offset' | 'null',
  fn: string,
): { from: number; to: number } | null {
  let start = startV === undefined ? 0 : int(startV);
  const length = lengthV === undefined ? -1 : int(lengthV);
  if (start === null || length === null || length < -1) return null;
  if (start < 0) {
    if (negativeStart === 'null') return null;
    start += s.length;
    if (start < 0) throw unsupported(`${fn}() with a negative start before the beginning of the text`);
  }
  if (start > s.length) throw unsupported(`${fn}() with a start beyond the end of the text`);
  // indexof("abcdefgabcdefg", "cde", 1, 10, 2) is 9: the match may end at start + length + 1.
  const to = length === -1 ? s.length : Math.min(s.length, start + length + 1);
  return { from: start, to };
}

function occurrenceOf(v: Value | undefined, fn: string): number | null {
  if (v === undefined) return 1;
  const n = int(v);
  if (n === null || n < 0) return null;
  if (n === 0) throw unsupported(`${fn}() with occurrence 0`);
  return n;
}

// indexof(): https://learn.microsoft.com/kusto/query/indexof-function
defineFunction(
  'indexof',
  simpleFunction(doc('indexof-function'), (args, site) => {
    const s = noAstral(cast(args[0] ?? null, site.args[0]!.type, 'indexof'), 'indexof');
    const match = noAstral(cast(args[1] ?? null, site.args[1]!.type, 'indexof'), 'indexof');
    const w = searchWindow(s, args[2], args[3], 'offset', 'indexof');
    const occurrence = occurrenceOf(args[4], 'indexof');
    if (!w || occurrence === null) return null;
    if (match === '') throw unsupported('indexof() of an empty string');
    const window = s.slice(0, w.to);
    // Whether later occurrences may overlap earlier ones is not documented: both readings must agree.
    const find = (step: number) => {
      let i = window.indexOf(match, w.from);
      for (let n = 1; i >= 0 && n < occurrence; n++) i = window.indexOf(match, i + step);
      return i;
    };
    const overlapping = find(1);
    if (occurrence > 1 && find(match.length) !== overlapping)
      throw unsupported('indexof() of an occurrence that overlaps an earlier one');
    return overlapping;
  }),
);

// indexof_regex(): https://learn.microsoft.com/kusto/query/indexof-regex-function (matches do not overlap)
defineFunction('indexof_regex', {
  doc: doc('indexof-regex-function'),
  compile(site) {
    const pattern = patternOf(site, 1);
    const evals = site.args.map(a => a.eval);
    return row => {
      const s = noAstral(cast(evals[0]!(row), site.args[0]!.type, 'indexof_regex'), 'indexof_regex');
      const k = pattern(evals[1]!(row));
      const w = searchWindow(s, evals[2]?.(row), evals[3]?.(row), 'null', 'indexof_regex');
      const occurrence = occurrenceOf(evals[4]?.(row), 'indexof_regex');
      if (!w || occurrence === null) return null;
      const window = s.slice(w.from, w.to);
      return withRegex(k, window, v => {
        let found = -1;
        let n = 0;
        forEachMatch(v.g, window, m => {
          if (++n < occurrence) return true;
          found = m.index + w.from;
          return false;
        });
        return found;
      });
    };
  },
});

// countof(): https://learn.microsoft.com/kusto/query/countof-function (plain matches overlap, regex ones do not)
defineFunction('countof', {
  doc: doc('countof-function'),
  compile(site) {
    const kindArg = site.args[2];
    const kindOf = (row: Value[]) => (kindArg ? toText(kindArg.eval(row), kindArg.type) : 'normal');
    const pattern = patternOf(site, 1);
    const [src, search] = [site.args[0]!, site.args[1]!];
    return row => {
      const s = toText(src.eval(row), src.type);
      const kind = kindOf(row);
      if (kind === 'normal') {
        const term = toText(search.eval(row), search.type);
        if (term === '') throw unsupported('countof() of an empty string');
        let n = 0;
        for (let i = s.indexOf(term); i >= 0; i = s.indexOf(term, i + 1)) n++;
        return n;
      }
      if (kind !== 'regex')
        throw new ExecError(`countof(): kind must be "normal" or "regex", not "${kind}"`, 'runtime');
      const k = pattern(search.eval(row));
      return withRegex(k, s, v => {
        let n = 0;
        forEachMatch(v.g, s, m => {
          if (m[0] === '') throw unsupported('countof() of a pattern that matches empty text');
          n++;
        });
        return n;
      });
    };
  },
});

// reverse(): https://learn.microsoft.com/kusto/query/reverse-function
defineFunction(
  'reverse',
  simpleFunction(doc('reverse-function'), ([v], site) => {
    const s = noAstral(cast(v ?? null, site.args[0]!.type, 'reverse', true), 'reverse');
    return s.split('').reverse().join('');
  }),
);

// ---------------------------------------------------------------- replacing and trimming

// replace_string(): https://learn.microsoft.com/kusto/query/replace-string-function (matches do not overlap)
defineFunction(
  'replace_string',
  simpleFunction(doc('replace-string-function'), ([t, l, r], site) => {
    const text = toText(t ?? null, site.args[0]!.type);
    const lookup = toText(l ?? null, site.args[1]!.type);
    if (lookup === '') throw unsupported('replace_string() of an empty string');
    return text.split(lookup).join(toText(r ?? null, site.args[2]!.type));
  }),
);

/** RE2's rewrite strings: \0 to \9 are groups, \\ a backslash; anything else after a backslash is an error. */
function rewriteOf(rewrite: string, k: KustoRegex): (m: RegExpExecArray) => string {
  const parts: (string | number)[] = [];
  let lit = '';
  for (let i = 0; i < rewrite.length; i++) {
    const c = rewrite[i]!;
    if (c !== '\\') {
      lit += c;
      continue;
    }
    const n = rewrite[++i];
    if (n === '\\') lit += '\\';
    else if (n !== undefined && n >= '0' && n <= '9') {
      const g = Number(n);
      if (g > k.groups)
        throw new ExecError(
          `the rewrite "${rewrite}" uses \\${g} but "${k.pattern}" has ${k.groups} groups`,
          'runtime',
        );
      checkGroup(k, g);
      if (lit) parts.push(lit);
      lit = '';
      parts.push(g);
    } else
      throw new ExecError(`invalid rewrite "${rewrite}": a backslash must be followed by a digit or \\`, 'runtime');
  }
  if (lit) parts.push(lit);
  return m => parts.map(p => (typeof p === 'number' ? (m[p] ?? '') : p)).join('');
}

function replaceAll(k: KustoRegex, text: string, rewrite: string): string {
  const r = rewriteOf(rewrite, k);
  return withRegex(k, text, v => {
    let out = '';
    let last = 0;
    forEachMatch(v.g, text, m => {
      out += text.slice(last, m.index) + r(m);
      last = m.index + m[0].length;
    });
    return out + text.slice(last);
  });
}

/** replace_regex(text, regex, rewrite) and the deprecated replace(regex, rewrite, text). */
function regexReplace(page: string, order: [number, number, number]): ScalarFunction {
  return {
    doc: doc(page),
    compile(site) {
      const [ti, pi, ri] = order;
      const pattern = patternOf(site, pi);
      const [t, p, r] = [site.args[ti]!, site.args[pi]!, site.args[ri]!];
      return row => replaceAll(pattern(p.eval(row)), toText(t.eval(row), t.type), toText(r.eval(row), r.type));
    },
  };
}
// https://learn.microsoft.com/kusto/query/replace-regex-function; replace(): its deprecated alias, arguments
// (regex, rewrite, text) as https://learn.microsoft.com/kusto/query/replace-function wrote them.
defineFunction('replace_regex', regexReplace('replace-regex-function', [0, 1, 2]));
defineFunction('replace', regexReplace('replace-function', [2, 0, 1]));

/** trim(), trim_start(), trim_end(): leading and/or trailing runs of matches of the pattern. */
function trimmer(page: string, start: boolean, end: boolean): ScalarFunction {
  return {
    doc: doc(page),
    compile(site) {
      const pattern = patternOf(site, 0);
      const src = site.args[1]!;
      return row => {
        const k = pattern(site.args[0]!.eval(row));
        let s = toText(src.eval(row), src.type);
        if (start) {
          const lead = wrapped(k, x => `^(?:${x})+`);
          const cut = withRegex(lead, s, v => v.re.exec(s)?.[0].length ?? 0);
          s = s.slice(cut);
        }
        if (end) {
          const tail = wrapped(k, x => `(?:${x})+$`);
          const text = s;
          const at = withRegex(tail, text, v => v.re.exec(text)?.index ?? text.length);
          s = s.slice(0, at);
        }
        return s;
      };
    },
  };
}
// https://learn.microsoft.com/kusto/query/trim-function, .../trim-start-function, .../trim-end-function
defineFunction('trim', trimmer('trim-function', true, true));
defineFunction('trim_start', trimmer('trim-start-function', true, false));
defineFunction('trim_end', trimmer('trim-end-function', false, true));

// translate(): https://learn.microsoft.com/kusto/query/translate-function
defineFunction(
  'translate',
  simpleFunction(doc('translate-function'), ([a, b, c], site) => {
    const search = [...toText(a ?? null, site.args[0]!.type)];
    const repl = [...toText(b ?? null, site.args[1]!.type)];
    const source = toText(c ?? null, site.args[2]!.type);
    const map = new Map<string, string>();
    search.forEach((ch, i) => {
      // A shorter replacement list repeats its last character; an empty one deletes ("abc", "x" gives "xxx").
      const to = repl.length === 0 ? '' : (repl[Math.min(i, repl.length - 1)] ?? '');
      if (map.has(ch) && map.get(ch) !== to) throw unsupported('translate() with a character listed twice');
      map.set(ch, to);
    });
    let out = '';
    for (const ch of source) out += map.get(ch) ?? ch;
    return out;
  }),
);

// strrep(): https://learn.microsoft.com/kusto/query/strrep-function
defineFunction(
  'strrep',
  simpleFunction(doc('strrep-function'), ([v, n, d], site) => {
    const s = cast(v ?? null, site.args[0]!.type, 'strrep');
    const times = int(n ?? null);
    const delim = d === undefined ? '' : cast(d, site.args[2]!.type, 'strrep');
    if (times === null) return '';
    // The page gives both 67108864 and 1024 as the largest multiplier.
    if (times < 1 || times > 1024) throw unsupported('strrep() with a multiplier outside 1 to 1024');
    if ((s.length + delim.length) * times > 64 * 1024 * 1024)
      throw new ExecError('strrep() result beyond 64 MB', 'limit');
    return Array.from({ length: times }, () => s).join(delim);
  }),
);

// ---------------------------------------------------------------- extraction

/** Text as a value of `type`, as extract() and parse convert what they capture; null when it cannot be read. */
export function textAs(text: string, type: ScalarType, fn: string): Value {
  const undecided = () => unsupported(`${fn}: reading "${clip(text)}" as ${type}`);
  const noDigits = !/[0-9]/.test(text);
  switch (type) {
    case 'string':
      return text;
    case 'int':
    case 'long': {
      if (/^-?[0-9]+$/.test(text)) {
        const n = Number(text);
        if (type === 'int' && (n > 2147483647 || n < -2147483648)) throw undecided();
        return checkLong(n, `${fn}: the number ${text}`);
      }
      if (noDigits) return null;
      throw undecided();
    }
    case 'real': {
      if (/^-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
      if (noDigits && !/nan|inf/i.test(text)) return null;
      throw undecided();
    }
    case 'bool': {
      if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
      if (noDigits) return null;
      throw undecided();
    }
    case 'datetime': {
      const t = parseDatetime(text) ?? usDatetime(text);
      if (t !== undefined) return t;
      // Text with a word no date format uses cannot be a date ("nonValidDateTime 08:40:01" is null in the parse
      // page's relaxed example); other text Kusto may read in formats beyond the documented ones.
      if (noDigits || (text.match(/[A-Za-z]+/g) ?? []).some(w => !DATE_WORDS.test(w))) return null;
      throw undecided();
    }
    case 'timespan': {
      const t = parseTimespan(text);
      if (t !== undefined) return t;
      if (noDigits) return null;
      throw undecided();
    }
    case 'guid': {
      const g = parseGuid(text);
      if (g !== undefined) return g;
      if (!/[0-9a-f]{4}/i.test(text)) return null;
      throw undecided();
    }
    default:
      throw unsupported(`${fn} to ${type}`);
  }
}

const DATE_WORDS =
  /^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|gmt|utc|am|pm|t|z)$/i;

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 37)}...` : s);

// "02/17/2016 08:40:01" is read as 2016-02-17 08:40:01 in the parse operator's examples (month first).
const US_DATETIME = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*$/;
function usDatetime(text: string): bigint | undefined {
  const m = US_DATETIME.exec(text);
  if (!m) return undefined;
  const [, mo, d, y, h, mi, s, frac] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h ?? 0) > 23 || Number(mi ?? 0) > 59) return undefined;
  if (Number(s ?? 0) > 59) return undefined;
  const t = ticksOf(Number(y), month, day, Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  const back = datetimeParts(t);
  if (back.d !== day) return undefined;
  return t + (frac ? BigInt(frac.padEnd(7, '0')) : 0n);
}

// extract(): https://learn.microsoft.com/kusto/query/extract-function
defineFunction('extract', {
  doc: doc('extract-function'),
  compile(site) {
    const pattern = patternOf(site, 0);
    const [g, src] = [site.args[1]!, site.args[2]!];
    const type = site.resultType;
    return row => {
      const k = pattern(site.args[0]!.eval(row));
      const group = int(g.eval(row));
      if (group === null) return type === 'string' ? '' : null;
      if (group < 0 || group > k.groups)
        throw new ExecError(`extract(): "${k.pattern}" has no capture group ${group}`, 'runtime');
      checkGroup(k, group);
      const s = toText(src.eval(row), src.type);
      const found = withRegex(k, s, v => {
        const m = v.re.exec(s);
        return m ? (m[group] ?? '') : null;
      });
      if (found === null) return type === 'string' ? '' : null;
      return textAs(found, type, 'extract()');
    };
  },
});

// extract_all(): https://learn.microsoft.com/kusto/query/extract-all-function
defineFunction(['extract_all', 'extractall'], {
  doc: doc('extract-all-function'),
  compile(site) {
    const pattern = patternOf(site, 0);
    const hasGroups = site.args.length === 3;
    const groupsArg = hasGroups ? site.args[1]! : undefined;
    const src = site.args[hasGroups ? 2 : 1]!;
    return row => {
      const k = pattern(site.args[0]!.eval(row));
      if (k.groups === 0) throw unsupported('extract_all() of a pattern without capture groups');
      let groups: number[];
      if (groupsArg) {
        const wanted = groupsArg.eval(row) as Dyn;
        if (!Array.isArray(wanted) || wanted.length === 0)
          throw new ExecError('extract_all(): captureGroups must be a non-empty array', 'runtime');
        groups = wanted.map(w => {
          const n = typeof w === 'string' ? k.names.indexOf(w) : typeof w === 'number' ? w : -1;
          if (!Number.isInteger(n) || n < 1 || n > k.groups)
            throw new ExecError(`extract_all(): "${k.pattern}" has no capture group ${JSON.stringify(w)}`, 'runtime');
          return n;
        });
      } else groups = Array.from({ length: k.groups }, (_, i) => i + 1);
      for (const n of groups) checkGroup(k, n);
      const s = toText(src.eval(row), src.type);
      return withRegex(k, s, v => {
        const out: Dyn[] = [];
        forEachMatch(v.g, s, m => {
          if (m[0] === '') throw unsupported('extract_all() of a pattern that matches empty text');
          const values = groups.map(n => {
            const x = m[n];
            if (x === undefined) throw unsupported('extract_all() where a capture group takes no part in a match');
            return x;
          });
          out.push(values.length === 1 ? values[0]! : values);
        });
        return out.length === 0 ? null : out;
      });
    };
  },
});

// ---------------------------------------------------------------- URLs and paths

const QUERY_KEY = /^[^=&]+$/;

/** key=value&… as parse_url() and parse_urlquery() return it (keys sorted, as Kusto writes them). */
function queryParameters(query: string, fn: string): DynBag {
  const bag = newBag();
  if (query === '') return bag;
  const pairs: [string, string][] = [];
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) throw unsupported(`${fn}() of a query parameter without "=" ("${clip(part)}")`);
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (!QUERY_KEY.test(key) || /[%+]/.test(key + value))
      throw unsupported(`${fn}() of the query parameter "${clip(part)}" (escapes and empty keys)`);
    if (pairs.some(p => p[0] === key)) throw unsupported(`${fn}() of a query parameter given twice ("${key}")`);
    pairs.push([key, value]);
  }
  // https://github.com/microsoft/Kusto-Query-Language/issues/112 shows ?tag=…&order=… returned as {"order","tag"}.
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [k, v] of pairs) bag[k] = v;
  return bag;
}

const URL_SHAPE =
  /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^:@/?#]*):([^@/?#]*)@)?([^:@/?#[\]]+)(?::([0-9]+))?(\/[^?#]*)?(?:\?([^#]*))?(?:#(.*))?$/;

// parse_url(): https://learn.microsoft.com/kusto/query/parse-url-function. The page's example writes the path
// without its leading "/"; Kusto's own output in https://github.com/microsoft/Kusto-Query-Language/issues/112
// keeps it ("/forum/questions/"), and that is what this follows. Shapes that issue shows Kusto reading oddly (a
// user name without a password, IPv6 hosts, URLs without "//") are refused.
defineFunction(
  ['parse_url', 'parseurl'],
  simpleFunction(doc('parse-url-function'), ([v], site) => {
    const url = toText(v ?? null, site.args[0]!.type);
    const m = URL_SHAPE.exec(url);
    if (!m)
      throw unsupported(
        `parse_url() of "${clip(url)}" (only scheme://[user:password@]host[:port]/path?query#fragment)`,
      );
    const [, scheme, user, password, host, port, path, query, fragment] = m;
    const bag = newBag();
    bag.Scheme = scheme ?? '';
    bag.Host = host ?? '';
    bag.Port = port ?? '';
    bag.Path = path ?? '';
    bag.Username = user ?? '';
    bag.Password = password ?? '';
    bag['Query Parameters'] = queryParameters(query ?? '', 'parse_url');
    bag.Fragment = fragment ?? '';
    return bag;
  }),
);

// parse_urlquery(): https://learn.microsoft.com/kusto/query/parse-urlquery-function
defineFunction(
  ['parse_urlquery', 'parseurlquery'],
  simpleFunction(doc('parse-urlquery-function'), ([v], site) => {
    const bag = newBag();
    bag['Query Parameters'] = queryParameters(toText(v ?? null, site.args[0]!.type), 'parse_urlquery');
    return bag;
  }),
);

const PATH_SHAPE = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([A-Za-z]:)?(.*)[\\/]([^\\/]+)$/;

// parse_path(): https://learn.microsoft.com/kusto/query/parse-path-function. The shapes of the page's examples
// (optional scheme, optional drive, directories, a file name with an optional :stream) are read; others (long
// "\\?\" paths, a file directly under the root, a trailing separator) are refused.
defineFunction(
  'parse_path',
  simpleFunction(doc('parse-path-function'), ([v], site) => {
    const path = toText(v ?? null, site.args[0]!.type);
    const m = PATH_SHAPE.exec(path);
    if (!m || path.startsWith('\\\\?\\') || path.startsWith('\\\\.\\'))
      throw unsupported(`parse_path() of "${clip(path)}"`);
    const [, scheme, drive, dirRest, last] = m;
    const directory = `${drive ?? ''}${dirRest}`;
    const dirName = /[^\\/]*$/.exec(dirRest ?? '')?.[0] ?? '';
    if (dirName === '') throw unsupported(`parse_path() of "${clip(path)}" (a file directly under a root)`);
    const colon = (last ?? '').indexOf(':');
    const filename = colon < 0 ? (last ?? '') : (last ?? '').slice(0, colon);
    const stream = colon < 0 ? '' : (last ?? '').slice(colon + 1);
    const dot = filename.lastIndexOf('.');
    const bag = newBag();
    bag.Scheme = scheme ?? '';
    bag.RootPath = drive ?? '';
    bag.DirectoryPath = directory;
    bag.DirectoryName = dirName;
    bag.Filename = filename;
    bag.Extension = dot < 0 ? '' : filename.slice(dot + 1);
    bag.AlternateDataStreamName = stream;
    return bag;
  }),
);

// url_decode(): https://learn.microsoft.com/kusto/query/url-decode-function. %XX bytes are UTF-8 and "+" is a
// space, as url_encode() writes it; a malformed escape or invalid UTF-8 is refused.
defineFunction(
  'url_decode',
  simpleFunction(doc('url-decode-function'), ([v], site) => {
    const s = toText(v ?? null, site.args[0]!.type);
    if (/%(?![0-9a-fA-F]{2})/.test(s)) throw unsupported(`url_decode() of a malformed escape in "${clip(s)}"`);
    const bytes: number[] = [];
    const utf8 = Buffer.from(s.replace(/\+/g, ' '), 'utf8');
    for (let i = 0; i < utf8.length; i++) {
      const c = utf8[i]!;
      if (c === 0x25) {
        bytes.push(parseInt(String.fromCharCode(utf8[i + 1]!, utf8[i + 2]!), 16));
        i += 2;
      } else bytes.push(c);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    } catch {
      throw unsupported(`url_decode() of escapes that are not UTF-8 in "${clip(s)}"`);
    }
  }),
);

/** Percent-encoding with lower-case hex, as the url_encode pages show (https%3a%2f%2f…). */
function urlEncode(s: string, space: string, fn: string): string {
  // Which of these stay unescaped is not documented.
  if (/[!*()~']/.test(s)) throw unsupported(`${fn}() of text with any of ! * ( ) ~ '`);
  let out = '';
  for (const ch of s) {
    if (/[A-Za-z0-9\-_.]/.test(ch)) out += ch;
    else if (ch === ' ') out += space;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}
// url_encode(): https://learn.microsoft.com/kusto/query/url-encode-function (a space is "+")
defineFunction(
  'url_encode',
  simpleFunction(doc('url-encode-function'), ([v], site) =>
    urlEncode(toText(v ?? null, site.args[0]!.type), '+', 'url_encode'),
  ),
);
// url_encode_component(): https://learn.microsoft.com/kusto/query/url-encode-component-function (a space is %20)
defineFunction(
  'url_encode_component',
  simpleFunction(doc('url-encode-component-function'), ([v], site) =>
    urlEncode(toText(v ?? null, site.args[0]!.type), '%20', 'url_encode_component'),
  ),
);

// ---------------------------------------------------------------- base64 and hashes

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function base64Bytes(s: string, fn: string): Buffer {
  // Unpadded, URL-safe or space-broken forms: how Kusto reads them is not documented.
  if (!BASE64.test(s)) throw unsupported(`${fn}() of text that is not padded base64 ("${clip(s)}")`);
  return Buffer.from(s, 'base64');
}

// base64_decode_tostring(): https://learn.microsoft.com/kusto/query/base64-decode-tostring-function (invalid UTF-8
// gives null, which a string shows as empty)
defineFunction(
  ['base64_decode_tostring', 'base64_decodestring'],
  simpleFunction(doc('base64-decode-tostring-function'), ([v], site) => {
    const bytes = base64Bytes(toText(v ?? null, site.args[0]!.type), 'base64_decode_tostring');
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return '';
    }
  }),
);

// base64_decode_toarray(): https://learn.microsoft.com/kusto/query/base64-decode-toarray-function
defineFunction(
  'base64_decode_toarray',
  simpleFunction(doc('base64-decode-toarray-function'), ([v], site) => [
    ...base64Bytes(toText(v ?? null, site.args[0]!.type), 'base64_decode_toarray'),
  ]),
);

// base64_encode_tostring(): https://learn.microsoft.com/kusto/query/base64-encode-tostring-function (UTF-8 bytes)
defineFunction(
  ['base64_encode_tostring', 'base64_encodestring'],
  simpleFunction(doc('base64-encode-tostring-function'), ([v], site) =>
    Buffer.from(toText(v ?? null, site.args[0]!.type), 'utf8').toString('base64'),
  ),
);

/** hash_sha256() / hash_md5(): the hex digest of the value's UTF-8 text (a datetime with seven fraction digits). */
function hashFunction(page: string, algorithm: string, fn: string): ScalarFunction {
  return simpleFunction(doc(page), ([v], site) => {
    const type = site.args[0]!.type;
    if ((v === null || v === undefined) && type !== 'string') throw unsupported(`${fn}() of a null ${type}`);
    if (type === 'dynamic' || type === 'real' || type === 'decimal') throw unsupported(`${fn}() of a ${type} value`);
    return createHash(algorithm)
      .update(cast(v ?? null, type, fn, true), 'utf8')
      .digest('hex');
  });
}
// https://learn.microsoft.com/kusto/query/hash-sha256-function (its datetime example hashes
// "2020-01-01T00:00:00.0000000Z"), https://learn.microsoft.com/kusto/query/hash-md5-function
defineFunction('hash_sha256', hashFunction('hash-sha256-function', 'sha256', 'hash_sha256'));
defineFunction('hash_md5', hashFunction('hash-md5-function', 'md5', 'hash_md5'));

// ---------------------------------------------------------------- code points

// unicode_codepoints_to_string() / make_string(): https://learn.microsoft.com/kusto/query/unicode-codepoints-to-string-function
// (numbers and arrays of numbers; a value that is not a code point makes the result null, shown as empty)
defineFunction(
  ['unicode_codepoints_to_string', 'make_string'],
  simpleFunction(doc('unicode-codepoints-to-string-function'), args => {
    const points: Value[] = [];
    for (const a of args) {
      if (Array.isArray(a)) points.push(...a);
      else points.push(a ?? null);
    }
    let out = '';
    for (const p of points) {
      if (typeof p !== 'number' || !Number.isInteger(p))
        throw unsupported('unicode_codepoints_to_string() of a value that is not an integer');
      if (p >= 0xd800 && p <= 0xdfff) throw unsupported('unicode_codepoints_to_string() of a surrogate code point');
      if (p < 0 || p > 0x10ffff) return '';
      out += String.fromCodePoint(p);
    }
    return out;
  }),
);

// unicode_codepoints_from_string() / to_utf8(): https://learn.microsoft.com/kusto/query/unicode-codepoints-from-string-function
defineFunction(
  ['unicode_codepoints_from_string', 'to_utf8'],
  simpleFunction(doc('unicode-codepoints-from-string-function'), ([v], site) => {
    const s = toText(v ?? null, site.args[0]!.type);
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s))
      throw unsupported('unicode_codepoints_from_string() of text with a lone surrogate');
    return [...s].map(ch => ch.codePointAt(0)!);
  }),
);

// ---------------------------------------------------------------- command lines

// parse_command_line(): https://learn.microsoft.com/kusto/query/parse-command-line-function, read as
// CommandLineToArgvW does: arguments split on spaces and tabs, "…" groups, 2n backslashes before a quote are n
// backslashes and a quote delimiter, 2n+1 are n and a literal quote; other backslashes are literal. The first
// argument (the program) takes everything up to the next space or quote pair as is.
defineFunction(
  'parse_command_line',
  simpleFunction(doc('parse-command-line-function'), ([v, p], site) => {
    const parser = toText(p ?? null, site.args[1]!.type);
    if (parser.toLowerCase() !== 'windows')
      throw new ExecError(`parse_command_line(): the parser "${parser}" is not "windows"`, 'runtime');
    return commandLineToArgv(toText(v ?? null, site.args[0]!.type));
  }),
);

function commandLineToArgv(s: string): string[] {
  const args: string[] = [];
  let i = 0;
  // The program name: quoted up to the next quote, else up to white space; no escapes.
  if (s.length === 0) return args;
  let prog = '';
  if (s[0] === '"') {
    const end = s.indexOf('"', 1);
    prog = end < 0 ? s.slice(1) : s.slice(1, end);
    i = end < 0 ? s.length : end + 1;
  } else {
    while (i < s.length && s[i] !== ' ' && s[i] !== '\t') prog += s[i++];
  }
  args.push(prog);
  for (;;) {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    if (i >= s.length) return args;
    let arg = '';
    let quoted = false;
    while (i < s.length) {
      const c = s[i]!;
      if (!quoted && (c === ' ' || c === '\t')) break;
      if (c === '\\') {
        let n = 0;
        while (s[i] === '\\') {
          n++;
          i++;
        }
        if (s[i] === '"') {
          arg += '\\'.repeat(Math.floor(n / 2));
          if (n % 2 === 1) {
            arg += '"';
            i++;
          }
        } else arg += '\\'.repeat(n);
        continue;
      }
      if (c === '"') {
        // Inside quotes, "" is a literal quote (and, in some Windows versions, ends the quoting): refused.
        if (quoted && s[i + 1] === '"') throw unsupported('parse_command_line() of "" inside quotes');
        quoted = !quoted;
        i++;
        continue;
      }
      arg += c;
      i++;
    }
    args.push(arg);
  }
}
