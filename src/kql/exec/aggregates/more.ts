// Sums, averages, lists, sets, bags, arg_max/arg_min, take_any, percentiles and deviations. Each cites its page of
// https://learn.microsoft.com/kusto/query/; defaults over an empty group follow the table "Default values of
// aggregations" of https://learn.microsoft.com/kusto/query/summarize-operator (sum, dcount, stdev, variance: 0; the
// make_* family: []; avg: NaN, as that page's example shows; all others: null). Null values are ignored by every
// aggregate here except make_list_with_nulls, so a group whose values are all null gets the empty group's default.
import { ExecError, unsupported } from '../errors.js';
import { defineAggregate, type Accumulator, type AggregateFunction, type CallSite, doc } from '../registry.js';
import { checkLong, compareValues, isBag, keyOf, newBag, toDyn, type Dyn, type Row, type Value } from '../values.js';

type Eval = (row: Row) => Value;

const isNull = (v: Value) => v === null || v === undefined;
const isNumericType = (t: string) => t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
const always: Eval = () => true;

/** The predicate argument at `i` (rows where it is not true are skipped), or a predicate that is always true. */
const predicate = (site: CallSite, i: number | undefined): Eval => (i === undefined ? always : site.args[i]!.eval);

/** A constant whole-number argument (maxSize, accuracy, percentile), or `fallback` when it is absent. */
function constantNumber(site: CallSite, i: number, what: string, fallback?: number): number {
  const a = site.args[i];
  if (!a) {
    if (fallback === undefined) throw new ExecError(`${site.name}() needs its ${what}`, 'runtime', site.node);
    return fallback;
  }
  const v = a.constant?.value;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw unsupported(`${site.name}() with a ${what} that is not a constant number`, a.node);
  return v;
}

// ---------------------------------------------------------------- sum, avg

// sum(), sumif(): https://learn.microsoft.com/kusto/query/sum-aggregation-function, .../sumif-aggregation-function
function sum(pred?: number): AggregateFunction['compile'] {
  return site => {
    const x = site.args[0]!.eval;
    const p = predicate(site, pred);
    const type = site.args[0]!.type;
    if (type === 'timespan')
      return () => {
        let s = 0n;
        return { add: r => void (p(r) === true && !isNull(x(r)) && (s += x(r) as bigint)), result: () => s };
      };
    if (!isNumericType(type)) throw unsupported(`${site.name}() of a ${type} value`, site.node);
    const integral = site.resultType === 'int' || site.resultType === 'long';
    return () => {
      let s = 0;
      return {
        add: r => {
          if (p(r) !== true) return;
          const v = x(r);
          if (!isNull(v)) s += v as number;
        },
        result: () => (integral ? checkLong(s, `${site.name}()`) : s),
      };
    };
  };
}
defineAggregate('sum', { doc: doc('sum-aggregation-function'), compile: sum() });
defineAggregate('sumif', { doc: doc('sumif-aggregation-function'), compile: sum(1) });

// avg(), avgif(): https://learn.microsoft.com/kusto/query/avg-aggregation-function, .../avgif-aggregation-function
// (null values are not counted; an empty group divides by zero: NaN, as the summarize page shows)
function avg(pred?: number): AggregateFunction['compile'] {
  return site => {
    const x = site.args[0]!.eval;
    const p = predicate(site, pred);
    if (!isNumericType(site.args[0]!.type))
      throw unsupported(`${site.name}() of a ${site.args[0]!.type} value`, site.node);
    return () => {
      let s = 0;
      let n = 0;
      return {
        add: r => {
          if (p(r) !== true) return;
          const v = x(r);
          if (isNull(v)) return;
          s += v as number;
          n++;
        },
        result: () => s / n,
      };
    };
  };
}
defineAggregate('avg', { doc: doc('avg-aggregation-function'), compile: avg() });
defineAggregate('avgif', { doc: doc('avgif-aggregation-function'), compile: avg(1) });

// ---------------------------------------------------------------- distinct counts

