// Conformance tests of the math functions (src/kql/exec/functions/math.ts) and of numeric arithmetic
// (scalar.ts), written from each documentation page's examples.
import { describe, expect, it } from 'vitest';
import { problem, q, rows, value } from './helpers.js';

describe('abs (abs-function)', () => {
  it("the page's example; reals, timespans, null", () => {
    expect(value('abs(-5)')).toBe(5);
    expect(value('abs(-2.5)')).toBe(2.5);
    expect(value('abs(-1h)')).toBe('01:00:00');
    expect(value('abs(long(null))')).toBeNull();
  });
});

describe('ceiling (ceiling-function)', () => {
  it("the page's example", () => {
    expect(rows('print c1 = ceiling(-1.1), c2 = ceiling(0), c3 = ceiling(0.9)')).toEqual([[-1, 0, 1]]);
    expect(value('ceiling(-0.5)')).toBe(0);
  });
});

describe('round (round-function)', () => {
  it("the page's examples", () => {
    expect(value('round(2.98765, 3)')).toBe(2.988);
    expect(value('round(2.15, 1)')).toBe(2.2);
    expect(value('round(2.15)')).toBe(2);
    expect(value('round(-50.55, -2)')).toBe(-100);
    expect(value('round(21.5, -1)')).toBe(20);
  });

  it('the corpus pattern round(score, 2); longs; null', () => {
    // 2.675 * 100 is 267.5 in doubles, a tie both rules round to 268.
    expect(rows('datatable(score:real)[0.12345, 2.675, 10.0] | project round(score, 2)')).toEqual([
      [0.12],
      [2.68],
      [10],
    ]);
    expect(q('print x = round(1234, -2)').rows).toEqual([[1200]]);
    expect(q('print x = round(1234, -2)').columns).toEqual(['x:long']);
    expect(value('round(real(null), 2)')).toBeNull();
  });

  it('a tie whose rounding the page does not give (to even or away from zero) is refused', () => {
    expect(problem('print round(2.5)').kind).toBe('unsupported');
    expect(problem('print round(-0.125, 2)').kind).toBe('unsupported');
    // Ties where both rules agree are answered: 3.5 rounds to 4 either way.
    expect(value('round(3.5)')).toBe(4);
  });
});

describe('pow, sqrt, exp, exp2, exp10, log, log2, log10 (their pages)', () => {
  it("the pages' examples and documented nulls", () => {
    expect(rows('print result=pow(2, 3)')).toEqual([[8]]);
    expect(rows('print result=log(5)')).toEqual([[1.6094379124341003]]);
    expect(value('sqrt(4)')).toBe(2);
    expect(value('sqrt(-1)')).toBeNull();
    expect(value('log(-1)')).toBeNull();
    expect(value('log10(1000)')).toBe(3);
    expect(value('log2(8)')).toBe(3);
    expect(value('exp(0)')).toBe(1);
    expect(value('exp2(3)')).toBe(8);
    expect(value('exp10(2)')).toBe(100);
    expect(value('log(0)')).toBe('-Infinity');
    expect(value('pow(real(null), 2)')).toBeNull();
  });
});

describe('sign (sign-function)', () => {
  it("the page's example", () => {
    expect(rows('print s1 = sign(-42), s2 = sign(0), s3 = sign(11.2)')).toEqual([[-1, 0, 1]]);
    expect(problem('print sign(real(nan))').kind).toBe('unsupported');
  });
});

describe('max_of / min_of (max-of-function, min-of-function)', () => {
  it("the pages' examples", () => {
    expect(rows('print result = max_of(10, 1, -3, 17)')).toEqual([[17]]);
    expect(rows('print result=min_of(10, 1, -3, 17)')).toEqual([[-3]]);
    const t = 'datatable (A: int, B: int)[1, 6, 8, 1, int(null), 2, 1, int(null), int(null), int(null)]';
    expect(rows(`${t} | project max_of(A, B)`)).toEqual([[6], [8], [2], [1], [null]]);
    const u = 'datatable (A: int, B: int)[5, 2, 10, 1, int(null), 3, 1, int(null), int(null), int(null)]';
    expect(rows(`${u} | project min_of(A, B)`)).toEqual([[2], [1], [3], [1], [null]]);
  });

  it('the corpus pattern max_of(real, long); datetimes; strings refused', () => {
    expect(value('max_of(2.5 * 2, 3)')).toBe(5);
    expect(value('max_of(ago(1d), now())')).toBe('2024-01-15T12:00:00Z');
    expect(problem('print max_of("a", "b")').kind).toBe('unsupported');
  });
});

