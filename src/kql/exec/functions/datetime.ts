// Datetime and timespan functions. Each cites its page; datetimes are ticks (100 ns) from the Unix epoch, UTC.
// Calendar rules follow the proleptic Gregorian calendar of the datetime type; weeks start on Sunday.
import { refuseOnRow } from '../context.js';
import { ExecError, unsupported } from '../errors.js';
import { defineFunction, simpleFunction, type CallSite, type Compiled, type ScalarFunction, doc } from '../registry.js';
import {
  checkDatetime,
  checkLong,
  datetimeParts,
  daysInMonth,
  floorDiv,
  parseDatetime,
  parseTimespan,
  ticksOf,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
  TICKS_PER_MS,
  TICKS_PER_SECOND,
  type Dyn,
  type Value,
} from '../values.js';

const TICKS_PER_WEEK = 7n * TICKS_PER_DAY;
/** 1970-01-01 was a Thursday; the Sunday before it starts the week that holds the epoch. */
const SUNDAY_BEFORE_EPOCH = -4n * TICKS_PER_DAY;

const isNull = (v: Value | undefined): v is null | undefined => v === null || v === undefined;

/** An error of one call, positioned at it. */
function refused(site: CallSite, why: string): ExecError {
  return new ExecError(`${site.name}() ${why} is not supported by rulectl's KQL engine`, 'unsupported', site.node);
}

/** Runs a per-row evaluation so that an error without a position is reported at the call. */
function positioned<T>(site: CallSite, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ExecError) throw e.at(site.node);
    throw e;
  }
}

/**
 * A function whose first argument names a unit (`'day'`, `"Hour"`, case-insensitive). The binder requires a literal
 * among the page's values, so the unit is looked up once per call site.
 */
function unitFunction<U>(
  doc: string,
  units: (name: string) => U | undefined,
  impl: (unit: U, args: Value[], site: CallSite) => Value,
): ScalarFunction {
  return {
    doc,
    compile(site) {
      const [first, ...rest] = site.args;
      const v = first?.constant?.value;
      const name = typeof v === 'string' ? v : undefined;
      const unit = name === undefined ? undefined : units(name.toLowerCase());
      if (unit === undefined)
        throw refused(site, `with the unit ${name === undefined ? 'of an expression' : `"${name}"`}`);
      const evals = rest.map(a => a.eval);
      return row =>
        impl(
          unit,
          evals.map(e => e(row)),
          site,
        );
    },
  };
}

// ---------------------------------------------------------------- calendar helpers

function startOfDay(t: bigint): bigint {
  return floorDiv(t, TICKS_PER_DAY) * TICKS_PER_DAY;
}

/** The first instant of a month given as months since year 0; null outside the datetime range. */
function monthStart(totalMonths: number): bigint | null {
  const y = Math.floor(totalMonths / 12);
  const m = totalMonths - y * 12 + 1;
  if (y < 1 || y > 9999) return null;
  return ticksOf(y, m, 1);
}

function totalMonths(t: bigint): number {
  const p = datetimeParts(t);
  return p.y * 12 + p.m - 1;
}

/**
 * The calendar periods, each as the number of the period that holds an instant (counted from a fixed origin) and
 * the first instant of period number n (null outside the datetime range). startof*, endof* and datetime_diff all
 * read them: the start of the period n periods on, and the count of period boundaries between two instants.
 */
const PERIODS = {
  day: {
    index: (t: bigint) => Number(floorDiv(t, TICKS_PER_DAY)),
    start: (n: number) => checkDatetime(BigInt(n) * TICKS_PER_DAY),
  },
  week: {
    index: (t: bigint) => Number(floorDiv(t - SUNDAY_BEFORE_EPOCH, TICKS_PER_WEEK)),
    start: (n: number) => checkDatetime(BigInt(n) * TICKS_PER_WEEK + SUNDAY_BEFORE_EPOCH),
  },
  month: { index: totalMonths, start: monthStart },
  quarter: { index: (t: bigint) => Math.floor(totalMonths(t) / 3), start: (n: number) => monthStart(n * 3) },
  year: { index: (t: bigint) => datetimeParts(t).y, start: (n: number) => monthStart(n * 12) },
};