// count_distinct(), count_distinctif(): https://learn.microsoft.com/kusto/query/count-distinct-aggregation-function
// (exact, as documented; nulls are ignored, as .../scalar-data-types/null-values lists).
function countDistinct(pred?: number): AggregateFunction['compile'] {
  return site => {
    const x = site.args[0]!.eval;
    const p = predicate(site, pred);
    const plain = site.args[0]!.type !== 'dynamic';
    return () => {
      const seen = new Set<Value>();
      return {
        add: r => {
          if (p(r) !== true) return;
          const v = x(r);
          if (!isNull(v)) seen.add(plain ? v : keyOf(v));
        },
        result: () => seen.size,
      };
    };
  };
}
defineAggregate('count_distinct', { doc: doc('count-distinct-aggregation-function'), compile: countDistinct() });
defineAggregate('count_distinctif', { doc: doc('count-distinctif-aggregation-function'), compile: countDistinct(1) });

// ---------------------------------------------------------------- extremes with a predicate

// maxif(), minif(): https://learn.microsoft.com/kusto/query/maxif-aggregation-function, .../minif-aggregation-function
function extremeIf(sign: 1 | -1): AggregateFunction['compile'] {
  return site => {
    const x = site.args[0]!.eval;
    const p = site.args[1]!.eval;
    if (site.args[0]!.type === 'dynamic') throw unsupported(`${site.name}() of dynamic values`, site.node);
    return () => {
      let best: Value = null;
      return {
        add: r => {
          if (p(r) !== true) return;
          const v = x(r);
          if (isNull(v)) return;
          if (best === null || compareValues(v, best) * sign > 0) best = v;
        },
        result: () => (best === null && site.resultType === 'string' ? '' : best),
      };
    };
  };
}
defineAggregate('maxif', { doc: doc('maxif-aggregation-function'), compile: extremeIf(1) });
defineAggregate('minif', { doc: doc('minif-aggregation-function'), compile: extremeIf(-1) });

// ---------------------------------------------------------------- arg_max, arg_min

// arg_max(), arg_min(): https://learn.microsoft.com/kusto/query/arg-max-aggregation-function, .../arg-min-...
// The row whose first argument is greatest (least) gives the values of the others (or of every column, for `*`).
// Null values of the first argument lose to any other; when all are null, the group's first row is taken, as the
// page's null-handling example shows (Banana, whose versions are both null, returns its first row). Ties keep the
// first row met: Kusto picks one of the tied rows, and the first is one of them.
function argExtreme(sign: 1 | -1): AggregateFunction['compile'] {
  return site => {
    const evals = site.args.map(a => a.eval);
    const key = evals[0]!;
    if (site.args[0]!.type === 'dynamic') throw unsupported(`${site.name}() of dynamic values`, site.node);
    const width = site.columns?.length ?? 1;
    if (evals.length !== width) throw unsupported(`"${site.name}()" with these arguments`, site.node);
    const nulls = (site.columns ?? [{ type: site.resultType }]).map(c => (c.type === 'string' ? '' : null));
    return () => {
      let best: Value = null;
      let row: Row | undefined;
      return {
        add: r => {
          const v = key(r);
          if (row === undefined) {
            row = r;
            best = isNull(v) ? null : v;
          } else if (!isNull(v) && (best === null || compareValues(v, best) * sign > 0)) {
            best = v;
            row = r;
          }
        },
        result: () => (row ? key(row) : nulls[0]!),
        results: () => (row ? evals.map(e => e(row!)) : nulls),
      };
    };
  };
}
defineAggregate(['arg_max', 'argmax'], { doc: doc('arg-max-aggregation-function'), compile: argExtreme(1) });
defineAggregate(['arg_min', 'argmin'], { doc: doc('arg-min-aggregation-function'), compile: argExtreme(-1) });

// ---------------------------------------------------------------- take_any

