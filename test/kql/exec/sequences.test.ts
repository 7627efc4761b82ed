// Conformance tests for range() (the scalar function) and series_stats(), from their Kusto documentation pages.
import { describe, expect, test } from 'vitest';
import { problem, q, rows, value } from './helpers.js';

describe('range (range-function)', () => {
  test("the page's examples: numbers with a step, the default step of 1, hours by default", () => {
    expect(value('range(1, 8, 3)')).toBe('[1,4,7]');
    expect(value('range(1, 3)')).toBe('[1,2,3]');
    expect(value('range(1h, 5h)')).toBe('["01:00:00","02:00:00","03:00:00","04:00:00","05:00:00"]');
  });

  test("the page's example: every day of a year, written with seven fraction digits", () => {
    const r = rows(
      `print r = range(datetime(2007-01-01), datetime(2007-12-31), 1d) | project n = array_length(r), a = r[0], b = r[364]`,
    );
    expect(r).toEqual([[365, '"2007-01-01T00:00:00.0000000Z"', '"2007-12-31T00:00:00.0000000Z"']]);
  });

  test("the page's example: the array is truncated at 2^20 values", () => {
    expect(rows('print r = range(1, 1000000000) | mv-expand r | count')).toEqual([[1048576]]);
  });

  test('the stop is an upper bound; the corpus shape (bins of datetimes, a timespan step) reads back as datetimes', () => {
    expect(value('range(1, 9, 3)')).toBe('[1,4,7]');
    expect(
      q(`print s = datetime(2024-01-01 00:10), e = datetime(2024-01-01 01:20)
        | extend TimeKey = range(bin(s, 30m), bin(e, 30m), 30m) | mv-expand TimeKey to typeof(datetime) | project TimeKey`),
    ).toEqual({
      columns: ['TimeKey:datetime'],
      rows: [['2024-01-01T00:00:00Z'], ['2024-01-01T00:30:00Z'], ['2024-01-01T01:00:00Z']],
    });
  });

  test('refusals: a step of zero or below, a stop before the start, nulls, reals', () => {
    expect(problem('print range(1, 5, 0)').message).toContain('a step of zero or below');
    expect(problem('print range(5, 1)').message).toContain('a stop before its start');
    expect(problem('print range(1, long(null))').message).toContain('a null argument');
    expect(problem('print range(1.5, 3.0, 0.5)').message).toContain('range() of real, real, real values');
  });
});

describe('series_stats (series-stats-function)', () => {
  test("the page's example: seven columns named after the series", () => {
    const r = q(
      `print x = dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]) | project series_stats(x)`,
    );
    expect(r.columns).toEqual([
      'series_stats_x_min:real',
      'series_stats_x_min_idx:long',
      'series_stats_x_max:real',
      'series_stats_x_max_idx:long',
      'series_stats_x_avg:real',
      'series_stats_x_stdev:real',
      'series_stats_x_variance:real',
    ]);
    const [min, minIdx, max, maxIdx, avg, stdev, variance] = r.rows[0] as number[];
    expect([min, minIdx, max, maxIdx, avg]).toEqual([2, 8, 87, 3, 32.8]);
    expect(stdev).toBeCloseTo(28.5036338535483, 12);
    expect(variance).toBeCloseTo(812.457142857143, 11);
  });

  test('first positions for ties; named results; non-finite values give nulls unless ignored', () => {
    expect(rows('print x = dynamic([5, 1, 5, 1]) | extend (lo, at) = series_stats(x) | project lo, at')).toEqual([
      [1, 1],
    ]);
    expect(
      rows(
        `print x = dynamic([1, null, 3]) | extend series_stats(x) | project series_stats_x_avg, isnull(series_stats_x_min)`,
      ),
    ).toEqual([[null, true]]);
    expect(rows('print x = dynamic([1, null, 3]) | extend series_stats(x, true) | project series_stats_x_avg')).toEqual(
      [[2]],
    );
  });

  test('refusals: non-numeric elements, fewer than two numbers, a value that is not an array', () => {
    expect(problem('print x = dynamic([1, "a"]) | extend series_stats(x)').message).toContain('not numbers');
    expect(problem('print x = dynamic([1]) | extend series_stats(x)').message).toContain('fewer than two numbers');
    expect(problem('print x = dynamic(null) | extend series_stats(x)').message).toContain('not an array');
  });
});