/** ISO 8601 week number: the week (Monday to Sunday) that holds the year's first Thursday is week 1. */
function isoWeek(t: bigint): number {
  const days = Number(floorDiv(t, TICKS_PER_DAY));
  const isoDow = ((((days + 3) % 7) + 7) % 7) + 1; // Monday = 1 … Sunday = 7 (1970-01-01 was a Thursday)
  const thursday = days - isoDow + 4;
  const year = datetimeParts(BigInt(thursday) * TICKS_PER_DAY).y;
  const jan1 = Number(floorDiv(ticksOf(year, 1, 1), TICKS_PER_DAY));
  return Math.floor((thursday - jan1) / 7) + 1;
}

// ---------------------------------------------------------------- startof / endof

// startofday() … endofyear(): https://learn.microsoft.com/kusto/query/startofday-function, startofweek-function,
// startofmonth-function, startofyear-function, endofday-function, endofweek-function, endofmonth-function,
// endofyear-function. The optional offset moves by whole periods; the end of a period is the start of the next one
// less one tick.
for (const period of ['day', 'week', 'month', 'year'] as const) {
  const { index, start } = PERIODS[period];
  const define = (kind: 'start' | 'end', next: number) =>
    defineFunction(
      `${kind}of${period}`,
      simpleFunction(doc(`${kind}of${period}-function`), ([t, offset]) => {
        if (isNull(t) || offset === null) return null;
        const s = start(index(t as bigint) + Number(offset ?? 0) + next);
        return s === null || !next ? s : checkDatetime(s - 1n);
      }),
    );
  define('start', 0);
  define('end', 1);
}

// ---------------------------------------------------------------- datetime_diff, datetime_add, datetime_part

type DiffUnit =
  | 'year'
  | 'quarter'
  | 'month'
  | 'week'
  | 'day'
  | 'hour'
  | 'minute'
  | 'second'
  | 'millisecond'
  | 'microsecond'
  | 'nanosecond';
const DIFF_UNITS = new Set<string>([
  'year',
  'quarter',
  'month',
  'week',
  'day',
  'hour',
  'minute',
  'second',
  'millisecond',
  'microsecond',
  'nanosecond',
]);
const diffUnit = (name: string) => (DIFF_UNITS.has(name) ? (name as DiffUnit) : undefined);

const FIXED_TICKS: Partial<Record<DiffUnit, bigint>> = {
  week: TICKS_PER_WEEK,
  day: TICKS_PER_DAY,
  hour: TICKS_PER_HOUR,
  minute: TICKS_PER_MINUTE,
  second: TICKS_PER_SECOND,
  millisecond: TICKS_PER_MS,
  microsecond: 10n,
};

// datetime_diff(): https://learn.microsoft.com/kusto/query/datetime-diff-function. The page's examples count
// period boundaries crossed (2017-01-01 vs 2000-12-31 is 17 years; 23:00:10.100 vs 23:00:00.900 is 10 seconds),
// i.e. the difference of both datetimes truncated to the period; weeks start on Sunday.
defineFunction(
  'datetime_diff',
  unitFunction(doc('datetime-diff-function'), diffUnit, (unit, [a, b]) => {
    if (isNull(a) || isNull(b)) return null;
    const x = a as bigint;
    const y = b as bigint;
    switch (unit) {
      case 'year':
      case 'quarter':
      case 'month':
      case 'week':
      case 'day':
        return PERIODS[unit].index(x) - PERIODS[unit].index(y);
      case 'nanosecond':
        return checkLong(Number((x - y) * 100n), 'datetime_diff() in nanoseconds');
      default: {
        const size = FIXED_TICKS[unit]!;
        return checkLong(Number(floorDiv(x, size) - floorDiv(y, size)), 'datetime_diff()');
      }
    }
  }),
);

// datetime_add(): https://learn.microsoft.com/kusto/query/datetime-add-function. Years, quarters and months move
// the calendar date; a day that the target month lacks (Jan 31 + 1 month) is refused, the page does not say whether
// it is clamped. Results outside the datetime range are null, as in datetime arithmetic.
defineFunction(
  'datetime_add',
  unitFunction(doc('datetime-add-function'), diffUnit, (unit, [amount, t], site) => {
    if (isNull(amount) || isNull(t)) return null;
    const n = amount as number;
    const x = t as bigint;
    const months = unit === 'year' ? 12 : unit === 'quarter' ? 3 : unit === 'month' ? 1 : 0;
    if (months) {
      const p = datetimeParts(x);
      const start = monthStart(totalMonths(x) + n * months);
      if (start === null) return null;
      const target = datetimeParts(start);
      if (p.d > daysInMonth(target.y, target.m)) throw refused(site, `moving ${p.y}-${p.m}-${p.d} to a shorter month`);
      return checkDatetime(start + BigInt(p.d - 1) * TICKS_PER_DAY + (x - startOfDay(x)));
    }
    if (unit === 'nanosecond') {
      if (n % 100 !== 0) throw refused(site, 'with nanoseconds finer than a tick (100 ns)');
      return checkDatetime(x + BigInt(n / 100));
    }
    return checkDatetime(x + BigInt(n) * FIXED_TICKS[unit]!);
  }),
);