// take_any() / any(): https://learn.microsoft.com/kusto/query/take-any-aggregation-function. Kusto picks a row at
// will; this engine takes the first. With one argument Kusto tries to return a non-null, non-empty value, so the
// first such value is taken. Several arguments (or `*`) come from one and the same row.
// take_anyif() / anyif(): https://learn.microsoft.com/kusto/query/take-anyif-aggregation-function (only rows whose
// predicate is true; null when there is none).
function takeAny(withPredicate: boolean): AggregateFunction['compile'] {
  return site => {
    const evals = (withPredicate ? site.args.slice(0, 1) : site.args).map(a => a.eval);
    const p = withPredicate ? site.args[1]!.eval : always;
    const cols = site.columns ?? [{ type: site.resultType }];
    if (evals.length !== cols.length) throw unsupported(`"${site.name}()" with these arguments`, site.node);
    const nulls = cols.map(c => (c.type === 'string' ? '' : null));
    const filled = (v: Value) => !isNull(v) && v !== '';
    if (evals.length === 1) {
      const x = evals[0]!;
      return () => {
        let got: Value | undefined;
        return {
          add: r => {
            if ((got !== undefined && filled(got)) || p(r) !== true) return;
            const v = x(r);
            if (got === undefined || filled(v)) got = v;
          },
          result: () => (got === undefined ? nulls[0]! : got),
        };
      };
    }
    return () => {
      let row: Row | undefined;
      return {
        add: r => void (row === undefined && p(r) === true && (row = r)),
        result: () => (row ? evals[0]!(row) : nulls[0]!),
        results: () => (row ? evals.map(e => e(row!)) : nulls),
      };
    };
  };
}
defineAggregate(['take_any', 'any'], { doc: doc('take-any-aggregation-function'), compile: takeAny(false) });
defineAggregate(['take_anyif', 'anyif'], { doc: doc('take-anyif-aggregation-function'), compile: takeAny(true) });

// ---------------------------------------------------------------- lists, sets, bags

/** The documented maximum (and default) maxSize of make_list, make_set and make_bag. */
const MAX_SIZE = 1_048_576;
/** The legacy names (makelist, makeset, make_dictionary) default to 128 elements. */
const LEGACY_SIZE = 128;

function maxSize(site: CallSite, i: number, legacy: boolean): number {
  const n = constantNumber(site, i, 'maxSize', legacy ? LEGACY_SIZE : MAX_SIZE);
  // The pages give the range but not what Kusto does outside it (an error or a clamp): refused.
  if (n < 1 || n > MAX_SIZE) throw unsupported(`${site.name}() with a maxSize outside 1..${MAX_SIZE}`, site.node);
  return Math.floor(n);
}

// make_list(), make_list_if(), makelist(): https://learn.microsoft.com/kusto/query/make-list-aggregation-function,
// .../make-list-if-aggregation-function. Values in the input's order (the order Kusto keeps when the input is
// sorted); null values are skipped. When maxSize is reached the first values are kept.
// make_list_with_nulls(): https://learn.microsoft.com/kusto/query/make-list-with-nulls-aggregation-function
function makeList(opts: {
  pred?: number;
  size?: number;
  legacy?: boolean;
  nulls?: boolean;
}): AggregateFunction['compile'] {
  return site => {
    const x = site.args[0]!.eval;
    const type = site.args[0]!.type;
    const p = predicate(site, opts.pred);
    const limit = opts.size === undefined ? MAX_SIZE : maxSize(site, opts.size, !!opts.legacy);
    return () => {
      const out: Dyn[] = [];
      return {
        add: r => {
          if (out.length >= limit || p(r) !== true) return;
          const v = x(r);
          if (isNull(v) && !opts.nulls) return;
          out.push(toDyn(v, type));
        },
        result: () => out.slice(),
      };
    };
  };
}
defineAggregate('make_list', { doc: doc('make-list-aggregation-function'), compile: makeList({ size: 1 }) });
defineAggregate('makelist', {
  doc: doc('make-list-aggregation-function'),
  compile: makeList({ size: 1, legacy: true }),
});
defineAggregate('make_list_if', {
  doc: doc('make-list-if-aggregation-function'),
  compile: makeList({ pred: 1, size: 2 }),
});
defineAggregate('make_list_with_nulls', {
  doc: doc('make-list-with-nulls-aggregation-function'),
  compile: makeList({ nulls: true }),
});

