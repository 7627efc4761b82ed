// A first set of scalar functions; each cites the page it follows.
import { ExecError, unsupported } from '../errors.js';
import { defineFunction, simpleFunction, doc } from '../registry.js';
import { checkDatetime, floorDiv, toText, type Value } from '../values.js';

// strcat(): https://learn.microsoft.com/kusto/query/strcat-function (arguments as their text; null is empty)
defineFunction(
  'strcat',
  simpleFunction(doc('strcat-function'), (args, site) => args.map((v, i) => toText(v, site.args[i]!.type)).join('')),
);

// tostring(): https://learn.microsoft.com/kusto/query/tostring-function
defineFunction(
  'tostring',
  simpleFunction(doc('tostring-function'), ([v], site) => toText(v ?? null, site.args[0]!.type)),
);

// iff() / iif(): https://learn.microsoft.com/kusto/query/iff-function (a null condition takes the else branch)
defineFunction(['iff', 'iif'], {
  doc: doc('iff-function'),
  compile(site) {
    const [c, a, b] = site.args.map(x => x.eval) as [
      (r: Value[]) => Value,
      (r: Value[]) => Value,
      (r: Value[]) => Value,
    ];
    return row => (c(row) === true ? a(row) : b(row));
  },
});

// isempty() / isnotempty(): https://learn.microsoft.com/kusto/query/isempty-function. notempty() is isnotempty()'s
// older name (Microsoft's parser declares it as such; the isnotempty-function page has no other spelling).
const empty = (v: Value) => v === null || v === undefined || v === '';
defineFunction(
  'isempty',
  simpleFunction(doc('isempty-function'), ([v]) => empty(v ?? null)),
);
defineFunction(
  ['isnotempty', 'notempty'],
  simpleFunction(doc('isnotempty-function'), ([v]) => !empty(v ?? null)),
);
// isnull() / isnotnull(): https://learn.microsoft.com/kusto/query/isnull-function (a string is never null)
defineFunction(
  'isnull',
  simpleFunction(doc('isnull-function'), ([v]) => v === null || v === undefined),
);
defineFunction(
  'isnotnull',
  simpleFunction(doc('isnotnull-function'), ([v]) => !(v === null || v === undefined)),
);

// now() / ago(): https://learn.microsoft.com/kusto/query/now-function, .../ago-function (one clock per run)
defineFunction(
  'now',
  simpleFunction(doc('now-function'), (args, site) => {
    const offset = args[0];
    return offset === undefined
      ? site.scope.ctx.now
      : offset === null
        ? null
        : checkDatetime(site.scope.ctx.now + (offset as bigint));
  }),
);
defineFunction(
  'ago',
  simpleFunction(doc('ago-function'), ([span], site) =>
    span === null || span === undefined ? null : checkDatetime(site.scope.ctx.now - (span as bigint)),
  ),
);

// bin() / floor(): https://learn.microsoft.com/kusto/query/bin-function (rounds down to a multiple of the size;
// a null or negative size gives null; a zero size, on which the page is silent, is refused)
defineFunction(
  ['bin', 'floor'],
  simpleFunction(doc('bin-function'), ([v, size], site) => {
    if (v === null || v === undefined || size === null || size === undefined) return null;
    if (size === 0 || size === 0n) throw unsupported('bin() with a bin size of 0', site.node);
    if (typeof v === 'bigint') {
      if (typeof size !== 'bigint') throw unsupported('bin() of ticks by a number', site.node);
      if (size < 0n) return null;
      const r = floorDiv(v, size) * size;
      return site.resultType === 'datetime' ? checkDatetime(r) : r;
    }
    const n = v as number;
    const s = Number(size);
    if (!(s > 0)) return null;
    const r = Math.floor(n / s) * s;
    if (site.resultType === 'int' || site.resultType === 'long') {
      if (!Number.isSafeInteger(r)) throw new ExecError('bin() result beyond ±2^53', 'unsupported', site.node);
    }
    return r;
  }),
);

// tolower() / toupper(): https://learn.microsoft.com/kusto/query/tolower-function, .../toupper-function. Beyond
// ASCII, a letter whose case maps to several characters (ß, İ) reads differently under full and simple case mapping,
// and the pages do not say which Kusto applies: refused.
function caseMapped(s: string, upper: boolean): string {
  const full = upper ? s.toUpperCase() : s.toLowerCase();
  if (!/[\u0080-\uffff]/.test(s)) return full;
  let simple = '';
  for (const ch of s) {
    const m = upper ? ch.toUpperCase() : ch.toLowerCase();
    simple += [...m].length === 1 ? m : ch;
  }
  if (simple !== full)
    throw unsupported(`${upper ? 'toupper' : 'tolower'}() of "${s.length > 40 ? `${s.slice(0, 37)}...` : s}"`);
  return full;
}
defineFunction(
  'tolower',
  simpleFunction(doc('tolower-function'), ([s], site) => caseMapped(toText(s ?? null, site.args[0]!.type), false)),
);
defineFunction(
  'toupper',
  simpleFunction(doc('toupper-function'), ([s], site) => caseMapped(toText(s ?? null, site.args[0]!.type), true)),
);
