// Counting and extremes: https://learn.microsoft.com/kusto/query/count-aggregation-function and the pages named below.
import { unsupported } from '../errors.js';
import { defineAggregate, type Accumulator, type CallSite } from '../registry.js';
import { text } from '../scalar.js';
import { compareValues, keyOf, type Row, type Value } from '../values.js';

const arg = (site: CallSite, i: number) => site.args[i]!.eval;

// count(): https://learn.microsoft.com/kusto/query/count-aggregation-function. The page documents count() only; the
// parser also takes count(predicate), whose meaning no page gives (all rows, or those where it is true): refused.
defineAggregate('count', {
  doc: 'https://learn.microsoft.com/kusto/query/count-aggregation-function',
  compile: site => {
    if (site.args.length > 0)
      throw unsupported('count() with an argument (use countif() to count where it is true)', site.node);
    return () => {
      let n = 0;
      return { add: () => void n++, result: () => n };
    };
  },
});

// countif(): https://learn.microsoft.com/kusto/query/countif-aggregation-function
defineAggregate('countif', {
  doc: 'https://learn.microsoft.com/kusto/query/countif-aggregation-function',
  compile: site => {
    const p = arg(site, 0);
    return () => {
      let n = 0;
      return { add: (r: Row) => void (p(r) === true && n++), result: () => n };
    };
  },
});

// dcount(), dcountif(): https://learn.microsoft.com/kusto/query/dcount-aggregation-function,
// .../dcountif-aggregation-function. Kusto estimates with HyperLogLog, so its answer can differ from the true count.
// Its "Estimation accuracy" section says the count is exact ("zero error") up to 1,000 distinct values at accuracy 1
// (the default) and 8,000 at accuracy 2; it gives no such bound for accuracy 0, 3 or 4. This engine counts exactly,
// so it answers as Kusto does only within those bounds: a larger count, or another accuracy, is refused rather than
// given as a number Kusto's estimate may not match.
const EXACT_DCOUNT: Record<number, number> = { 1: 1000, 2: 8000 };

function dcount(predicateAt?: number): (site: CallSite) => () => Accumulator {
  return site => {
    const x = arg(site, 0);
    const p = predicateAt === undefined ? undefined : arg(site, predicateAt);
    const accuracyArg = site.args[predicateAt === undefined ? 1 : 2];
    const accuracy = accuracyArg ? accuracyArg.constant?.value : 1;
    const bound = typeof accuracy === 'number' ? EXACT_DCOUNT[accuracy] : undefined;
    if (bound === undefined)
      throw unsupported(
        `${site.name}() with accuracy ${accuracyArg ? text(accuracyArg.node) : ''} (Kusto's documentation gives an exact-count bound only for accuracy 1 and 2)`,
        accuracyArg?.node ?? site.node,
      );
    // Values of one scalar type are distinct exactly when a Set sees them so; dynamic values need a key.
    const plain = site.args[0]!.type !== 'dynamic';
    return (): Accumulator => {
      const seen = new Set<Value>();
      return {
        add: r => {
          if (p && p(r) !== true) return;
          const v = x(r);
          if (v !== null && v !== undefined) seen.add(plain ? v : keyOf(v));
        },
        result: () => {
          if (seen.size > bound)
            throw unsupported(
              `${site.name}() of more than ${bound} distinct values (Kusto's HyperLogLog estimate is exact only up to ${bound} at accuracy ${accuracy === 1 ? 1 : 2})`,
              site.node,
            );
          return seen.size;
        },
      };
    };
  };
}
defineAggregate('dcount', {
  doc: 'https://learn.microsoft.com/kusto/query/dcount-aggregation-function',
  compile: dcount(),
});
defineAggregate('dcountif', {
  doc: 'https://learn.microsoft.com/kusto/query/dcountif-aggregation-function',
  compile: dcount(1),
});

function extreme(sign: 1 | -1, site: CallSite): () => Accumulator {
  const x = arg(site, 0);
  return () => {
    let best: Value = null;
    return {
      add: r => {
        const v = x(r);
        if (v === null || v === undefined) return;
        if (best === null || compareValues(v, best) * sign > 0) best = v;
      },
      result: () => (best === null && site.resultType === 'string' ? '' : best),
    };
  };
}

// max(), min(): https://learn.microsoft.com/kusto/query/max-aggregation-function (nulls are ignored)
defineAggregate('max', {
  doc: 'https://learn.microsoft.com/kusto/query/max-aggregation-function',
  compile: s => extreme(1, s),
});
defineAggregate('min', {
  doc: 'https://learn.microsoft.com/kusto/query/min-aggregation-function',
  compile: s => extreme(-1, s),
});
