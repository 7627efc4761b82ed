// Conversions and conditionals. Each cites its page. The pages say what a successful conversion gives and that a
// failed one is null; where Kusto may read a value that the pages do not describe (text such as " 12", "1e3" or
// "0x1F" for toint, a datetime for tolong), the conversion is refused rather than guessed.
import { ExecError } from '../errors.js';
import { defineFunction, simpleFunction, type CallSite, type ScalarFunction, doc } from '../registry.js';
import { isBag, parseGuid, type Dyn, type ScalarType, type Value } from '../values.js';

const isNull = (v: Value | undefined): v is null | undefined => v === null || v === undefined;

function refused(site: CallSite, why: string): ExecError {
  return new ExecError(`${site.name}() ${why} is not supported by rulectl's KQL engine`, 'unsupported', site.node);
}

const show = (v: Value) => (typeof v === 'number' ? String(v) : JSON.stringify(v));

// ---------------------------------------------------------------- numbers

const INTEGER_TEXT = /^-?\d+$/;
const REAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The number a value stands for, before the target type's own rules: null when there is none, a refusal when the
 * pages do not say. `integerText` restricts text to plain integers (toint, tolong).
 */
function numberOf(v: Value, type: ScalarType, site: CallSite, integerText: boolean): number | null {
  if (isNull(v)) return null;
  switch (type) {
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      return v as number;
    case 'bool':
      return v ? 1 : 0;
    case 'string':
      return numberOfText(v as string, site, integerText);
    case 'dynamic': {
      const d = v as Dyn;
      if (typeof d === 'number') return d;
      if (typeof d === 'boolean') return d ? 1 : 0;
      if (typeof d === 'string') return numberOfText(d, site, integerText);
      return null;
    }
    default:
      throw refused(site, `of a ${type} value`);
  }
}

function numberOfText(s: string, site: CallSite, integerText: boolean): number | null {
  if (integerText ? INTEGER_TEXT.test(s) : REAL_TEXT.test(s)) return Number(s);
  // Text without a digit is no number at all; other text with digits may be read by Kusto in ways not documented.
  if (!/\d/.test(s) && !/^\s*[+-]?(nan|inf|infinity)\s*$/i.test(s)) return null;
  throw refused(site, `of the text ${show(s)}`);
}

