// Counting and extremes: https://learn.microsoft.com/kusto/query/count-aggregation-function and the pages named below.
import { defineAggregate, type Accumulator, type CallSite } from '../registry.js';
import { compareValues, keyOf, type Row, type Value } from '../values.js';

const arg = (site: CallSite, i: number) => site.args[i]!.eval;

// count(): https://learn.microsoft.com/kusto/query/count-aggregation-function
defineAggregate('count', {
  doc: 'https://learn.microsoft.com/kusto/query/count-aggregation-function',
  compile: () => () => {
    let n = 0;
    return { add: () => void n++, result: () => n };
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

// dcount(): https://learn.microsoft.com/kusto/query/dcount-aggregation-function. Kusto estimates with HyperLogLog;
// this engine counts exactly, which is what Kusto's estimate gives for the small sets that rule tests hold (README).
defineAggregate('dcount', {
  doc: 'https://learn.microsoft.com/kusto/query/dcount-aggregation-function',
  compile: site => {
    const x = arg(site, 0);
    return (): Accumulator => {
      const seen = new Set<string>();
      return {
        add: r => {
          const v = x(r);
          if (v !== null && v !== undefined) seen.add(keyOf(v));
        },
        result: () => seen.size,
      };
    };
  },
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
