// Functions of several results in extend and project, and series_fit_line(), from the Kusto documentation.
import { describe, expect, it } from 'vitest';
import { problem, q } from './helpers.js';

const Y = 'dynamic([2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30])';

describe('series_fit_line (series-fit-line-function)', () => {
  it("the page's example: rsquare 0.982, slope 2.730, variance 98.628, rvariance 1.686, interception -1.666", () => {
    const r = q(
      `print id=' ', y=${Y} | extend (RSquare, Slope, Variance, RVariance, Interception, LineFit)=series_fit_line(y)`,
    );
    expect(r.columns).toEqual([
      'id:string',
      'y:dynamic',
      'RSquare:real',
      'Slope:real',
      'Variance:real',
      'RVariance:real',
      'Interception:real',
      'LineFit:dynamic',
    ]);
    const [rsq, slope, variance, rvariance, interception, fit] = r.rows[0]!.slice(2) as number[];
    expect(rsq).toBeCloseTo(0.9829, 4);
    expect(slope).toBeCloseTo(2.7308, 4);
    expect(variance).toBeCloseTo(98.6288, 4);
    expect(rvariance).toBeCloseTo(1.6865, 4);
    expect(interception).toBeCloseTo(-1.6667, 4);
    const line = JSON.parse(fit as unknown as string) as number[];
    expect(line).toHaveLength(12);
    // The page's first and last fitted values.
    expect(line[0]).toBeCloseTo(1.064, 3);
    expect(line[11]).toBeCloseTo(31.102, 2);
  });

  it('a bare call: six columns named by the parser', () => {
    expect(q(`print y=${Y} | extend series_fit_line(y) | project-away y`).columns).toEqual([
      'series_fit_line_y_rsquare:real',
      'series_fit_line_y_slope:real',
      'series_fit_line_y_variance:real',
      'series_fit_line_y_rvariance:real',
      'series_fit_line_y_interception:real',
      'series_fit_line_y_line_fit:dynamic',
    ]);
  });

  it('fewer names than results: the names take the first results, the parser names the rest; project too', () => {
    const r = q(`print y=dynamic([1, 3, 5]) | project (r2, a) = series_fit_line(y), k = 1`);
    expect(r.columns).toEqual([
      'r2:real',
      'a:real',
      'series_fit_line_y_variance:real',
      'series_fit_line_y_rvariance:real',
      'series_fit_line_y_interception:real',
      'series_fit_line_y_line_fit:dynamic',
      'k:long',
    ]);
    expect(r.rows).toEqual([[1, 2, 4, 0, -1, '[1,3,5]', 1]]);
  });

  it('a compound name replaces an input column of that name in place, as extend does', () => {
    const r = q(`print y=dynamic([1, 3, 5]), z=1 | extend (y, s) = series_fit_line(y) | project y, s, z`);
    expect(r.rows).toEqual([[1, 2, 1]]);
  });

  it('runs on every row of a make-series result', () => {
    const r = q(
      `range t from 1 to 4 step 1 | extend v = t * 2 | make-series s = sum(v) on t from 1 to 5 step 1 | extend (r2, slope) = series_fit_line(s) | project slope`,
    );
    expect(r.rows).toEqual([[2]]);
  });

  it('refuses what the page leaves open: no array, one point, a constant series, values that are not numbers', () => {
    for (const arg of ['dynamic(null)', 'dynamic([4])', 'dynamic([3, 3, 3])', 'dynamic([1, "a"])']) {
      const p = problem(`print y=${arg} | extend (a, b) = series_fit_line(y)`);
      expect(p.kind, arg).toBe('unsupported');
      expect(p.message, arg).toMatch(/series_fit_line\(\)/);
    }
  });
});

describe('several-result calls (extend-operator)', () => {
  it('a function of several results that the engine lacks is refused by name', () => {
    const p = problem(`print y=${Y} | extend (a, b, c) = series_decompose_anomalies(y)`);
    expect(p.kind).toBe('unsupported');
    expect(p.message).toMatch(/series_decompose_anomalies/);
  });
});