/** toint()/tolong(): the integer part; a value outside the type's range is refused (wrap or null is not said). */
function toInteger(bits: 32 | 64): ScalarFunction['compile'] {
  const [lo, hi] = bits === 32 ? [-2147483648, 2147483647] : [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  return site => {
    const { eval: get, type } = site.args[0]!;
    return row => {
      const n = numberOf(get(row), type, site, true);
      if (n === null) return null;
      if (!Number.isFinite(n)) throw refused(site, `of ${String(n)}`);
      const t = Math.trunc(n);
      if (t < lo || t > hi) throw refused(site, `of ${String(n)} (outside the range this engine holds exactly)`);
      return t === 0 ? 0 : t;
    };
  };
}

// toint(): https://learn.microsoft.com/kusto/query/toint-function (a fraction is truncated: toint(2.3) is 2)
defineFunction('toint', { doc: doc('toint-function'), compile: toInteger(32) });
// tolong(): https://learn.microsoft.com/kusto/query/tolong-function
defineFunction('tolong', { doc: doc('tolong-function'), compile: toInteger(64) });

// todouble() / toreal(): https://learn.microsoft.com/kusto/query/todouble-function
defineFunction(['todouble', 'toreal'], {
  doc: doc('todouble-function'),
  compile(site) {
    const { eval: get, type } = site.args[0]!;
    return row => numberOf(get(row), type, site, false);
  },
});

// todecimal(): https://learn.microsoft.com/kusto/query/todecimal-function. Decimals are held as doubles here, so
// a value needing more than 15 significant digits (which a decimal keeps and a double does not) is refused.
defineFunction('todecimal', {
  doc: doc('todecimal-function'),
  compile(site) {
    const { eval: get, type } = site.args[0]!;
    return row => {
      const v = get(row);
      const n = numberOf(v, type, site, false);
      if (n === null) return null;
      const text = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
      const significant = text
        .replace(/[eE].*$/, '')
        .replace(/[^\d]/g, '')
        .replace(/^0+/, '').length;
      if (!Number.isFinite(n) || significant > 15 || Number(n.toPrecision(15)) !== n)
        throw refused(site, `of ${show(v)} (beyond a double's precision)`);
      return n;
    };
  },
});

// tobool() / toboolean(): https://learn.microsoft.com/kusto/query/tobool-function ("true"/"false"; a number is
// true unless 0). Other text with digits or padding is refused.
defineFunction(['tobool', 'toboolean'], {
  doc: doc('tobool-function'),
  compile(site) {
    const { eval: get, type } = site.args[0]!;
    const ofText = (s: string): boolean | null => {
      if (/^(true|false)$/i.test(s)) return s.toLowerCase() === 'true';
      if (/\d/.test(s) || /^\s*(true|false)\s*$/i.test(s)) throw refused(site, `of the text ${show(s)}`);
      return null;
    };
    const ofNumber = (n: number): boolean => {
      if (Number.isNaN(n)) throw refused(site, 'of NaN');
      return n !== 0;
    };
    return row => {
      const v = get(row);
      if (isNull(v)) return null;
      switch (type) {
        case 'bool':
          return v;
        case 'int':
        case 'long':
        case 'real':
        case 'decimal':
          return ofNumber(v as number);
        case 'string':
          return ofText(v as string);
        case 'dynamic':
          if (typeof v === 'boolean') return v;
          if (typeof v === 'number') return ofNumber(v);
          if (typeof v === 'string') return ofText(v);
          return null;
        default:
          throw refused(site, `of a ${type} value`);
      }
    };
  },
});

// ---------------------------------------------------------------- guid, hex

const GUID_FORMS = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/,
  /^[0-9a-f]{32}/,
  // The page's own example: 0123456789ab-cdef-0123-456789abcdef
  /^[0-9a-f]{12}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/,
];

// toguid(): https://learn.microsoft.com/kusto/query/toguid-function: the first 32 characters in 0-9 and a-f,
// hyphens aside, make the guid; the rest of the text is ignored. Hyphens elsewhere than the page shows, and A-F
// (outside the page's a-f), are refused.
defineFunction('toguid', {
  doc: doc('toguid-function'),
  compile(site) {
    const { eval: get, type } = site.args[0]!;
    if (type === 'guid') return get;
    if (type !== 'string' && type !== 'dynamic') throw refused(site, `of a ${type} value`);
    return row => {
      const v = get(row);
      if (typeof v !== 'string') return null;
      const m = GUID_FORMS.map(f => f.exec(v)).find(Boolean);
      if (m) return parseGuid(m[0].replace(/-/g, '')) ?? null;
      const prefix = /^[0-9a-fA-F-]+/.exec(v)?.[0] ?? '';
      if (/[A-F]/.test(prefix) || prefix.replace(/-/g, '').length >= 32) throw refused(site, `of the text ${show(v)}`);
      return null;
    };
  },
});

// tohex(): https://learn.microsoft.com/kusto/query/tohex-function: lower-case hex, negative ints as 32-bit and
// longs as 64-bit two's complement, zero-padded to minLength (1 to 16; more is 16).
defineFunction(
  'tohex',
  simpleFunction(doc('tohex-function'), ([v, minLength], site) => {
    const type = site.args[0]!.type;
    if (type !== 'int' && type !== 'long') throw refused(site, `of a ${type} value`);
    if (isNull(v) || minLength === null) return '';
    const bits = type === 'int' ? 32n : 64n;
    const hex = BigInt.asUintN(Number(bits), BigInt(v as number)).toString(16);
    if (minLength === undefined) return hex;
    const width = minLength as number;
    if (width < 1) throw refused(site, `with a minimum length of ${width}`);
    return hex.padStart(Math.min(width, 16), '0');
  }),
);

