// Functions over dynamic values (arrays and property bags). Each cites its page of
// https://learn.microsoft.com/kusto/query/. Where a page does not say what happens to an argument of the wrong kind
// (a null or a string where an array is expected), the call is refused rather than given a guessed answer.
import { ExecError, unsupported } from '../errors.js';
import { defineFunction, simpleFunction, type CallSite, type ScalarFunction, doc } from '../registry.js';
import {
  compareValues,
  isBag,
  keyOf,
  newBag,
  parseDyn,
  toDyn,
  toText,
  type Dyn,
  type DynBag,
  type ScalarType,
  type Value,
} from '../values.js';

/** The array argument at `i`; any other value is refused, naming the function. */
function arrayArg(site: CallSite, v: Value, i: number): Dyn[] {
  if (Array.isArray(v)) return v;
  throw unsupported(
    `${site.name}() of ${v === null || v === undefined ? 'a null value' : 'a value that is not an array'}`,
    site.args[i]?.node ?? site.node,
  );
}

/** A scalar argument as the dynamic value an array element equal to it holds (datetimes as their text). */
const asElement = (v: Value, type: ScalarType): Dyn => toDyn(v, type);

// ---------------------------------------------------------------- parse_json

/** Integers beyond ±2^53 would be rounded by JSON.parse: such text is refused (see values.ts, long). */
function checkNumbers(v: Dyn, site: CallSite): void {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && !Number.isSafeInteger(v))
      throw new ExecError(
        `${site.name}(): a number beyond ±2^53 cannot be held exactly by this engine`,
        'unsupported',
        site.node,
      );
  } else if (Array.isArray(v)) for (const e of v) checkNumbers(e, site);
  else if (isBag(v)) for (const e of Object.values(v)) checkNumbers(e, site);
}