type Part =
  | 'year'
  | 'quarter'
  | 'month'
  | 'week_of_year'
  | 'day'
  | 'dayofyear'
  | 'hour'
  | 'minute'
  | 'second'
  | 'millisecond'
  | 'microsecond'
  | 'nanosecond';
const PARTS = new Set<string>([
  'year',
  'quarter',
  'month',
  'week_of_year',
  'day',
  'dayofyear',
  'hour',
  'minute',
  'second',
  'millisecond',
  'microsecond',
  'nanosecond',
]);

function dayOfYear(t: bigint): number {
  const y = datetimeParts(t).y;
  return Number(floorDiv(t - ticksOf(y, 1, 1), TICKS_PER_DAY)) + 1;
}

function part(p: Part, t: bigint): number {
  const d = datetimeParts(t);
  switch (p) {
    case 'year':
      return d.y;
    case 'quarter':
      return Math.floor((d.m - 1) / 3) + 1;
    case 'month':
      return d.m;
    case 'week_of_year':
      return isoWeek(t);
    case 'day':
      return d.d;
    case 'dayofyear':
      return dayOfYear(t);
    case 'hour':
      return d.h;
    case 'minute':
      return d.mi;
    case 'second':
      return d.s;
    case 'millisecond':
      return Math.floor(d.fraction / 10_000);
    case 'microsecond':
      return Math.floor(d.fraction / 10);
    case 'nanosecond':
      return d.fraction * 100;
  }
}

// datetime_part() / datepart(): https://learn.microsoft.com/kusto/query/datetime-part-function (the binder refuses
// the obsolete part "weekofyear")
defineFunction(
  ['datetime_part', 'datepart'],
  unitFunction(
    doc('datetime-part-function'),
    name => (PARTS.has(name) ? (name as Part) : undefined),
    (p, [t]) => (isNull(t) ? null : part(p, t as bigint)),
  ),
);

const partFunction = (name: string, page: string, p: Part) =>
  defineFunction(
    name,
    simpleFunction(doc(page), ([t]) => (isNull(t) ? null : part(p, t as bigint))),
  );
// dayofmonth(), dayofyear(), hourofday(), getmonth()/monthofyear(), getyear(), week_of_year():
// https://learn.microsoft.com/kusto/query/dayofmonth-function, dayofyear-function, hourofday-function,
// getmonth-function, monthofyear-function, getyear-function, week-of-year-function (ISO 8601 weeks).
partFunction('dayofmonth', 'dayofmonth-function', 'day');
partFunction('dayofyear', 'dayofyear-function', 'dayofyear');
partFunction('hourofday', 'hourofday-function', 'hour');
partFunction('getmonth', 'getmonth-function', 'month');
partFunction('monthofyear', 'monthofyear-function', 'month');
partFunction('getyear', 'getyear-function', 'year');
partFunction('week_of_year', 'week-of-year-function', 'week_of_year');

// weekofyear(): https://learn.microsoft.com/kusto/query/week-of-year-function calls it obsolete and not ISO 8601
// (its first week holds the year's first Wednesday; on which day its weeks start is not said).
defineFunction('weekofyear', {
  doc: doc('week-of-year-function'),
  compile(site) {
    throw refused(site, '(the obsolete, non-ISO week numbering; week_of_year() is ISO 8601)');
  },
});

// dayofweek(): https://learn.microsoft.com/kusto/query/day-of-week-function (days since the preceding Sunday)
defineFunction(
  'dayofweek',
  simpleFunction(doc('day-of-week-function'), ([t]) =>
    isNull(t) ? null : BigInt(datetimeParts(t as bigint).dow) * TICKS_PER_DAY,
  ),
);

// ---------------------------------------------------------------- format_datetime, format_timespan

const DELIMITERS = new Set([' ', '/', '-', ':', ',', '.', '_', '[', ']']);
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * Splits a format into runs of one letter and delimiters. `allowed` maps a letter to the run lengths the page
 * documents; anything else is refused.
 */