// ---------------------------------------------------------------- gettype

const LOOKS_TYPED = /^\d{4}-\d{2}-\d{2}T|^-?(\d+\.)?\d{2}:\d{2}:\d{2}|^[0-9a-f]{8}-[0-9a-f]{4}-/i;

// gettype(): https://learn.microsoft.com/kusto/query/gettype-function. A dynamic value's runtime type is refused
// where this engine cannot tell it: whole numbers (int, long or a real such as 1.0), and text that may have been a
// datetime, timespan or guid. The runtime type of a null non-dynamic value is not given by the page either.
defineFunction(
  'gettype',
  simpleFunction(doc('gettype-function'), ([v], site) => {
    const type = site.args[0]!.type;
    if (type !== 'dynamic') {
      if (isNull(v)) throw refused(site, `of a null ${type}`);
      return type;
    }
    const d = v as Dyn;
    if (d === null) return 'null';
    if (Array.isArray(d)) return 'array';
    if (isBag(d)) return 'dictionary';
    if (typeof d === 'boolean') return 'bool';
    if (typeof d === 'number') {
      if (Number.isInteger(d)) throw refused(site, 'of a whole dynamic number (int, long or real)');
      return 'real';
    }
    if (LOOKS_TYPED.test(d)) throw refused(site, `of the dynamic text ${show(d)}`);
    return 'string';
  }),
);

// ---------------------------------------------------------------- conditionals

// case(): https://learn.microsoft.com/kusto/query/case-function: the value of the first predicate that is true
// (null is not true), else the last argument; only the chosen branch is evaluated.
defineFunction('case', {
  doc: doc('case-function'),
  compile(site) {
    const evals = site.args.map(a => a.eval);
    const otherwise = evals[evals.length - 1]!;
    const pairs: [(typeof evals)[number], (typeof evals)[number]][] = [];
    for (let i = 0; i + 1 < evals.length; i += 2) pairs.push([evals[i]!, evals[i + 1]!]);
    return row => {
      for (const [p, then] of pairs) if (p(row) === true) return then(row);
      return otherwise(row);
    };
  },
});

// coalesce(): https://learn.microsoft.com/kusto/query/coalesce-function: the first argument that is not null (not
// empty, for strings); later arguments are not evaluated.
defineFunction('coalesce', {
  doc: doc('coalesce-function'),
  compile(site) {
    const evals = site.args.map(a => a.eval);
    const empty = site.resultType === 'string' ? '' : null;
    return row => {
      for (const e of evals) {
        const v = e(row);
        if (!isNull(v) && v !== empty) return v;
      }
      return empty;
    };
  },
});

// column_ifexists() / columnifexists(): https://learn.microsoft.com/kusto/query/column-ifexists-function: the column
// when the input has it, else the default. The call is bound to the column's type where the column exists
// (binder.ts), so the column's values are the call's values; a column of another type than the call's (a row scope
// the binder did not see) is refused.
defineFunction(['column_ifexists', 'columnifexists'], {
  doc: doc('column-ifexists-function'),
  volatile: true,
  compile(site) {
    const [name, fallback] = site.args;
    const n = name?.constant?.value;
    if (typeof n !== 'string') throw refused(site, 'with a column name that is not a constant');
    const i = site.scope.index.get(n);
    if (i === undefined) return fallback!.eval;
    const column = site.scope.columns[i]!;
    const same =
      column.type === site.resultType ||
      (['int', 'long'].includes(column.type) && ['int', 'long'].includes(site.resultType));
    if (!same)
      throw refused(
        site,
        `of the ${column.type} column "${n}" where the call's type is ${site.resultType} (types differ)`,
      );
    return row => row[i] ?? null;
  },
});

// not(): https://learn.microsoft.com/kusto/query/not-function; not(null) is null
// (https://learn.microsoft.com/kusto/query/scalar-data-types/null-values).
defineFunction(
  'not',
  simpleFunction(doc('not-function'), ([v]) => (typeof v === 'boolean' ? !v : null)),
);
