// Series functions of several results (used as `extend (a, b, …) = f(series)`; see tuples.ts).
import { unsupported } from '../errors.js';
import { defineFunction, doc, type SyntaxNode } from '../registry.js';
import type { Value } from '../values.js';

/**
 * series_fit_line(): https://learn.microsoft.com/kusto/query/series-fit-line-function. Least-squares line through
 * the points (1, y1) … (n, yn): the page's example (y = 2, 5, …, 30) gives slope 2.730, interception -1.666 and a
 * first fitted value of 1.064, so x counts from 1. variance is the data's sample variance (98.628 there, which
 * divides by n - 1), rvariance the residuals' sum of squares over n - 1 (1.686), rsquare 1 - residual / total sum
 * of squares (0.982). The page describes numeric arrays only: anything else, fewer than two points and a constant
 * series (whose rsquare is 0/0) are refused.
 */
function fitLine(series: Value, at: SyntaxNode): Value[] {
  if (!Array.isArray(series)) throw unsupported('series_fit_line() of a value that is not an array', at);
  const y = series;
  if (!y.every(v => typeof v === 'number' && Number.isFinite(v)))
    throw unsupported('series_fit_line() of an array with values that are not finite numbers', at);
  const n = y.length;
  if (n < 2) throw unsupported('series_fit_line() of fewer than two points', at);
  const ys = y as number[];
  const mx = (n + 1) / 2;
  let my = 0;
  for (const v of ys) my += v;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = i + 1 - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (syy === 0) throw unsupported('series_fit_line() of a constant series (its rsquare is 0/0)', at);
  const slope = sxy / sxx;
  const interception = my - slope * mx;
  const fit: number[] = [];
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const f = interception + slope * (i + 1);
    fit.push(f);
    rss += (ys[i]! - f) ** 2;
  }
  return [1 - rss / syy, slope, syy / (n - 1), rss / (n - 1), interception, fit];
}

defineFunction('series_fit_line', {
  doc: doc('series-fit-line-function'),
  tuple: true,
  compile(site) {
    const [series] = site.args;
    if (site.args.length !== 1 || !series)
      throw unsupported('series_fit_line() with other than one argument', site.node);
    if (site.columns?.length !== 6) throw unsupported('series_fit_line() with other than its six results', site.node);
    const ev = series.eval;
    // A tuple function's Eval returns its results as an array (ScalarFunction.tuple).
    return (row => fitLine(ev(row), site.node)) as (row: Value[]) => Value;
  },
});
