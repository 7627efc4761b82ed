// Functions that build or describe series (dynamic arrays of numbers or times): range() and series_stats().
import { unsupported, type ExecError } from '../errors.js';
import { defineFunction, doc, type CallSite } from '../registry.js';
import { formatDatetime, formatTimespan, TICKS_PER_HOUR, type Dyn, type Value } from '../values.js';

// ---------------------------------------------------------------- range()

/** The page's cap on the number of values; a longer series is truncated there. */
const RANGE_LIMIT = 1_048_576;

/** A datetime element as the page's example writes it: always seven fraction digits. */
const datetimeElement = (t: bigint) => formatDatetime(t).replace(/(:\d\d)Z$/, '$1.0000000Z');

// range(): https://learn.microsoft.com/kusto/query/range-function. start, start + step, … up to and including stop,
// at most 2^20 values; step 1 for numbers and 1h for datetime and timespan by default. Elements of long arguments are
// longs, of datetimes their text with seven fraction digits, of timespans their text ("01:00:00"), as the page's
// examples show. The page leaves open a step of zero or below, a stop before the start, null arguments and real
// numbers (whose sums may round): refused.
defineFunction('range', {
  doc: doc('range-function'),
  compile(site) {
    const [start, stop, step] = site.args;
    const types = site.args.map(a => a.type);
    const timed = types[0] === 'datetime' || types[0] === 'timespan';
    const wanted = timed ? [types[0], types[0], 'timespan'] : ['long', 'long', 'long'];
    const fits = types.every((t, i) => t === wanted[i] || (!timed && t === 'int'));
    if (!fits) throw unsupported(`range() of ${types.join(', ')} values`, site.node);
    const refuse = (why: string) => unsupported(`range() ${why}`, site.node);
    if (timed) {
      const write = types[0] === 'datetime' ? datetimeElement : formatTimespan;
      return row => {
        const a = start!.eval(row) as bigint | null;
        const b = stop!.eval(row) as bigint | null;
        const s = step ? (step.eval(row) as bigint | null) : TICKS_PER_HOUR;
        if (a === null || b === null || s === null) throw refuse('with a null argument');
        checkRange(a <= b, s > 0n, refuse);
        const out: Dyn[] = [];
        for (let t = a; t <= b && out.length < RANGE_LIMIT; t += s) out.push(write(t));
        return out;
      };
    }
    return row => {
      const a = start!.eval(row) as number | null;
      const b = stop!.eval(row) as number | null;
      const s = step ? (step.eval(row) as number | null) : 1;
      if (a === null || b === null || s === null) throw refuse('with a null argument');
      checkRange(a <= b, s > 0, refuse);
      const n = Math.min(Math.floor((b - a) / s) + 1, RANGE_LIMIT);
      const out: number[] = new Array<number>(n);
      for (let i = 0; i < n; i++) out[i] = a + i * s;
      if (!Number.isSafeInteger(out[n - 1]!)) throw refuse('beyond ±2^53');
      return out;
    };
  },
});

function checkRange(ordered: boolean, positive: boolean, refuse: (why: string) => ExecError): void {
  if (!positive) throw refuse('with a step of zero or below');
  if (!ordered) throw refuse('with a stop before its start');
}

// ---------------------------------------------------------------- series_stats()

// series_stats(): https://learn.microsoft.com/kusto/query/series-stats-function. Seven results, in the order of the
// page's example: min, min_idx, max, max_idx (first positions), avg, stdev and variance (sample: divided by n - 1;
// the example's 28.5036338535483 and 812.457142857143). A non-finite element (null, NaN, infinity) makes every
// result null unless ignore_nonfinite is true, which leaves such elements out. The page does not give the results
// for elements that are not numbers, nor for fewer than two numbers (a sample stdev of one value): refused.
function seriesStats(series: Value, ignoreNonfinite: boolean, site: CallSite): Value[] {
  if (!Array.isArray(series)) throw unsupported('series_stats() of a value that is not an array', site.node);
  let min = Infinity;
  let max = -Infinity;
  let minIdx = -1;
  let maxIdx = -1;
  let sum = 0;
  const values: number[] = [];
  for (let i = 0; i < series.length; i++) {
    const v = series[i];
    if (v !== null && typeof v !== 'number')
      throw unsupported('series_stats() of a series with elements that are not numbers', site.node);
    if (v === null || !Number.isFinite(v)) {
      if (ignoreNonfinite) continue;
      return NULLS;
    }
    if (v < min) [min, minIdx] = [v, i];
    if (v > max) [max, maxIdx] = [v, i];
    sum += v;
    values.push(v);
  }
  const n = values.length;
  if (n < 2) throw unsupported('series_stats() of a series of fewer than two numbers', site.node);
  const avg = sum / n;
  let ss = 0;
  for (const v of values) ss += (v - avg) ** 2;
  const variance = ss / (n - 1);
  return [min, minIdx, max, maxIdx, avg, Math.sqrt(variance), variance];
}

const NULLS: Value[] = [null, null, null, null, null, null, null];

defineFunction('series_stats', {
  doc: doc('series-stats-function'),
  tuple: true,
  compile(site) {
    const [series, flag] = site.args;
    if (!series || site.columns?.length !== 7)
      throw unsupported('series_stats() with other than its seven results', site.node);
    if (flag && !flag.constant)
      throw unsupported('series_stats() with an ignore_nonfinite that is not a constant', flag.node);
    const ignore = flag?.constant?.value === true;
    const ev = series.eval;
    return (row => seriesStats(ev(row), ignore, site)) as (row: Value[]) => Value;
  },
});