describe('isnan / isinf / isfinite (their pages)', () => {
  it("the pages' examples", () => {
    const r = rows('datatable(x:long)[-1, 0, 1] | extend y = (-1*x) | extend div = 1.0*x/y | extend isnan=isnan(div)');
    expect(r).toEqual([
      [-1, 1, -1, false],
      [0, 0, 'NaN', true],
      [1, -1, -1, false],
    ]);
    const f = rows(
      'datatable(x:long)[-1, 0, 1] | extend y = 0.0 | extend div = 1.0*x/y | extend isfinite=isfinite(div)',
    );
    expect(f.map(x => x[3])).toEqual([false, false, false]);
    expect(rows('print isinf(1.0/0.0), isinf(1.0), isfinite(2.0)')).toEqual([[true, false, true]]);
    expect(problem('print isnan(real(null))').kind).toBe('unsupported');
  });
});

describe('rand (rand-function)', () => {
  it('is refused: a random number cannot be reproduced', () => {
    expect(problem('print rand()').kind).toBe('unsupported');
  });
});

describe('binary_and / binary_or / binary_xor / binary_not / shifts / bitset_count_ones (their pages)', () => {
  it("64-bit two's complement results", () => {
    expect(rows('print binary_and(6, 3), binary_or(6, 3), binary_xor(6, 3), binary_not(100)')).toEqual([
      [2, 7, 5, -101],
    ]);
    expect(rows('print binary_and(-1, 255), binary_shift_left(1, 10), binary_shift_right(1024, 3)')).toEqual([
      [255, 1024, 128],
    ]);
    expect(rows('print bitset_count_ones(42), bitset_count_ones(-1)')).toEqual([[3, 64]]);
    expect(value('binary_and(long(null), 1)')).toBeNull();
  });

  it('refused: shifts outside 0-63, right shifts of negatives, results beyond ±2^53', () => {
    expect(problem('print binary_shift_left(1, 64)').kind).toBe('unsupported');
    expect(problem('print binary_shift_right(-8, 1)').kind).toBe('unsupported');
    expect(problem('print binary_shift_left(1, 60)').kind).toBe('unsupported');
  });
});

describe('numerical operators (numerical-operators)', () => {
  it("the page's division and modulo examples", () => {
    expect(rows('print 1.0 / 2, 1 / 2.0, 1 / 2, real(1) / 2')).toEqual([[0.5, 0.5, 0, 0.5]]);
    expect(
      rows('print plusPlus = 14 % 12, minusPlus = -14 % 12, plusMinus = 14 % -12, minusMinus = -14 % -12'),
    ).toEqual([[2, 10, 2, 10]]);
    expect(value('-7 / 2')).toBe(-3);
    // A long has no negative zero.
    expect(Object.is(value('-1 * 0'), 0)).toBe(true);
    expect(Object.is(value('-1 / 2'), 0)).toBe(true);
    expect(Object.is(rows('datatable(x:long)[0] | project -x')[0]![0], 0)).toBe(true);
  });

  it('integer division by zero is refused (the page does not say); real division gives infinities', () => {
    expect(problem('print 1 / 0').kind).toBe('unsupported');
    expect(value('1.0 / 0')).toBe('Infinity');
  });

  it('timespan times or over a number: a fraction of a tick is refused, not truncated', () => {
    expect(value('1d * 1.5')).toBe('1.12:00:00');
    expect(value('1d / 4')).toBe('06:00:00');
    expect(value('2 * 1h')).toBe('02:00:00');
    expect(problem('print 1s / 3').kind).toBe('unsupported');
    expect(problem('print 1tick * 0.5').kind).toBe('unsupported');
  });
});