function tokens(format: string, allowed: Record<string, number[]>, site: CallSite): { letter: string; n: number }[] {
  const out: { letter: string; n: number }[] = [];
  for (let i = 0; i < format.length;) {
    const c = format[i]!;
    let j = i;
    while (format[j] === c) j++;
    const n = j - i;
    if (DELIMITERS.has(c)) for (let k = 0; k < n; k++) out.push({ letter: c, n: 0 });
    else if (allowed[c]?.includes(n)) out.push({ letter: c, n });
    else throw refused(site, `with the format element "${c.repeat(n)}" (not among the documented ones)`);
    i = j;
  }
  return out;
}

/** `f`/`F` runs: the first n digits of the 7-digit fraction; `F` drops trailing zeros (all zeros: nothing). */
function fraction(fraction7: number, n: number, upper: boolean): string {
  const digits = pad(fraction7, 7).slice(0, n);
  return upper ? digits.replace(/0+$/, '') : digits;
}

/**
 * Joins the pieces; an `F` run that writes nothing right after a '.' is refused (.NET would drop the '.', the page
 * does not say).
 */
function joinPieces(pieces: { text: string; emptyF: boolean }[], site: CallSite): string {
  let out = '';
  for (const p of pieces) {
    if (p.emptyF && out.endsWith('.')) throw refused(site, 'with an F element that writes nothing after "."');
    out += p.text;
  }
  return out;
}

const DATETIME_ELEMENTS: Record<string, number[]> = {
  d: [1, 2],
  f: [1, 2, 3, 4, 5, 6, 7],
  F: [1, 2, 3, 4, 5, 6, 7],
  h: [1, 2],
  H: [1, 2],
  m: [1, 2],
  M: [1, 2],
  s: [1, 2],
  y: [1, 2, 4],
  t: [2],
};

function datetimeFormatter(format: string, site: CallSite): (t: bigint) => string {
  const toks = tokens(format, DATETIME_ELEMENTS, site);
  return t => {
    const p = datetimeParts(t);
    const h12 = p.h % 12 === 0 ? 12 : p.h % 12;
    const pieces = toks.map(({ letter, n }) => {
      const two = n === 2;
      let text: string;
      switch (letter) {
        case 'd':
          text = two ? pad(p.d, 2) : String(p.d);
          break;
        case 'f':
        case 'F':
          text = fraction(p.fraction, n, letter === 'F');
          return { text, emptyF: letter === 'F' && text === '' };
        case 'h':
          text = two ? pad(h12, 2) : String(h12);
          break;
        case 'H':
          text = two ? pad(p.h, 2) : String(p.h);
          break;
        case 'm':
          text = two ? pad(p.mi, 2) : String(p.mi);
          break;
        case 'M':
          text = two ? pad(p.m, 2) : String(p.m);
          break;
        case 's':
          text = two ? pad(p.s, 2) : String(p.s);
          break;
        case 'y':
          text = n === 4 ? pad(p.y, 4) : n === 2 ? pad(p.y % 100, 2) : String(p.y % 100);
          break;
        case 't':
          text = p.h < 12 ? 'AM' : 'PM';
          break;
        default:
          text = letter;
      }
      return { text, emptyF: false };
    });
    return joinPieces(pieces, site);
  };
}

/** A formatter per call site, prepared once: the binder requires the format to be a literal. */
function formatFunction(
  page: string,
  make: (format: string, site: CallSite) => (v: bigint) => string,
  check?: (v: bigint, site: CallSite) => void,
): ScalarFunction {
  return {
    doc: doc(page),
    compile(site) {
      const [value, format] = site.args as [Compiled, Compiled];
      const f = format.constant?.value;
      if (typeof f !== 'string') throw refused(site, 'with a format that is not a literal');
      const formatter = make(f, site);
      const get = value.eval;
      return row => {
        const v = get(row);
        if (isNull(v)) return '';
        check?.(v as bigint, site);
        return formatter(v as bigint);
      };
    },
  };
}

// format_datetime(): https://learn.microsoft.com/kusto/query/format-datetime-function (the page's elements and
// delimiters only; a null datetime formats as the empty string).
defineFunction('format_datetime', formatFunction('format-datetime-function', datetimeFormatter));

const TIMESPAN_ELEMENTS: Record<string, number[]> = {
  d: [1, 2, 3, 4, 5, 6, 7, 8],
  f: [1, 2, 3, 4, 5, 6, 7],
  F: [1, 2, 3, 4, 5, 6, 7],
  // The page lists H and HH; its own example formats hours with h and hh, the same 0-23 hours of the interval.
  h: [1, 2],
  H: [1, 2],
  m: [1, 2],
  s: [1, 2],
};

