// Kusto's scalar values as the engine holds them, and the conversions every operator and function shares.
// https://learn.microsoft.com/kusto/query/scalar-data-types/ (types), .../null-values (null rules).
//
// Representation (one per type, so a value never needs a tag at run time: the binder types every expression):
// - bool: boolean | null
// - int, long: number | null. A long outside ±2^53 cannot be held exactly; producing one is an error, never a
//   rounded answer (see checkLong).
// - real: number | null (NaN and ±Infinity are real values in Kusto)
// - decimal: number | null (exact only within double precision; see the README's scope)
// - string: string, never null: Kusto has no null string, only the empty one
// - datetime: bigint | null, 100-nanosecond ticks since 1970-01-01T00:00:00Z (Kusto's precision, exactly)
// - timespan: bigint | null, 100-nanosecond ticks
// - guid: string | null, lower-case canonical form
// - dynamic: Dyn (JSON-like: null, boolean, number, string, arrays, null-prototype objects)
import { ExecError } from './errors.js';
import type { Table } from './table.js';

export type ScalarType =
  'bool' | 'int' | 'long' | 'real' | 'decimal' | 'string' | 'datetime' | 'timespan' | 'guid' | 'dynamic';

export type Dyn = null | boolean | number | string | Dyn[] | DynBag;
export interface DynBag {
  [key: string]: Dyn;
}

/** Dyn already covers null, booleans, numbers and strings; bigint adds datetime and timespan ticks. */
export type Value = bigint | Dyn;
export type Row = Value[];

export const SCALAR_TYPES: readonly ScalarType[] = [
  'bool',
  'int',
  'long',
  'real',
  'decimal',
  'string',
  'datetime',
  'timespan',
  'guid',
  'dynamic',
];

/** The type names the binder uses (`ResultType.Name`), with Kusto's synonyms. */
export function scalarType(name: string | null | undefined): ScalarType | undefined {
  switch ((name ?? '').toLowerCase()) {
    case 'bool':
    case 'boolean':
      return 'bool';
    case 'int':
      return 'int';
    case 'long':
      return 'long';
    case 'real':
    case 'double':
      return 'real';
    case 'decimal':
      return 'decimal';
    case 'string':
      return 'string';
    case 'datetime':
    case 'date':
      return 'datetime';
    case 'timespan':
    case 'time':
      return 'timespan';
    case 'guid':
    case 'uniqueid':
      return 'guid';
    case 'dynamic':
      return 'dynamic';
    default:
      return undefined;
  }
}

/** The null of a type: the empty string for strings, null for every other type. */
export function nullOf(type: ScalarType): Value {
  return type === 'string' ? '' : null;
}

/** isnull() semantics: a string is never null. https://learn.microsoft.com/kusto/query/isnull-function */
export function isNull(v: Value): boolean {
  return v === null || v === undefined;
}

export const TICKS_PER_MS = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 60n * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60n * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24n * TICKS_PER_HOUR;
/** datetime's range in Kusto: 0001-01-01 to 9999-12-31T23:59:59.9999999, as ticks from the Unix epoch. */
export const MIN_DATETIME = -621355968000000000n;
export const MAX_DATETIME = 2534023007999999999n;

const LONG_LIMIT = Number.MAX_SAFE_INTEGER;

/** A long result that a double cannot hold exactly is refused rather than rounded. */
export function checkLong(n: number, what = 'a long value'): number {
  if (Number.isFinite(n) && Math.abs(n) > LONG_LIMIT)
    throw new ExecError(`${what} beyond ±2^53 cannot be computed exactly by this engine`, 'unsupported');
  return n;
}

/** A datetime outside Kusto's range is null, as Kusto's arithmetic gives. */
export function checkDatetime(t: bigint): bigint | null {
  return t < MIN_DATETIME || t > MAX_DATETIME ? null : t;
}

// ---------------------------------------------------------------- datetime text

