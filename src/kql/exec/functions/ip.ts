// IPv4 and IPv6 functions. Each cites its page. An IPv4 address is dotted-quad text, optionally with an IP-prefix
// (`/24`); text that is no address makes the function's documented failure value (null, false or ""). Text Kusto
// may read but the pages do not describe (leading zeros, which some parsers read as octal; padding) is refused.
import { ExecError } from '../errors.js';
import { defineFunction, simpleFunction, type CallSite, type Compiled, type ScalarFunction, doc } from '../registry.js';
import type { Dyn, Value } from '../values.js';

const isNull = (v: Value | undefined): v is null | undefined => v === null || v === undefined;

function refused(site: CallSite, why: string): ExecError {
  return new ExecError(`${site.name}() ${why} is not supported by rulectl's KQL engine`, 'unsupported', site.node);
}

interface Ipv4 {
  /** The address as an unsigned 32-bit number. */
  ip: number;
  /** The IP-prefix, 32 when the text has none. */
  prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/** An address from text: undefined when the text is no IPv4 address; throws for text the pages do not cover. */
function parseIpv4(text: string, site: CallSite): Ipv4 | undefined {
  const m = IPV4.exec(text);
  if (!m) {
    if (text !== text.trim() && IPV4.test(text.trim()))
      throw refused(site, `of the padded text ${JSON.stringify(text)}`);
    return undefined;
  }
  const parts = m.slice(1, 5);
  if (parts.some(p => p.length > 1 && p.startsWith('0')))
    throw refused(site, `of ${JSON.stringify(text)} (a part with leading zeros)`);
  const nums = parts.map(Number);
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (nums.some(n => n > 255) || prefix > 32) return undefined;
  return { ip: ((nums[0]! << 24) | (nums[1]! << 16) | (nums[2]! << 8) | nums[3]!) >>> 0, prefix };
}

const mask = (prefix: number) => (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);
const masked = (ip: number, prefix: number) => (ip & mask(prefix)) >>> 0;
const dotted = (ip: number) => [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');

/** A prefix argument: null stays null, 0-32 is used, anything else fails the conversion (as format_ipv4 shows). */
const prefixArg = (v: Value | undefined): number | null | undefined =>
  v === undefined
    ? 32
    : v === null
      ? null
      : Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 32
        ? (v as number)
        : undefined;

/** An address argument (text, or for format_ipv4 a number in big-endian order). */
function ipArg(v: Value, site: CallSite, numbers = false): Ipv4 | undefined | null {
  if (isNull(v)) return null;
  if (typeof v === 'string') return parseIpv4(v, site);
  if (numbers && typeof v === 'number')
    return Number.isInteger(v) && v >= 0 && v <= 0xffffffff ? { ip: v, prefix: 32 } : undefined;
  return undefined;
}

// ---------------------------------------------------------------- private, ranges

const PRIVATE: Ipv4[] = [
  { ip: 0x0a000000, prefix: 8 },
  { ip: 0xac100000, prefix: 12 },
  { ip: 0xc0a80000, prefix: 16 },
];

/**
 * Whether the block `a` lies inside `range`: true or false, or undefined when the block is larger than the range
 * and holds it (partly inside: not described by the pages).
 */
function blockInRange(a: Ipv4, range: Ipv4): boolean | undefined {
  const block = masked(a.ip, a.prefix);
  if (a.prefix >= range.prefix) return masked(block, range.prefix) === masked(range.ip, range.prefix);
  return masked(range.ip, a.prefix) === block ? undefined : false;
}

// ipv4_is_private(): https://learn.microsoft.com/kusto/query/ipv4-is-private-function (10/8, 172.16/12,
// 192.168/16; an address with an IP-prefix is private when its whole block is)
defineFunction(
  'ipv4_is_private',
  simpleFunction(doc('ipv4-is-private-function'), ([v], site) => {
    const a = ipArg(v ?? null, site);
    if (!a) return null;
    for (const r of PRIVATE) {
      const inside = blockInRange(a, r);
      if (inside === undefined) throw refused(site, `of ${JSON.stringify(v)} (a block holding a private range)`);
      if (inside) return true;
    }
    return false;
  }),
);

function inRange(a: Ipv4, range: Ipv4, site: CallSite): boolean {
  const inside = blockInRange(a, range);
  if (inside === undefined) throw refused(site, 'of an address block larger than the range');
  return inside;
}

// ipv4_is_in_range(): https://learn.microsoft.com/kusto/query/ipv4-is-in-range-function
defineFunction(
  'ipv4_is_in_range',
  simpleFunction(doc('ipv4-is-in-range-function'), ([v, r], site) => {
    const a = ipArg(v ?? null, site);
    const range = ipArg(r ?? null, site);
    return a && range ? inRange(a, range, site) : null;
  }),
);

/** The strings of arguments given one by one or as one dynamic array; each element is a string or refused. */
function stringsOf(values: Value[], args: Compiled[], site: CallSite): string[] {
  return values.flatMap((v, i) => {
    if (isNull(v)) return [];
    const items = args[i]!.type === 'dynamic' && Array.isArray(v) ? v : [v as Dyn];
    return items.map(x => {
      if (typeof x !== 'string') throw refused(site, `with the list element ${JSON.stringify(x)}`);
      return x;
    });
  });
}

/**
 * A list argument prepared by `make`, again only when an argument's value changes (constants and toscalar()
 * results are the same value on every row).
 */
function prepared<T>(args: Compiled[], site: CallSite, make: (items: string[]) => T): (row: Value[]) => T {
  const evals = args.map(a => a.eval);
  let last: { values: Value[]; made: T } | undefined;
  return row => {
    const values = evals.map(e => e(row));
    if (!last || values.some((v, i) => v !== last!.values[i]))
      last = { values, made: make(stringsOf(values, args, site)) };
    return last.made;
  };
}

// ipv4_is_in_any_range(): https://learn.microsoft.com/kusto/query/ipv4-is-in-any-range-function (ranges as
// arguments or a dynamic array; an invalid range is refused: the page's null case names "the two strings" only)
defineFunction('ipv4_is_in_any_range', {
  doc: doc('ipv4-is-in-any-range-function'),
  compile(site) {
    const [addr, ...rest] = site.args;
    const get = addr!.eval;
    const ranges = prepared(rest, site, items =>
      items.map(t => {
        const r = parseIpv4(t, site);
        if (!r) throw refused(site, `with the range ${JSON.stringify(t)}`);
        return r;
      }),
    );
    return row => {
      const a = ipArg(get(row), site);
      if (!a) return null;
      return ranges(row).some(r => inRange(a, r, site));
    };
  },
});

// ---------------------------------------------------------------- compare, match

/** Both addresses compared under the smallest of their prefixes and the optional prefix argument. */
function compare(args: Value[], site: CallSite): number | null {
  const a = ipArg(args[0] ?? null, site);
  const b = ipArg(args[1] ?? null, site);
  const p = prefixArg(args[2]);
  if (!a || !b || p === null) return null;
  if (p === undefined) throw refused(site, `with the prefix ${JSON.stringify(args[2])}`);
  const m = Math.min(a.prefix, b.prefix, p);
  const x = masked(a.ip, m);
  const y = masked(b.ip, m);
  return x === y ? 0 : x > y ? 1 : -1;
}

// ipv4_compare(): https://learn.microsoft.com/kusto/query/ipv4-compare-function
defineFunction(
  'ipv4_compare',
  simpleFunction(doc('ipv4-compare-function'), (args, site) => compare(args, site)),
);
// ipv4_is_match(): https://learn.microsoft.com/kusto/query/ipv4-is-match-function
defineFunction(
  'ipv4_is_match',
  simpleFunction(doc('ipv4-is-match-function'), (args, site) => {
    const c = compare(args, site);
    return c === null ? null : c === 0;
  }),
);

// ---------------------------------------------------------------- parse, format

// parse_ipv4(): https://learn.microsoft.com/kusto/query/parse-ipv4-function (the masked address as a long)
defineFunction(
  'parse_ipv4',
  simpleFunction(doc('parse-ipv4-function'), ([v], site) => {
    const a = ipArg(v ?? null, site);
    return a ? masked(a.ip, a.prefix) : null;
  }),
);

// parse_ipv4_mask(): https://learn.microsoft.com/kusto/query/parse-ipv4-mask-function
defineFunction(
  'parse_ipv4_mask',
  simpleFunction(doc('parse-ipv4-mask-function'), ([v, p], site) => {
    const a = ipArg(v ?? null, site);
    const prefix = prefixArg(p);
    if (!a || prefix === null || prefix === undefined) return null;
    return masked(a.ip, Math.min(a.prefix, prefix));
  }),
);

// format_ipv4() / format_ipv4_mask(): https://learn.microsoft.com/kusto/query/format-ipv4-function,
// format-ipv4-mask-function (text or a number; the empty string when the conversion fails, e.g. a prefix of -1)
for (const [name, page, withMask] of [
  ['format_ipv4', 'format-ipv4-function', false],
  ['format_ipv4_mask', 'format-ipv4-mask-function', true],
] as const)
  defineFunction(
    name,
    simpleFunction(doc(page), ([v, p], site) => {
      const a = ipArg(v ?? null, site, true);
      const prefix = prefixArg(p);
      if (!a || prefix === null || prefix === undefined) return '';
      const m = Math.min(a.prefix, prefix);
      return withMask ? `${dotted(masked(a.ip, m))}/${m}` : dotted(masked(a.ip, m));
    }),
  );

// ipv4_netmask_suffix(): https://learn.microsoft.com/kusto/query/ipv4-netmask-suffix-function (32 without one)
defineFunction(
  'ipv4_netmask_suffix',
  simpleFunction(doc('ipv4-netmask-suffix-function'), ([v], site) => ipArg(v ?? null, site)?.prefix ?? null),
);

// ---------------------------------------------------------------- addresses in text

const isAsciiAlnum = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);

/**
 * Searches text for addresses (the has_ipv4 pages): an address must be delimited by non-alphanumeric characters
 * and be a valid IPv4 address. `matches` tells whether a found address is wanted. Runs of digits and dots that are
 * not one address (1.2.3.4.5, 127.000.0.1, a run next to a non-ASCII character) are refused when a wanted address
 * could be read in them: the pages do not say how they are split.
 */
function findIpv4(text: string, matches: (ip: string) => boolean, site: CallSite): boolean {
  const RUN = /[0-9.]+/g;
  for (let m = RUN.exec(text); m; m = RUN.exec(text)) {
    const before = text[m.index - 1];
    const after = text[m.index + m[0].length];
    if (isAsciiAlnum(before) || isAsciiAlnum(after)) continue;
    const run = m[0].replace(/^\.+|\.+$/g, '');
    const parts = run.split('.');
    const plain =
      parts.length === 4 &&
      parts.every(p => /^\d{1,3}$/.test(p) && Number(p) <= 255 && !(p.length > 1 && p[0] === '0'));
    const odd = (c: string | undefined) => c !== undefined && c.charCodeAt(0) > 127;
    if (plain && !odd(before) && !odd(after)) {
      if (matches(run)) return true;
      continue;
    }
    // Not one plain address: refuse if any four consecutive parts, read as numbers, make a wanted address.
    for (let i = 0; i + 4 <= parts.length; i++) {
      const window = parts.slice(i, i + 4);
      if (!window.every(p => /^\d{1,3}$/.test(p) && Number(p) <= 255)) continue;
      if (matches(window.map(Number).join('.')))
        throw refused(site, `of text holding ${JSON.stringify(run)} (how it splits into addresses is not documented)`);
    }
  }
  return false;
}

/** An address to look for: canonical text, or undefined when it is no valid address (the functions give false). */
function wantedIp(t: string, site: CallSite): string | undefined {
  const a = parseIpv4(t, site);
  return a && !t.includes('/') ? t : undefined;
}

/** A prefix to look for: a whole address, or 1 to 3 parts ending with a dot (`192.168.`). */
function wantedPrefix(t: string, site: CallSite): string | undefined {
  if (!t.endsWith('.')) return wantedIp(t, site);
  const parts = t.slice(0, -1).split('.');
  if (parts.length > 3 || !parts.every(p => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  if (parts.some(p => p.length > 1 && p.startsWith('0'))) throw refused(site, `of the prefix ${JSON.stringify(t)}`);
  return t;
}

function textSearch(
  page: string,
  wanted: (t: string, site: CallSite) => string | undefined,
  match: (ip: string, targets: string[]) => boolean,
): ScalarFunction {
  return {
    doc: doc(page),
    compile(site) {
      const [source, ...rest] = site.args;
      const get = source!.eval;
      const targets = prepared(rest, site, items => items.flatMap(t => wanted(t, site) ?? []));
      return row => {
        const s = get(row);
        if (typeof s !== 'string') return false;
        const t = targets(row);
        return t.length > 0 && findIpv4(s, ip => match(ip, t), site);
      };
    },
  };
}

const exact = (ip: string, targets: string[]) => targets.includes(ip);
const byPrefix = (ip: string, targets: string[]) => targets.some(t => (t.endsWith('.') ? ip.startsWith(t) : ip === t));

// has_ipv4(), has_any_ipv4(): https://learn.microsoft.com/kusto/query/has-ipv4-function, has-any-ipv4-function
defineFunction('has_ipv4', textSearch('has-ipv4-function', wantedIp, exact));
defineFunction('has_any_ipv4', textSearch('has-any-ipv4-function', wantedIp, exact));
// has_ipv4_prefix(), has_any_ipv4_prefix(): https://learn.microsoft.com/kusto/query/has-ipv4-prefix-function,
// has-any-ipv4-prefix-function
defineFunction('has_ipv4_prefix', textSearch('has-ipv4-prefix-function', wantedPrefix, byPrefix));
defineFunction('has_any_ipv4_prefix', textSearch('has-any-ipv4-prefix-function', wantedPrefix, byPrefix));

// ---------------------------------------------------------------- IPv6

interface Ipv6 {
  /** The address as a 128-bit number; an IPv4 address is its IPv4-mapped form ::ffff:a.b.c.d. */
  ip: bigint;
  /** The IP-prefix in IPv6 bits (an IPv4 /24 is /120). */
  prefix: number;
  v4: boolean;
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** An IPv6 or IPv4 address from text (RFC 4291 text forms, `::` once, a dotted IPv4 tail), or undefined. */
function parseIpv6(text: string, site: CallSite): Ipv6 | undefined {
  if (!text.includes(':')) {
    const v4 = parseIpv4(text, site);
    return v4 && { ip: (0xffffn << 32n) | BigInt(v4.ip), prefix: 96 + v4.prefix, v4: true };
  }
  if (text.includes('%')) throw refused(site, `of ${JSON.stringify(text)} (a zone index)`);
  const m = /^([0-9a-fA-F:.]+)(?:\/(\d{1,3}))?$/.exec(text);
  if (!m) return undefined;
  const prefix = m[2] === undefined ? 128 : Number(m[2]);
  if (prefix > 128) return undefined;
  let body = m[1]!;
  let tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  const last = body.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseIpv4(last, site);
    if (!v4) return undefined;
    tail = [v4.ip >>> 16, v4.ip & 0xffff];
    // Keep a '::' that precedes the IPv4 tail; drop a single separating ':'.
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (![...head, ...rest].every(g => HEX_GROUP.test(g))) return undefined;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
  const all = [
    ...head.map(g => parseInt(g, 16)),
    ...Array<number>(8 - known).fill(0),
    ...rest.map(g => parseInt(g, 16)),
    ...tail,
  ];
  return { ip: all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n), prefix, v4: false };
}

const mask6 = (prefix: number) => (prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(128 - prefix));

/**
 * ipv6_compare() and ipv6_is_match() compare under the smallest prefix. The pages' prefix argument is "0 to 128
 * bits", while their IPv4 examples call it an IPv4 prefix (31 meaning /31 of the IPv4 address): when the two
 * readings give different answers for IPv4 arguments, the call is refused.
 */
function compare6(args: Value[], site: CallSite): number | null {
  const [x, y, p] = args;
  if (typeof x !== 'string' || typeof y !== 'string' || p === null) return null;
  const a = parseIpv6(x, site);
  const b = parseIpv6(y, site);
  if (!a || !b) return null;
  const arg = p === undefined ? 128 : (p as number);
  if (!Number.isInteger(arg) || arg < 0 || arg > 128) throw refused(site, `with the prefix ${JSON.stringify(arg)}`);
  const cmp = (bits: number) => {
    const m = mask6(Math.min(a.prefix, b.prefix, bits));
    const u = a.ip & m;
    const v = b.ip & m;
    return u === v ? 0 : u > v ? 1 : -1;
  };
  const r = cmp(arg);
  if (p !== undefined && (a.v4 || b.v4) && arg <= 32 && cmp(96 + arg) !== r)
    throw refused(site, `of IPv4 addresses with the prefix ${arg} (IPv6 or IPv4 bits: the pages differ)`);
  return r;
}

// ipv6_compare(): https://learn.microsoft.com/kusto/query/ipv6-compare-function
defineFunction(
  'ipv6_compare',
  simpleFunction(doc('ipv6-compare-function'), (args, site) => compare6(args, site)),
);
// ipv6_is_match(): https://learn.microsoft.com/kusto/query/ipv6-is-match-function
defineFunction(
  'ipv6_is_match',
  simpleFunction(doc('ipv6-is-match-function'), (args, site) => {
    const c = compare6(args, site);
    return c === null ? null : c === 0;
  }),
);