function timespanFormatter(format: string, site: CallSite): (t: bigint) => string {
  const toks = tokens(format, TIMESPAN_ELEMENTS, site);
  return t => {
    const days = Number(t / TICKS_PER_DAY);
    const inDay = t % TICKS_PER_DAY;
    const h = Number(inDay / TICKS_PER_HOUR);
    const mi = Number((inDay % TICKS_PER_HOUR) / TICKS_PER_MINUTE);
    const s = Number((inDay % TICKS_PER_MINUTE) / TICKS_PER_SECOND);
    const frac = Number(inDay % TICKS_PER_SECOND);
    const pieces = toks.map(({ letter, n }) => {
      const num = (v: number) => (n >= 2 ? pad(v, n) : String(v));
      switch (letter) {
        case 'd':
          return { text: num(days), emptyF: false };
        case 'f':
        case 'F': {
          const text = fraction(frac, n, letter === 'F');
          return { text, emptyF: letter === 'F' && text === '' };
        }
        case 'h':
        case 'H':
          return { text: num(h), emptyF: false };
        case 'm':
          return { text: num(mi), emptyF: false };
        case 's':
          return { text: num(s), emptyF: false };
        default:
          return { text: letter, emptyF: false };
      }
    });
    return joinPieces(pieces, site);
  };
}

// format_timespan(): https://learn.microsoft.com/kusto/query/format-timespan-function (negative intervals are
// refused: the page does not say how their sign is written).
defineFunction(
  'format_timespan',
  formatFunction('format-timespan-function', timespanFormatter, (t, site) => {
    if (t < 0n) throw refused(site, 'of a negative timespan');
  }),
);

// ---------------------------------------------------------------- conversions and constructors

// todatetime(): https://learn.microsoft.com/kusto/query/todatetime-function (text as the datetime page's formats;
// null when the text is not a datetime). Numbers are refused: the page does not say what they would mean.
defineFunction('todatetime', {
  doc: doc('todatetime-function'),
  compile(site) {
    const arg = site.args[0]!;
    if (arg.type === 'datetime') return arg.eval;
    if (arg.type !== 'string' && arg.type !== 'dynamic') throw refused(site, `of a ${arg.type} value`);
    const get = arg.eval;
    return row => {
      const v = get(row) as Dyn;
      if (typeof v !== 'string') return null;
      return positioned(site, () => parseDatetime(v) ?? null);
    };
  },
});

// totimespan() / totime(): https://learn.microsoft.com/kusto/query/totimespan-function (text as timespan literals;
// null otherwise). Numbers are refused for the same reason as in todatetime().
defineFunction(['totimespan', 'totime'], {
  doc: doc('totimespan-function'),
  compile(site) {
    const arg = site.args[0]!;
    if (arg.type === 'timespan') return arg.eval;
    if (arg.type !== 'string' && arg.type !== 'dynamic') throw refused(site, `of a ${arg.type} value`);
    const get = arg.eval;
    return row => {
      const v = get(row) as Dyn;
      if (typeof v !== 'string') return null;
      return positioned(site, () => parseTimespan(v) ?? null);
    };
  },
});

/** Seconds (a real, up to 7 decimals) as ticks, to the nearest tick. */
const secondsTicks = (s: number) => BigInt(Math.round(s * 1e7));

// make_datetime(): https://learn.microsoft.com/kusto/query/make-datetime-function (a part out of its range: null)
defineFunction(
  'make_datetime',
  simpleFunction(doc('make-datetime-function'), (args, site) => {
    if (args.length === 4) throw refused(site, 'with 4 arguments');
    if (args.some(isNull)) return null;
    const [y, mo, d, h = 0, mi = 0, s = 0] = args as number[];
    if (![y, mo, d, h, mi].every(Number.isInteger) || !(s >= 0 && s < 60)) return null;
    if (y! < 1 || y! > 9999 || mo! < 1 || mo! > 12 || d! < 1 || d! > daysInMonth(y!, mo!)) return null;
    if (h < 0 || h > 23 || mi < 0 || mi > 59) return null;
    const whole = Math.floor(s);
    return ticksOf(y!, mo!, d!, h, mi, whole) + secondsTicks(s - whole);
  }),
);