// parse_json() / todynamic() / parsejson() / toobject(): https://learn.microsoft.com/kusto/query/parse-json-function.
// A dynamic argument is returned as it is; a string holding JSON is parsed; any other string becomes a dynamic string
// holding that text, as the page says. Text that starts like a JSON object or array but is not strict JSON is refused:
// Kusto's parser may accept forms (single quotes, trailing commas) that JSON.parse does not.
const parseJson: ScalarFunction = simpleFunction(doc('parse-json-function'), ([v], site) => {
  const type = site.args[0]!.type;
  if (v === null || v === undefined) return null;
  if (type === 'dynamic') return v;
  if (type !== 'string') return toDyn(v, type);
  const text = v as string;
  const parsed = parseDyn(text);
  if (parsed === undefined) {
    if (/^\s*[[{]/.test(text))
      throw new ExecError(
        `${site.name}() of text that looks like JSON but is not strict JSON (Kusto's parser may read it differently)`,
        'unsupported',
        site.node,
      );
    return text;
  }
  checkNumbers(parsed, site);
  return parsed;
});
defineFunction(['parse_json', 'todynamic', 'parsejson', 'toobject'], parseJson);

// ---------------------------------------------------------------- arrays

// array_length() / arraylength(): https://learn.microsoft.com/kusto/query/array-length-function (null if not an array)
defineFunction(
  ['array_length', 'arraylength'],
  simpleFunction(doc('array-length-function'), ([v]) => (Array.isArray(v) ? v.length : null)),
);

// pack_array(): https://learn.microsoft.com/kusto/query/pack-array-function (values as dynamic; datetimes and
// timespans as their text, as the page's second example shows)
defineFunction(
  'pack_array',
  simpleFunction(doc('pack-array-function'), (args, site) => args.map((v, i) => toDyn(v, site.args[i]!.type))),
);

// array_concat(): https://learn.microsoft.com/kusto/query/array-concat-function
defineFunction(
  'array_concat',
  simpleFunction(doc('array-concat-function'), (args, site) => args.flatMap((v, i) => arrayArg(site, v, i))),
);

// array_slice(): https://learn.microsoft.com/kusto/query/array-slice-function. Negative indexes count from the end;
// both ends are inclusive; out-of-range indexes are ignored (clamped).
defineFunction(
  'array_slice',
  simpleFunction(doc('array-slice-function'), ([a, s, e], site) => {
    const arr = arrayArg(site, a ?? null, 0);
    if (s === null || e === null) return null;
    const n = arr.length;
    let from = s as number;
    let to = e as number;
    if (from < 0) from += n;
    if (to < 0) to += n;
    from = Math.max(0, from);
    to = Math.min(n - 1, to);
    return from > to ? [] : arr.slice(from, to + 1);
  }),
);

// array_reverse(): https://learn.microsoft.com/kusto/query/array-reverse-function
defineFunction(
  'array_reverse',
  simpleFunction(doc('array-reverse-function'), ([a], site) =>
    arrayArg(site, a ?? null, 0)
      .slice()
      .reverse(),
  ),
);

// array_sum(): https://learn.microsoft.com/kusto/query/array-sum-function (a real; null when an element is not a
// number). The page does not give the sum of an empty array: refused.
defineFunction(
  'array_sum',
  simpleFunction(doc('array-sum-function'), ([a], site) => {
    const arr = arrayArg(site, a ?? null, 0);
    if (arr.length === 0) throw unsupported('array_sum() of an empty array', site.node);
    let s = 0;
    for (const e of arr) {
      if (typeof e !== 'number') return null;
      s += e;
    }
    return s;
  }),
);

// strcat_array(): https://learn.microsoft.com/kusto/query/strcat-array-function (elements as their text, joined).
// array_strcat() is the same function under its older name: Microsoft's parser declares both with one signature.
defineFunction(
  ['strcat_array', 'array_strcat'],
  simpleFunction(doc('strcat-array-function'), ([a, d], site) =>
    arrayArg(site, a ?? null, 0)
      .map(e => toText(e, 'dynamic'))
      .join((d as string | undefined) ?? ''),
  ),
);

// zip(): https://learn.microsoft.com/kusto/query/zip-function. As long as the longest array; a shorter array gives
// null where it has no element (the page's second example).
defineFunction(
  'zip',
  simpleFunction(doc('zip-function'), (args, site) => {
    const arrays = args.map((v, i) => arrayArg(site, v, i));
    const n = Math.max(0, ...arrays.map(a => a.length));
    return Array.from({ length: n }, (_, i) => arrays.map(a => (i < a.length ? (a[i] ?? null) : null)));
  }),
);

// array_index_of(): https://learn.microsoft.com/kusto/query/array-index-of-function. The position of the occurrence'th
// match within `length` elements from `start` (negative: from the end), -1 when none; null when occurrence < 0 or
// length < -1. A start before the array's beginning and an occurrence of 0 are not described: refused.
defineFunction('array_index_of', {
  doc: doc('array-index-of-function'),
  compile(site) {
    const valueType = site.args[1]!.type;
    if (valueType === 'dynamic')
      throw unsupported('array_index_of() of a dynamic value to look up', site.args[1]!.node);
    const evals = site.args.map(a => a.eval);
    return row => {
      const arr = arrayArg(site, evals[0]!(row), 0);
      const v = evals[1]!(row);
      const start = evals[2] ? evals[2](row) : 0;
      const length = evals[3] ? evals[3](row) : -1;
      const occurrence = evals[4] ? evals[4](row) : 1;
      if (start === null || length === null || occurrence === null) return null;
      if ((occurrence as number) < 0 || (length as number) < -1) return null;
      if (occurrence === 0) throw unsupported('array_index_of() with occurrence 0', site.node);
      let from = start as number;
      if (from < 0) from += arr.length;
      if (from < 0) throw unsupported('array_index_of() with a start before the array', site.node);
      const end = length === -1 ? arr.length : Math.min(arr.length, from + (length as number));
      if (v === null || v === undefined) return -1;
      const key = keyOf(asElement(v, valueType));
      let seen = 0;
      for (let i = from; i < end; i++) if (keyOf(arr[i] ?? null) === key && ++seen === occurrence) return i;
      return -1;
    };
  },
});

// array_sort_asc(), array_sort_desc(): https://learn.microsoft.com/kusto/query/array-sort-asc-function,
// .../array-sort-desc-function. One array (several arrays give several columns, which extend does not take here).
// Nulls last unless the last argument is false. Numbers sort before strings, as the page orders types; arrays that
// hold booleans, arrays or bags ("all other elements", whose mutual order the page leaves open) are refused.
function sortArray(desc: boolean): ScalarFunction {
  return {
    doc: doc(desc ? 'array-sort-desc-function' : 'array-sort-asc-function'),
    compile(site) {
      const last = site.args[site.args.length - 1]!;
      const hasFlag = site.args.length > 1 && last.type === 'bool';
      if (site.args.length - (hasFlag ? 1 : 0) !== 1) throw unsupported(`${site.name}() of several arrays`, site.node);
      const arr = site.args[0]!.eval;
      const flag = hasFlag ? last.eval : () => true;
      const rank = (e: Dyn) => (typeof e === 'number' ? 0 : 1);
      return row => {
        const a = arrayArg(site, arr(row), 0);
        const nullsLast = flag(row) !== false;
        const values: Dyn[] = [];
        let nulls = 0;
        for (const e of a) {
          if (e === null) nulls++;
          else if (typeof e === 'number' || typeof e === 'string') values.push(e);
          else
            throw unsupported(
              `${site.name}() of an array holding ${typeof e === 'boolean' ? 'booleans' : 'arrays or bags'}`,
              site.node,
            );
        }
        values.sort((x, y) => rank(x) - rank(y) || compareValues(x, y));
        if (desc) values.reverse();
        const n: Dyn[] = new Array<Dyn>(nulls).fill(null);
        return nullsLast ? [...values, ...n] : [...n, ...values];
      };
    },
  };
}
defineFunction('array_sort_asc', sortArray(false));
defineFunction('array_sort_desc', sortArray(true));

// ---------------------------------------------------------------- sets

/** Distinct elements in the order first met. */
function distinct(values: Iterable<Dyn>, keep: (key: string) => boolean = () => true): Dyn[] {
  const seen = new Set<string>();
  const out: Dyn[] = [];
  for (const v of values) {
    const k = keyOf(v);
    if (seen.has(k) || !keep(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

const keys = (a: Dyn[]) => new Set(a.map(keyOf));

// set_union(): https://learn.microsoft.com/kusto/query/set-union-function
defineFunction(
  'set_union',
  simpleFunction(doc('set-union-function'), (args, site) => distinct(args.flatMap((v, i) => arrayArg(site, v, i)))),
);

// set_intersect(): https://learn.microsoft.com/kusto/query/set-intersect-function
defineFunction(
  'set_intersect',
  simpleFunction(doc('set-intersect-function'), (args, site) => {
    const [first, ...rest] = args.map((v, i) => arrayArg(site, v, i));
    const others = rest.map(keys);
    return distinct(first ?? [], k => others.every(s => s.has(k)));
  }),
);

// set_difference(): https://learn.microsoft.com/kusto/query/set-difference-function
defineFunction(
  'set_difference',
  simpleFunction(doc('set-difference-function'), (args, site) => {
    const [first, ...rest] = args.map((v, i) => arrayArg(site, v, i));
    const others = rest.map(keys);
    return distinct(first ?? [], k => !others.some(s => s.has(k)));
  }),
);

// set_has_element(): https://learn.microsoft.com/kusto/query/set-has-element-function
defineFunction('set_has_element', {
  doc: doc('set-has-element-function'),
  compile(site) {
    const type = site.args[1]!.type;
    if (type === 'dynamic') throw unsupported('set_has_element() of a dynamic value to look up', site.args[1]!.node);
    const [a, b] = [site.args[0]!.eval, site.args[1]!.eval];
    return row => {
      const arr = arrayArg(site, a(row), 0);
      const v = b(row);
      if (v === null || v === undefined) return false;
      const key = keyOf(asElement(v, type));
      return arr.some(e => keyOf(e) === key);
    };
  },
});

// ---------------------------------------------------------------- property bags

// bag_pack() / pack() / pack_dictionary(): https://learn.microsoft.com/kusto/query/pack-function (alternating keys
// and values; values as dynamic). A key given twice is not described by the page: refused.
defineFunction(['bag_pack', 'pack', 'pack_dictionary'], {
  doc: doc('pack-function'),
  compile(site) {
    if (site.args.length % 2 !== 0)
      throw new ExecError(`${site.name}() needs an even number of arguments (keys and values)`, 'runtime', site.node);
    for (let i = 0; i < site.args.length; i += 2)
      if (site.args[i]!.type !== 'string')
        throw unsupported(`${site.name}() with a key that is not a string`, site.args[i]!.node);
    const evals = site.args.map(a => a.eval);
    const types = site.args.map(a => a.type);
    return row => {
      const bag = newBag();
      for (let i = 0; i < evals.length; i += 2) {
        const k = evals[i]!(row) as string;
        if (Object.hasOwn(bag, k)) throw unsupported(`${site.name}() with the key "${k}" given twice`, site.node);
        bag[k] = toDyn(evals[i + 1]!(row), types[i + 1]!);
      }
      return bag;
    };
  },
});

// pack_all(): https://learn.microsoft.com/kusto/query/pack-all-function. Every column of the row; with true, null and
// empty-string values are left out. Whether an empty array or bag counts as empty is not said: refused.
defineFunction('pack_all', {
  doc: doc('pack-all-function'),
  volatile: true,
  compile(site) {
    const columns = site.scope.columns;
    const ignore = site.args[0]?.eval ?? (() => false);
    return row => {
      const skipEmpty = ignore(row) === true;
      const bag = newBag();
      columns.forEach((c, i) => {
        const v = row[i] ?? null;
        if (skipEmpty) {
          if (v === null || v === '') return;
          if ((Array.isArray(v) && v.length === 0) || (isBag(v) && Object.keys(v).length === 0))
            throw unsupported('pack_all(true) of an empty array or bag', site.node);
        }
        bag[c.name] = toDyn(v, c.type);
      });
      return bag;
    };
  },
});

// bag_keys(): https://learn.microsoft.com/kusto/query/bag-keys-function (null when not a bag)
defineFunction(
  'bag_keys',
  simpleFunction(doc('bag-keys-function'), ([v]) => (isBag(v) ? Object.keys(v) : null)),
);

// bag_merge(): https://learn.microsoft.com/kusto/query/bag-merge-function. For a key in several bags Kusto picks one
// of the values; the page's example shows the first bag's, which is kept here.
defineFunction(
  'bag_merge',
  simpleFunction(doc('bag-merge-function'), (args, site) => {
    const out = newBag();
    args.forEach((v, i) => {
      if (!isBag(v)) throw unsupported(`bag_merge() of a value that is not a property bag`, site.args[i]?.node);
      for (const [k, e] of Object.entries(v)) if (!Object.hasOwn(out, k)) out[k] = e;
    });
    return out;
  }),
);

/**
 * A key of bag_has_key/bag_remove_keys: a top-level key, or a JSONPath (`$.a.b`, `$['a']`) of nested keys. Array
 * indexes are not supported by those functions (their pages say so); other JSONPath forms are refused.
 */
function keyPath(key: string, site: CallSite): string[] {
  if (!key.startsWith('$')) return [key];
  const path: string[] = [];
  const re = /\.([A-Za-z_][\w]*)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < key.length) {
    const at = re.lastIndex;
    const m = re.exec(key);
    if (!m || m.index !== at) throw unsupported(`${site.name}() with the JSONPath "${key}"`, site.node);
    path.push(m[1] ?? m[2] ?? m[3] ?? '');
  }
  if (path.length === 0) throw unsupported(`${site.name}() with the JSONPath "${key}"`, site.node);
  return path;
}

// bag_has_key(): https://learn.microsoft.com/kusto/query/bag-has-key-function (a key or a JSONPath of nested keys)
defineFunction(
  'bag_has_key',
  simpleFunction(doc('bag-has-key-function'), ([b, k], site) => {
    if (!isBag(b)) throw unsupported('bag_has_key() of a value that is not a property bag', site.args[0]!.node);
    let cur: Dyn = b;
    for (const p of keyPath(k as string, site)) {
      if (!isBag(cur) || !Object.hasOwn(cur, p)) return false;
      cur = cur[p] ?? null;
    }
    return true;
  }),
);

/** A copy of `bag` without the value at `path` (bags on the way are copied, the rest shared). */
function without(bag: DynBag, path: string[]): DynBag {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(bag, head)) return bag;
  const out = Object.assign(newBag(), bag);
  if (rest.length === 0) delete out[head];
  else {
    const inner = bag[head] ?? null;
    if (isBag(inner)) out[head] = without(inner, rest);
  }
  return out;
}

// bag_remove_keys(): https://learn.microsoft.com/kusto/query/bag-remove-keys-function (keys or JSONPaths)
defineFunction(
  'bag_remove_keys',
  simpleFunction(doc('bag-remove-keys-function'), ([b, ks], site) => {
    if (!isBag(b)) throw unsupported('bag_remove_keys() of a value that is not a property bag', site.args[0]!.node);
    let out: DynBag = b;
    for (const k of arrayArg(site, ks ?? null, 1)) {
      if (typeof k !== 'string') throw unsupported('bag_remove_keys() with a key that is not a string', site.node);
      out = without(out, keyPath(k, site));
    }
    return out === b ? Object.assign(newBag(), b) : out;
  }),
);