// make_set(), make_set_if(), makeset(): https://learn.microsoft.com/kusto/query/make-set-aggregation-function,
// .../make-set-if-aggregation-function. The distinct values, in the order first met (Kusto leaves the order
// undefined); an array value adds its elements, as the page's "Set from array column" example shows.
function makeSet(opts: { pred?: number; size: number; legacy?: boolean }): AggregateFunction['compile'] {
  return site => {
    const x = site.args[0]!.eval;
    const type = site.args[0]!.type;
    const p = predicate(site, opts.pred);
    const limit = maxSize(site, opts.size, !!opts.legacy);
    return () => {
      const seen = new Set<string>();
      const out: Dyn[] = [];
      const put = (d: Dyn) => {
        if (d === null || out.length >= limit) return;
        const k = keyOf(d);
        if (seen.has(k)) return;
        seen.add(k);
        out.push(d);
      };
      return {
        add: r => {
          if (out.length >= limit || p(r) !== true) return;
          const v = x(r);
          if (isNull(v)) return;
          if (type === 'dynamic' && Array.isArray(v)) for (const e of v) put(e);
          else put(toDyn(v, type));
        },
        result: () => out.slice(),
      };
    };
  };
}
defineAggregate('make_set', { doc: doc('make-set-aggregation-function'), compile: makeSet({ size: 1 }) });
defineAggregate('makeset', { doc: doc('make-set-aggregation-function'), compile: makeSet({ size: 1, legacy: true }) });
defineAggregate('make_set_if', {
  doc: doc('make-set-if-aggregation-function'),
  compile: makeSet({ pred: 1, size: 2 }),
});

// make_bag(), make_bag_if(), make_dictionary(): https://learn.microsoft.com/kusto/query/make-bag-aggregation-function,
// .../make-bag-if-aggregation-function. Merges the property bags of the group; other values are skipped. Kusto keeps
// an arbitrary one of the values of a repeated key: the first met is kept. maxSize bounds the number of keys.
function makeBag(opts: { pred?: number; size: number; legacy?: boolean }): AggregateFunction['compile'] {
  return site => {
    const x = site.args[0]!.eval;
    const p = predicate(site, opts.pred);
    const limit = maxSize(site, opts.size, !!opts.legacy);
    return () => {
      const bag = newBag();
      let n = 0;
      return {
        add: r => {
          if (p(r) !== true) return;
          const v = x(r);
          if (!isBag(v)) return;
          for (const [k, e] of Object.entries(v)) {
            if (n >= limit) return;
            if (Object.hasOwn(bag, k)) continue;
            bag[k] = e;
            n++;
          }
        },
        result: () => Object.assign(newBag(), bag),
      };
    };
  };
}
defineAggregate('make_bag', { doc: doc('make-bag-aggregation-function'), compile: makeBag({ size: 1 }) });
defineAggregate('make_dictionary', {
  doc: doc('make-bag-aggregation-function'),
  compile: makeBag({ size: 1, legacy: true }),
});
defineAggregate('make_bag_if', {
  doc: doc('make-bag-if-aggregation-function'),
  compile: makeBag({ pred: 1, size: 2 }),
});

// ---------------------------------------------------------------- percentiles