/** Days from 1970-01-01 to a proleptic Gregorian date (valid for years 1..9999). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day count from 1970-01-01. */
export function civilFromDays(z: number): { y: number; m: number; d: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** Ticks of a UTC calendar time. */
export function ticksOf(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, fraction = 0n): bigint {
  return BigInt(daysFromCivil(y, mo, d)) * TICKS_PER_DAY + BigInt(h * 3600 + mi * 60 + s) * TICKS_PER_SECOND + fraction;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

// The forms of the datetime page's "Supported formats" tables. ISO 8601 and sortable: year-month-day, optional
// time (seconds and fraction optional), optional zone (Z, an offset, or " GMT"). RFC 822 / 850: optional weekday,
// day, month name and two-digit year separated by spaces (822) or dashes (850), time, optional zone.
const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(?:(Z|[+-]\d{2}:?\d{2})|\s+(GMT|UTC))?$/i;
const RFC =
  /^(?:([a-z]+),\s*)?(\d{1,2})([ -])([a-z]{3})\3(\d+)\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s+(GMT|UTC|Z|[+-]\d{4}))?$/i;
const TIME_ONLY = /^\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
/**
 * Text a .NET-style date parser might still read (digits with date punctuation, starting with a digit or a month or
 * weekday name): refused rather than made null. Other text is null: the parse-operator page shows
 * "nonValidDateTime 08:40:01" read as a null datetime.
 */
const DATE_LIKE =
  /^(?=.*\d)(?=\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun))[\w\s,:./+-]{1,64}$/i;
/** Month/day/year with an optional time, as the parse-operator page's example reads "02/17/2016 08:40:01". */
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const refuse = (text: string, why: string) =>
  new ExecError(`the datetime text "${text}" (${why}) is not supported by rulectl's KQL engine`, 'unsupported');

/**
 * A datetime from text as `datetime()` literals and `todatetime()` read it: the forms of the "Supported formats"
 * tables of https://learn.microsoft.com/kusto/query/scalar-data-types/datetime (ISO 8601, RFC 822, RFC 850,
 * sortable). Returns undefined for text that is no datetime (todatetime then gives null); throws an `unsupported`
 * error for text Kusto may read but whose reading the documentation does not give (a time without a date, other
 * numeric layouts such as 12-02-2022, more than 7 fraction digits, a two-digit year from 30 to 49).
 */
export function parseDatetime(text: string): bigint | undefined {
  const s = text.trim();
  let m = ISO.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec, frac, zone] = m;
    if (frac && frac.length > 7) throw refuse(s, 'more than 7 fraction digits');
    const fraction = frac ? BigInt(frac.padEnd(7, '0')) : 0n;
    const t = civil(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0), fraction);
    return t === undefined ? undefined : (checkDatetime(t - offsetTicks(zone)) ?? undefined);
  }
  m = RFC.exec(s);
  if (m) {
    const [, weekday, d, , mon, y, h, mi, sec, zone] = m;
    const month = MONTHS.indexOf((mon ?? '').toLowerCase()) + 1;
    if (month === 0) return undefined;
    const yy = Number(y);
    if ((y ?? '').length !== 2) throw refuse(s, 'a year of other than two digits in an RFC 822/850 date');
    // .NET's two-digit-year pivots (2029, 2049) agree outside 30-49.
    if (yy >= 30 && yy < 50) throw refuse(s, 'a two-digit year from 30 to 49');
    const year = yy < 30 ? 2000 + yy : 1900 + yy;
    const t = civil(year, month, Number(d), Number(h), Number(mi), Number(sec ?? 0), 0n);
    if (t === undefined) return undefined;
    if (weekday) {
      const w = weekday.toLowerCase();
      const dow = WEEKDAYS.findIndex(n => n === w || n.slice(0, 3) === w);
      if (dow < 0) return undefined;
      if (dow !== datetimeParts(t).dow) throw refuse(s, "a weekday that is not the date's");
    }
    return checkDatetime(t - offsetTicks(zone)) ?? undefined;
  }
  m = US_DATE.exec(s);
  if (m) {
    const [, mo, d, y, h, mi, sec] = m;
    const t = civil(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0), 0n);
    return t === undefined ? undefined : (checkDatetime(t) ?? undefined);
  }
  if (TIME_ONLY.test(s)) throw refuse(s, 'a time without a date');
  if (DATE_LIKE.test(s)) throw refuse(s, 'not one of the documented formats');
  return undefined;
}

