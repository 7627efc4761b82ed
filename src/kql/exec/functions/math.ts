// Math functions. Each cites its page. Reals are IEEE doubles as in Kusto; a long result beyond ±2^53 is refused
// (see values.ts), and so is a case the page leaves open (a rounding tie, NaN where .NET would throw).
import { ExecError } from '../errors.js';
import { defineFunction, simpleFunction, type CallSite, type ScalarFunction, doc } from '../registry.js';
import { checkLong, compareValues, type Value } from '../values.js';

const isNull = (v: Value | undefined): v is null | undefined => v === null || v === undefined;

function refused(site: CallSite, why: string): ExecError {
  return new ExecError(`${site.name}() ${why} is not supported by rulectl's KQL engine`, 'unsupported', site.node);
}

/** A function of one number: null in, null out; `f` may return null (no result, per its page). */
function unary(page: string, f: (x: number, site: CallSite) => number | null): ScalarFunction {
  return simpleFunction(doc(page), ([v], site) => (isNull(v) ? null : f(Number(v), site)));
}

// abs(): https://learn.microsoft.com/kusto/query/abs-function (numbers and timespans)
defineFunction(
  'abs',
  simpleFunction(doc('abs-function'), ([v]) => {
    if (isNull(v)) return null;
    if (typeof v === 'bigint') return v < 0n ? -v : v;
    return Math.abs(v as number);
  }),
);

// ceiling(): https://learn.microsoft.com/kusto/query/ceiling-function
defineFunction(
  'ceiling',
  unary('ceiling-function', x => Math.ceil(x) || 0),
);

/**
 * round(): https://learn.microsoft.com/kusto/query/round-function. The number is scaled by 10^precision, rounded
 * to the nearest integer and scaled back (round(2.15, 1) is 2.2, round(-50.55, -2) is -100). The page does not say
 * how a tie rounds (to even, or away from zero): a tie where the two differ is refused.
 */
function round(x: number, precision: number, site: CallSite): number {
  if (!Number.isFinite(x)) return x;
  if (!Number.isInteger(precision) || Math.abs(precision) > 15) throw refused(site, `to ${precision} digits`);
  const f = 10 ** Math.abs(precision);
  const scaled = precision >= 0 ? x * f : x / f;
  const floor = Math.floor(scaled);
  let r: number;
  if (scaled - floor === 0.5) {
    const even = floor % 2 === 0 ? floor : floor + 1;
    const away = scaled > 0 ? floor + 1 : floor;
    if (even !== away)
      throw refused(site, `of ${x} to ${precision} digits (a tie; the page does not say how it rounds)`);
    r = even;
  } else r = Math.round(scaled);
  const out = precision >= 0 ? r / f : r * f;
  return out || 0;
}

defineFunction(
  'round',
  simpleFunction(doc('round-function'), ([v, precision], site) => {
    if (isNull(v) || precision === null) return null;
    const r = round(v as number, precision === undefined ? 0 : (precision as number), site);
    return site.resultType === 'long' || site.resultType === 'int' ? checkLong(r, 'round()') : r;
  }),
);

// pow(): https://learn.microsoft.com/kusto/query/pow-function
defineFunction(
  'pow',
  simpleFunction(doc('pow-function'), ([b, e]) => (isNull(b) || isNull(e) ? null : Math.pow(b as number, e as number))),
);

// sqrt(): https://learn.microsoft.com/kusto/query/sqrt-function (null for a negative number)
defineFunction(
  'sqrt',
  unary('sqrt-function', x => (x < 0 ? null : Math.sqrt(x))),
);

// exp(), exp2(), exp10(): https://learn.microsoft.com/kusto/query/exp-function, exp2-function, exp10-function
defineFunction('exp', unary('exp-function', Math.exp));
defineFunction(
  'exp2',
  unary('exp2-function', x => Math.pow(2, x)),
);
defineFunction(
  'exp10',
  unary('exp10-function', x => Math.pow(10, x)),
);

// log(), log2(), log10(): https://learn.microsoft.com/kusto/query/log-function, log2-function, log10-function
// (null for a negative number)
defineFunction(
  'log',
  unary('log-function', x => (x < 0 ? null : Math.log(x))),
);
defineFunction(
  'log2',
  unary('log2-function', x => (x < 0 ? null : Math.log2(x))),
);
defineFunction(
  'log10',
  unary('log10-function', x => (x < 0 ? null : Math.log10(x))),
);