// percentile(), percentiles(): https://learn.microsoft.com/kusto/query/percentiles-aggregation-function. Kusto
// estimates with a T-Digest, and the page says the estimate can differ from the population's nearest-rank value with
// "no reliable conditions" for when it is exact. Only what the page guarantees is computed: percentile 0 is the exact
// minimum and 100 the exact maximum; and when every value of the group is the same, every estimate is that value.
// Anything else is refused rather than approximated differently from Kusto.
function percentiles(site: CallSite): () => Accumulator {
  const x = site.args[0]!.eval;
  const type = site.args[0]!.type;
  if (!isNumericType(type) && type !== 'datetime' && type !== 'timespan')
    throw unsupported(`${site.name}() of a ${type} value`, site.node);
  const ps = site.args.slice(1).map((_, i) => constantNumber(site, i + 1, 'percentile'));
  for (const p of ps)
    if (p < 0 || p > 100) throw unsupported(`${site.name}() at percentile ${p}, outside 0..100`, site.node);
  const width = site.columns?.length ?? 1;
  if (ps.length !== width) throw unsupported(`"${site.name}()" with these arguments`, site.node);
  return () => {
    let min: Value = null;
    let max: Value = null;
    const values = (): Value[] =>
      ps.map(p => {
        if (min === null || max === null) return null;
        if (p === 0) return min;
        if (p === 100) return max;
        if (compareValues(min, max) === 0) return min;
        throw unsupported(
          `${site.name}() at percentile ${p} of differing values (Kusto's T-Digest estimate is only exact at 0 and 100)`,
          site.node,
        );
      });
    return {
      add: r => {
        const v = x(r);
        if (isNull(v) || (typeof v === 'number' && Number.isNaN(v))) return;
        if (min === null || compareValues(v, min) < 0) min = v;
        if (max === null || compareValues(v, max) > 0) max = v;
      },
      result: () => values()[0]!,
      results: values,
    };
  };
}
defineAggregate('percentile', { doc: doc('percentiles-aggregation-function'), compile: percentiles });
defineAggregate('percentiles', { doc: doc('percentiles-aggregation-function'), compile: percentiles });

// ---------------------------------------------------------------- variance, standard deviation

// variance(), varianceif(), variancep(), variancepif(), stdev(), stdevif(), stdevp():
// https://learn.microsoft.com/kusto/query/variance-aggregation-function, .../variancep-aggregation-function,
// .../stdev-aggregation-function, .../stdevp-aggregation-function. Sample forms divide by n - 1 (Bessel's
// correction), population forms by n; an empty group gives 0 (summarize's default table). The sample forms of a
// single value divide by zero, and the pages do not say what Kusto returns then: refused. Computed with Welford's
// update, so the last digits of a real result can differ from Kusto's own summation order.
function spread(opts: { sample: boolean; root: boolean; pred?: number }): AggregateFunction['compile'] {
  return site => {
    const x = site.args[0]!.eval;
    const p = predicate(site, opts.pred);
    if (!isNumericType(site.args[0]!.type))
      throw unsupported(`${site.name}() of a ${site.args[0]!.type} value`, site.node);
    return () => {
      let n = 0;
      let mean = 0;
      let m2 = 0;
      return {
        add: r => {
          if (p(r) !== true) return;
          const v = x(r);
          if (isNull(v)) return;
          n++;
          const d = (v as number) - mean;
          mean += d / n;
          m2 += d * ((v as number) - mean);
        },
        result: () => {
          if (n === 0) return 0;
          if (opts.sample && n === 1)
            throw unsupported(
              `${site.name}() of a single value (its documentation does not say what it returns)`,
              site.node,
            );
          const v = m2 / (opts.sample ? n - 1 : n);
          return opts.root ? Math.sqrt(v) : v;
        },
      };
    };
  };
}
defineAggregate('variance', {
  doc: doc('variance-aggregation-function'),
  compile: spread({ sample: true, root: false }),
});
defineAggregate('varianceif', {
  doc: doc('varianceif-aggregation-function'),
  compile: spread({ sample: true, root: false, pred: 1 }),
});
defineAggregate('variancep', {
  doc: doc('variancep-aggregation-function'),
  compile: spread({ sample: false, root: false }),
});
defineAggregate('variancepif', {
  doc: doc('variancepif-aggregation-function'),
  compile: spread({ sample: false, root: false, pred: 1 }),
});
defineAggregate('stdev', { doc: doc('stdev-aggregation-function'), compile: spread({ sample: true, root: true }) });
defineAggregate('stdevif', {
  doc: doc('stdevif-aggregation-function'),
  compile: spread({ sample: true, root: true, pred: 1 }),
});
defineAggregate('stdevp', { doc: doc('stdevp-aggregation-function'), compile: spread({ sample: false, root: true }) });