/** Ticks of a calendar time, or undefined when a part is out of its range. */
function civil(y: number, mo: number, d: number, h: number, mi: number, s: number, fraction: bigint) {
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return ticksOf(y, mo, d, h, mi, s, fraction);
}

function offsetTicks(zone: string | undefined): bigint {
  if (!zone || /^(z|gmt|utc)$/i.test(zone)) return 0n;
  const sign = zone.startsWith('-') ? -1n : 1n;
  const digits = zone.slice(1).replace(':', '');
  return (
    sign * (BigInt(Number(digits.slice(0, 2))) * TICKS_PER_HOUR + BigInt(Number(digits.slice(2))) * TICKS_PER_MINUTE)
  );
}

/**
 * The body of a `datetime(...)` literal: `null` aside (handled by the caller), the text of parseDatetime, quoted or
 * not, or `year, month, day` as the startofweek page writes it. Unreadable bodies are refused.
 */
export function parseDatetimeLiteral(body: string): bigint {
  const unquoted = /^(['"])(.*)\1$/s.exec(body)?.[2] ?? body;
  const parts = /^(\d{1,4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})$/.exec(unquoted);
  const t = parts ? civil(Number(parts[1]), Number(parts[2]), Number(parts[3]), 0, 0, 0, 0n) : parseDatetime(unquoted);
  if (t === undefined) throw refuse(unquoted, 'not a datetime');
  return t;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Calendar parts of a datetime (UTC). */
export function datetimeParts(t: bigint): {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  /** 100-ns ticks within the second. */
  fraction: number;
  /** Day of week, 0 = Sunday. */
  dow: number;
  days: number;
} {
  const days = floorDiv(t, TICKS_PER_DAY);
  const inDay = t - days * TICKS_PER_DAY;
  const secs = Number(inDay / TICKS_PER_SECOND);
  const { y, m, d } = civilFromDays(Number(days));
  const dn = Number(days);
  return {
    y,
    m,
    d,
    h: Math.floor(secs / 3600),
    mi: Math.floor(secs / 60) % 60,
    s: secs % 60,
    fraction: Number(inDay % TICKS_PER_SECOND),
    dow: (((dn + 4) % 7) + 7) % 7,
    days: dn,
  };
}

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * Kusto's text for a datetime: `2024-01-02T03:04:05Z`, with the fraction when there is one; 7 digits (tostring), or
 * without trailing zeros as the query API writes results (`trim`, e.g. `2018-02-02T15:03:12.18Z`).
 */
export function formatDatetime(t: bigint, trim = false): string {
  const p = datetimeParts(t);
  let frac = p.fraction ? pad(p.fraction, 7) : '';
  if (trim) frac = frac.replace(/0+$/, '');
  return `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}${frac ? `.${frac}` : ''}Z`;
}

// ---------------------------------------------------------------- timespan text

const UNIT_TICKS: Record<string, bigint> = {
  d: TICKS_PER_DAY,
  day: TICKS_PER_DAY,
  days: TICKS_PER_DAY,
  h: TICKS_PER_HOUR,
  hr: TICKS_PER_HOUR,
  hrs: TICKS_PER_HOUR,
  hour: TICKS_PER_HOUR,
  hours: TICKS_PER_HOUR,
  m: TICKS_PER_MINUTE,
  min: TICKS_PER_MINUTE,
  minute: TICKS_PER_MINUTE,
  minutes: TICKS_PER_MINUTE,
  s: TICKS_PER_SECOND,
  sec: TICKS_PER_SECOND,
  second: TICKS_PER_SECOND,
  seconds: TICKS_PER_SECOND,
  ms: TICKS_PER_MS,
  milli: TICKS_PER_MS,
  millis: TICKS_PER_MS,
  millisec: TICKS_PER_MS,
  millisecond: TICKS_PER_MS,
  milliseconds: TICKS_PER_MS,
  microsec: 10n,
  microsecond: 10n,
  microseconds: 10n,
  tick: 1n,
  ticks: 1n,
};

const SPAN_UNIT = /^(-?)(\d+(?:\.\d+)?)\s*([a-z]*)$/i;
const SPAN_CLOCK = /^(-?)(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/;

/**
 * A timespan from a literal's text: `2d`, `1.5h`, `30m`, `10s`, `100ms`, `10microsecond`, `1tick`, `15 seconds`,
 * a bare number of days (`2`), or the clock form `[-][d.]hh:mm[:ss[.fffffff]]`.
 * https://learn.microsoft.com/kusto/query/scalar-data-types/timespan
 * Returns undefined for other text; refuses (throws) clock forms the page does not cover (hours past 23, more than
 * 7 fraction digits).
 */
export function parseTimespan(text: string): bigint | undefined {
  const s = text.trim();
  let m = SPAN_UNIT.exec(s);
  if (m) {
    const unit = m[3] ? UNIT_TICKS[m[3].toLowerCase()] : TICKS_PER_DAY;
    if (unit === undefined) return undefined;
    const sign = m[1] ? -1n : 1n;
    return sign * decimalTimes(m[2] ?? '0', unit);
  }
  m = SPAN_CLOCK.exec(s);
  if (m) {
    const [, neg, d, h, mi, sec, frac] = m;
    if (Number(mi) > 59 || Number(sec ?? 0) > 59) return undefined;
    if (Number(h) > 23 || (frac && frac.length > 7))
      throw new ExecError(`the timespan text "${s}" is not supported by rulectl's KQL engine`, 'unsupported');
    const ticks =
      BigInt(d ?? 0) * TICKS_PER_DAY +
      BigInt(h ?? 0) * TICKS_PER_HOUR +
      BigInt(mi ?? 0) * TICKS_PER_MINUTE +
      BigInt(sec ?? 0) * TICKS_PER_SECOND +
      (frac ? BigInt(frac.padEnd(7, '0')) : 0n);
    return neg ? -ticks : ticks;
  }
  return undefined;
}

/** `digits` (a decimal such as 1.5) times `unit` ticks, exactly; sub-tick remainders are truncated as .NET does. */
function decimalTimes(digits: string, unit: bigint): bigint {
  const [int = '0', frac = ''] = digits.split('.');
  const scale = 10n ** BigInt(frac.length);
  return (BigInt(int + frac) * unit) / scale;
}

/** Kusto's text for a timespan: `[-][d.]hh:mm:ss[.fffffff]`. */
export function formatTimespan(t: bigint): string {
  const neg = t < 0n;
  let a = neg ? -t : t;
  const days = a / TICKS_PER_DAY;
  a -= days * TICKS_PER_DAY;
  const h = a / TICKS_PER_HOUR;
  a -= h * TICKS_PER_HOUR;
  const mi = a / TICKS_PER_MINUTE;
  a -= mi * TICKS_PER_MINUTE;
  const s = a / TICKS_PER_SECOND;
  const frac = a - s * TICKS_PER_SECOND;
  const clock = `${pad(Number(h))}:${pad(Number(mi))}:${pad(Number(s))}${frac ? `.${pad(Number(frac), 7)}` : ''}`;
  return `${neg ? '-' : ''}${days ? `${days}.` : ''}${clock}`;
}

// ---------------------------------------------------------------- numbers and text

/**
 * Kusto's text for a real, as .NET writes a double (shortest round-trip digits): fixed notation while the number
 * has at most max(15, its digits) integral digits and is at least 1e-4, otherwise `d.dddE+xx` (two exponent digits
 * at least). Integral values have no fraction: 1.0 is "1".
 */
export function formatReal(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (n === 0) return '0';
  const [mantissa = '', e = '0'] = Math.abs(n).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(e);
  const scale = exp + 1;
  if (scale <= Math.max(digits.length, 15) && scale >= -3) return String(n);
  const sign = n < 0 ? '-' : '';
  const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
  return `${sign}${digits[0]}${frac}E${exp < 0 ? '-' : '+'}${pad(Math.abs(exp))}`;
}

const GUID = /^\s*\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?\s*$/i;

export function parseGuid(text: string): string | undefined {
  const m = GUID.exec(text);
  return m ? m.slice(1, 6).join('-').toLowerCase() : undefined;
}

/** JSON text of a dynamic value, as tostring() and the query API write it (no spaces). */
export function dynToJson(v: Dyn): string {
  return JSON.stringify(v);
}

/**
 * tostring(): https://learn.microsoft.com/kusto/query/tostring-function. Null of any type is the empty string; a
 * dynamic string is its text (no quotes); other dynamic values are their JSON.
 */
export function toText(v: Value, type: ScalarType): string {
  if (v === null || v === undefined) return '';
  switch (type) {
    case 'string':
    case 'guid':
      return v as string;
    case 'bool':
      return v ? 'true' : 'false';
    case 'int':
    case 'long':
      return (v as number).toString();
    case 'real':
    case 'decimal':
      return formatReal(v as number);
    case 'datetime':
      return formatDatetime(v as bigint);
    case 'timespan':
      return formatTimespan(v as bigint);
    case 'dynamic':
      return typeof v === 'string' ? v : dynToJson(v as Dyn);
  }
}

/** A value of `type` as a dynamic value (todynamic of a scalar; pack_array, make_list and bag_pack elements). */
export function toDyn(v: Value, type: ScalarType): Dyn {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'datetime': {
      // Inside dynamic Kusto writes all seven fraction digits (the make-series and range() pages show
      // "2017-01-01T00:00:00.0000000Z"); a datetime column itself is written without them.
      const text = formatDatetime(v as bigint);
      return text.includes('.') ? text : `${text.slice(0, -1)}.0000000Z`;
    }
    case 'timespan':
      return formatTimespan(v as bigint);
    case 'real':
    case 'decimal': {
      const n = v as number;
      return Number.isFinite(n) ? n : formatReal(n);
    }
    default:
      return v as Dyn;
  }
}

// ---------------------------------------------------------------- values as the query API writes them

export type ApiValue = string | number | boolean | null;

/**
 * A value as the Log Analytics query API returns it (`rulectl query --format json`, tests, the emulator): as in a
 * dynamic value (toDyn), except that datetimes drop trailing zeros of the fraction (the API's samples write
 * 15:03:12.18Z), dynamic values are JSON text, and a null string is the empty string.
 */
export function toApiValue(v: Value, type: ScalarType): ApiValue {
  if (v === null || v === undefined) return type === 'string' ? '' : null;
  if (type === 'datetime') return formatDatetime(v as bigint, true);
  if (type === 'dynamic') return dynToJson(v as Dyn);
  return toDyn(v, type) as ApiValue;
}

/** The API's JSON body for one result table. */
export function toApiTable(t: Table, name = 'PrimaryResult') {
  return {
    name,
    columns: t.columns.map(c => ({ name: c.name, type: c.type })),
    rows: t.rows.map(r => r.map((v, i) => toApiValue(v ?? null, t.columns[i]!.type))),
  };
}

export function isBag(v: unknown): v is DynBag {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A null-prototype property bag: keys such as `__proto__` stay ordinary keys. */
export function newBag(): DynBag {
  return Object.create(null) as DynBag;
}

/** JSON text to a dynamic value (parse_json/todynamic); objects become null-prototype bags. */
export function parseDyn(text: string): Dyn | undefined {
  try {
    return toNullProto(JSON.parse(text) as Dyn);
  } catch {
    return undefined;
  }
}

function toNullProto(v: Dyn): Dyn {
  if (Array.isArray(v)) return v.map(toNullProto);
  if (isBag(v)) {
    const out = newBag();
    for (const [k, x] of Object.entries(v)) out[k] = toNullProto(x);
    return out;
  }
  return v;
}

// ---------------------------------------------------------------- comparison

/**
 * Ordering of two non-null values of one type (sort, min/max, comparisons). Strings compare ordinally (by UTF-16
 * code unit), as Kusto's `<` and sort do. https://learn.microsoft.com/kusto/query/sort-operator
 */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
    if (Number.isNaN(b)) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  const ta = JSON.stringify(a);
  const tb = JSON.stringify(b);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** A key that identifies a value for grouping, distinct, dcount and joins (values of one column share a type). */
export function keyOf(v: Value): string {
  if (v === null || v === undefined) return '\u0000null';
  switch (typeof v) {
    case 'string':
      return `s${v}`;
    case 'number':
      return `n${v}`;
    case 'bigint':
      return `t${v}`;
    case 'boolean':
      return v ? 'b1' : 'b0';
    default:
      return `j${JSON.stringify(v)}`;
  }
}