// sign(): https://learn.microsoft.com/kusto/query/sign-function (-1, 0 or 1; NaN, which .NET's Math.Sign rejects,
// is refused)
defineFunction(
  'sign',
  unary('sign-function', (x, site) => {
    if (Number.isNaN(x)) throw refused(site, 'of NaN');
    return Math.sign(x) || 0;
  }),
);

// max_of() / min_of(): https://learn.microsoft.com/kusto/query/max-of-function, min-of-function (non-null values
// take precedence; all null gives null). Strings, dynamic values and NaN are refused: how they order is not said.
for (const [name, page, sign] of [
  ['max_of', 'max-of-function', 1],
  ['min_of', 'min-of-function', -1],
] as const)
  defineFunction(name, {
    doc: doc(page),
    compile(site) {
      const bad = site.args.find(a => a.type === 'string' || a.type === 'dynamic' || a.type === 'guid');
      if (bad) throw refused(site, `of ${bad.type} values`);
      const evals = site.args.map(a => a.eval);
      return row => {
        let best: Value = null;
        for (const e of evals) {
          const v = e(row);
          if (isNull(v)) continue;
          if (typeof v === 'number' && Number.isNaN(v)) throw refused(site, 'with a NaN argument');
          if (best === null || compareValues(v, best) * sign > 0) best = v;
        }
        return best;
      };
    },
  });

// isnan(), isinf(), isfinite(): https://learn.microsoft.com/kusto/query/isnan-function, isinf-function,
// isfinite-function. A null argument is refused: "false otherwise" may or may not cover it.
for (const [name, page, test] of [
  ['isnan', 'isnan-function', Number.isNaN],
  ['isinf', 'isinf-function', (x: number) => x === Infinity || x === -Infinity],
  ['isfinite', 'isfinite-function', Number.isFinite],
] as const)
  defineFunction(
    name,
    simpleFunction(doc(page), ([v], site) => {
      if (isNull(v)) throw refused(site, 'of null');
      return test(Number(v));
    }),
  );

// rand(): https://learn.microsoft.com/kusto/query/rand-function. A random number cannot be reproduced: refused.
defineFunction('rand', {
  doc: doc('rand-function'),
  compile(site) {
    throw refused(site, '(a random number)');
  },
});

// ---------------------------------------------------------------- bitwise functions (64-bit longs)

const big = (v: Value) => BigInt(v as number);
const long = (b: bigint, site: CallSite) => checkLong(Number(b), `${site.name}()`);

// binary_and(), binary_or(), binary_xor(), binary_not(): https://learn.microsoft.com/kusto/query/binary-and-function,
// binary-or-function, binary-xor-function, binary-not-function
for (const [name, op] of [
  ['binary_and', (a: bigint, b: bigint) => a & b],
  ['binary_or', (a: bigint, b: bigint) => a | b],
  ['binary_xor', (a: bigint, b: bigint) => a ^ b],
] as const)
  defineFunction(
    name,
    simpleFunction(doc(`${name.replace('_', '-')}-function`), ([a, b], site) =>
      isNull(a) || isNull(b) ? null : long(op(big(a), big(b)), site),
    ),
  );
defineFunction(
  'binary_not',
  simpleFunction(doc('binary-not-function'), ([a], site) => (isNull(a) ? null : long(~big(a), site))),
);

// binary_shift_left(), binary_shift_right(): https://learn.microsoft.com/kusto/query/binary-shift-left-function,
// binary-shift-right-function. Shifts outside 0-63, and right shifts of negative numbers (arithmetic or logical is
// not said), are refused.
for (const [name, left] of [
  ['binary_shift_left', true],
  ['binary_shift_right', false],
] as const)
  defineFunction(
    name,
    simpleFunction(doc(`${name.replace(/_/g, '-')}-function`), ([a, n], site) => {
      if (isNull(a) || isNull(n)) return null;
      const shift = n as number;
      if (shift < 0 || shift > 63) throw refused(site, `by ${shift} bits`);
      if (!left && (a as number) < 0) throw refused(site, 'of a negative number');
      return long(left ? big(a) << BigInt(shift) : big(a) >> BigInt(shift), site);
    }),
  );

// bitset_count_ones(): https://learn.microsoft.com/kusto/query/bitset-count-ones-function (set bits of the 64-bit
// two's complement)
defineFunction(
  'bitset_count_ones',
  simpleFunction(doc('bitset-count-ones-function'), ([a]) => {
    if (isNull(a)) return null;
    let b = BigInt.asUintN(64, big(a));
    let n = 0;
    for (; b; b &= b - 1n) n++;
    return n;
  }),
);