// make_timespan(): https://learn.microsoft.com/kusto/query/make-timespan-function: (hour, minute),
// (hour, minute, second), (day, hour, minute, second); a part out of its range gives null.
defineFunction(
  'make_timespan',
  simpleFunction(doc('make-timespan-function'), args => {
    if (args.some(isNull)) return null;
    const nums = args as number[];
    const [d, h, mi, s] = nums.length === 4 ? nums : nums.length === 3 ? [0, ...nums] : [0, nums[0]!, nums[1]!, 0];
    if (![d, h, mi].every(Number.isInteger) || h! < 0 || h! > 23 || mi! < 0 || mi! > 59) return null;
    if (!(s! >= 0 && s! < 60)) return null;
    const whole = Math.floor(s!);
    return (
      BigInt(d!) * TICKS_PER_DAY +
      BigInt(h!) * TICKS_PER_HOUR +
      BigInt(mi!) * TICKS_PER_MINUTE +
      BigInt(whole) * TICKS_PER_SECOND +
      secondsTicks(s! - whole)
    );
  }),
);

// unixtime_seconds_todatetime() and the milli/micro/nanosecond variants:
// https://learn.microsoft.com/kusto/query/unixtime-seconds-todatetime-function, unixtime-milliseconds-…,
// unixtime-microseconds-…, unixtime-nanoseconds-todatetime-function. Whole inputs convert exactly; a fraction of a
// tick, or a fractional real (how Kusto rounds it is not said), is refused.
for (const [unit, perTick] of [
  ['seconds', { mul: TICKS_PER_SECOND, div: 1n }],
  ['milliseconds', { mul: TICKS_PER_MS, div: 1n }],
  ['microseconds', { mul: 10n, div: 1n }],
  ['nanoseconds', { mul: 1n, div: 100n }],
] as const) {
  const name = `unixtime_${unit}_todatetime`;
  defineFunction(
    name,
    simpleFunction(doc(`unixtime-${unit}-todatetime-function`), ([v], site) => {
      if (isNull(v)) return null;
      const n = v as number;
      if (!Number.isFinite(n)) return null;
      if (!Number.isInteger(n)) throw refused(site, 'of a fractional value');
      const scaled = BigInt(n) * perTick.mul;
      if (scaled % perTick.div !== 0n) throw refused(site, 'of a value finer than a tick (100 ns)');
      return checkDatetime(scaled / perTick.div);
    }),
  );
}

// bin_at(): https://learn.microsoft.com/kusto/query/bin-at-function (bins of `size` aligned to `fixed`; a
// negative size gives null as in bin(); a zero size is refused, neither page says what it gives)
defineFunction(
  'bin_at',
  simpleFunction(doc('bin-at-function'), ([v, size, fixed], site) => {
    if (isNull(v) || isNull(size) || isNull(fixed)) return null;
    if (typeof v === 'bigint') {
      if (typeof size !== 'bigint' || typeof fixed !== 'bigint') throw refused(site, 'mixing ticks and numbers');
      if (size === 0n) throw refused(site, 'with a bin size of 0');
      if (size < 0n) return null;
      const r = fixed + floorDiv(v - fixed, size) * size;
      return site.resultType === 'datetime' ? checkDatetime(r) : r;
    }
    const s = Number(size);
    if (s === 0) throw refused(site, 'with a bin size of 0');
    if (!(s > 0)) return null;
    const f = Number(fixed);
    const r = f + Math.floor(((v as number) - f) / s) * s;
    return site.resultType === 'int' || site.resultType === 'long' ? checkLong(r, 'bin_at()') : r;
  }),
);

// ingestion_time(): https://learn.microsoft.com/kusto/query/ingestion-time-function gives the time a row was
// ingested, which rows given as data do not carry (the table's `_TimeReceived` is another moment: when the service
// received the row, not when it was stored). A query over no rows never asks, so its result stands; reading a row's
// ingestion time is refused rather than made up.
defineFunction('ingestion_time', {
  doc: doc('ingestion-time-function'),
  volatile: true,
  compile(site) {
    return refuseOnRow(site.scope.ctx, refused(site, 'of a row given as data (such rows have no ingestion time)'));
  },
});

// datetime_utc_to_local() / datetime_local_to_utc(): https://learn.microsoft.com/kusto/query/datetime-utc-to-local-function
// need Kusto's time-zone database; this engine's (ICU's) may differ, so they are refused.
for (const [name, page] of [
  ['datetime_utc_to_local', 'datetime-utc-to-local-function'],
  ['datetime_local_to_utc', 'datetime-local-to-utc-function'],
] as const)
  defineFunction(name, {
    doc: doc(page),
    compile(site) {
      throw unsupported(`${name}() (needs Kusto's time-zone data)`, site.node);
    },
  });
