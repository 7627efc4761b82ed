// Compiles a bound scalar expression of the Kusto syntax tree into a closure over rows. Types come from the binder
// (every expression's ResultType), so numeric promotion and operator choice are decided once, not per row.
// Operators follow https://learn.microsoft.com/kusto/query/numerical-operators, .../datetime-timespan-arithmetic,
// .../logical-operators, .../datatypes-string-operators and .../null-values.
import { refuseOnRow, type Binding, type RunContext, type Scope } from './context.js';
import { ExecError, unsupported } from './errors.js';
import {
  aggregateFunctions,
  elements,
  kindOf,
  resultTypeOf,
  scalarFunctions,
  type CallSite,
  type Compiled,
  type Expression,
} from './registry.js';
import { asText, compareStrings, stringOperator, textTest } from './string-ops.js';
import { evaluateTabular, isTabular } from './tabular.js';
import { userFunctionBody } from './user-functions.js';
import {
  checkDatetime,
  checkLong,
  compareValues,
  isBag,
  keyOf,
  newBag,
  parseDatetime,
  parseDatetimeLiteral,
  parseGuid,
  parseTimespan,
  scalarType,
  toDyn,
  type Dyn,
  type Row,
  type ScalarType,
  type Value,
} from './values.js';

type SyntaxNode = Kusto.Language.Syntax.SyntaxNode;

/** The scalar type the binder gave an expression; an expression it could not type cannot be run. */
export function typeOf(node: SyntaxNode): ScalarType {
  const t = scalarType(resultTypeOf(node)?.Name);
  if (!t) throw new ExecError(`cannot tell the type of "${text(node)}"`, 'unsupported', node);
  return t;
}

export function text(node: Kusto.Language.Syntax.SyntaxElement): string {
  const s = node.ToString(Kusto.Language.Syntax.IncludeTrivia.Minimal) ?? '';
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const constant = (node: Expression, type: ScalarType, value: Value): Compiled => ({
  eval: () => value,
  type,
  node,
  constant: { value },
});

export function compileScalar(node: Expression, scope: Scope): Compiled {
  try {
    return compile(node, scope);
  } catch (e) {
    if (e instanceof ExecError) throw e.at(node);
    throw e;
  }
}

function compile(node: Expression, scope: Scope): Compiled {
  const kind = kindOf(node);
  switch (kind) {
    case 'ParenthesizedExpression':
      return compileScalar((node as Kusto.Language.Syntax.ParenthesizedExpression).Expression!, scope);
    case 'NameReference':
      return compileName(node as Kusto.Language.Syntax.NameReference, scope);
    case 'FunctionCallExpression':
      return compileCall(node as Kusto.Language.Syntax.FunctionCallExpression, scope);
    case 'PathExpression':
    case 'ElementExpression':
      return compileMember(node, scope);
    case 'ToScalarExpression':
      return compileToScalar(node as Kusto.Language.Syntax.ToScalarExpression, scope);
    case 'DynamicExpression':
      return constant(node, 'dynamic', dynamicLiteral((node as Kusto.Language.Syntax.DynamicExpression).Expression!));
    case 'CompoundStringLiteralExpression':
    case 'StringLiteralExpression':
      return constant(node, 'string', stringLiteral(node));
    case 'TypeOfLiteralExpression':
      // typeof(T) as an argument (extract, extract_json): the type's name; the binder types the call's result.
      return constant(node, 'string', /\(\s*([^)\s]+)\s*\)/.exec(text(node))?.[1] ?? '');
    case 'UnaryMinusExpression':
    case 'UnaryPlusExpression':
      return compileUnary(node as Kusto.Language.Syntax.PrefixUnaryExpression, kind, scope);
    case 'InExpression':
    case 'InCsExpression':
    case 'NotInExpression':
    case 'NotInCsExpression':
    case 'HasAnyExpression':
    case 'HasAllExpression':
      return compileIn(node as Kusto.Language.Syntax.InExpression, scope);
    case 'BetweenExpression':
    case 'NotBetweenExpression':
      return compileBetween(node as Kusto.Language.Syntax.BetweenExpression, kind === 'NotBetweenExpression', scope);
    default:
      if (kind.endsWith('LiteralExpression'))
        return compileLiteral(node as Kusto.Language.Syntax.LiteralExpression, scope);
      if (node instanceof Kusto.Language.Syntax.BinaryExpression) return compileBinary(node, scope);
      throw unsupported(`the expression "${text(node)}" (${kind})`, node);
  }
}

// ---------------------------------------------------------------- literals

function stringLiteral(node: SyntaxNode): string {
  // The parser decodes escapes, verbatim (@"…") and obfuscated (h"…") strings; compound literals concatenate.
  if (kindOf(node) === 'CompoundStringLiteralExpression') {
    const tokens = (node as Kusto.Language.Syntax.CompoundStringLiteralExpression).Tokens;
    let out = '';
    for (let i = 0; i < (tokens?.Count ?? 0); i++) out += String(tokens!.getItem$1(i).ValueText ?? '');
    return out;
  }
  return String((node as Kusto.Language.Syntax.LiteralExpression).LiteralValue ?? '');
}

/** The text inside `type(...)`, or the whole token for forms such as `1d` and `true`. */
function literalBody(node: Kusto.Language.Syntax.LiteralExpression): { body: string; typed: boolean } {
  const t = node.Token?.Text ?? '';
  const m = /^[a-z_]+\s*\(([\s\S]*)\)$/i.exec(t);
  return m ? { body: (m[1] ?? '').trim(), typed: true } : { body: t.trim(), typed: false };
}

/** Literal kinds by type, for literals the binder did not type (a workspace function's parameter defaults). */
const LITERAL_TYPES: Record<string, ScalarType> = {
  BooleanLiteralExpression: 'bool',
  IntLiteralExpression: 'int',
  LongLiteralExpression: 'long',
  RealLiteralExpression: 'real',
  DecimalLiteralExpression: 'decimal',
  StringLiteralExpression: 'string',
  DateTimeLiteralExpression: 'datetime',
  TimespanLiteralExpression: 'timespan',
  GuidLiteralExpression: 'guid',
};

function compileLiteral(node: Kusto.Language.Syntax.LiteralExpression, scope?: Scope): Compiled {
  const type = resultTypeOf(node) ? typeOf(node) : (LITERAL_TYPES[kindOf(node)] ?? typeOf(node));
  const { body } = literalBody(node);
  if (/^null$/i.test(body)) return constant(node, type, type === 'string' ? '' : null);
  const bad = () => new ExecError(`cannot read the ${type} literal "${text(node)}"`, 'runtime', node);
  switch (type) {
    case 'bool':
      if (/^(true|false)$/i.test(body)) return constant(node, type, body.toLowerCase() === 'true');
      throw bad();
    case 'int':
    case 'long': {
      const n = /^0x[0-9a-f]+$/i.test(body) ? parseInt(body, 16) : Number(body);
      if (!Number.isInteger(n)) throw bad();
      return constant(node, type, checkLong(n, `the literal ${body}`));
    }
    case 'real':
    case 'decimal': {
      const special: Record<string, number> = { nan: NaN, '+inf': Infinity, inf: Infinity, '-inf': -Infinity };
      const n = special[body.toLowerCase()] ?? Number(body);
      if (Number.isNaN(n) && body.toLowerCase() !== 'nan') throw bad();
      return constant(node, type, n);
    }
    case 'datetime':
      // `datetime()` is the run's now(): https://learn.microsoft.com/kusto/query/scalar-data-types/datetime
      if (body === '' && scope) return constant(node, type, scope.ctx.now);
      return constant(node, type, parseDatetimeLiteral(body));
    case 'timespan': {
      const t = parseTimespan(/^(['"])(.*)\1$/s.exec(body)?.[2] ?? body);
      if (t === undefined) throw unsupported(`the timespan literal "${text(node)}"`, node);
      return constant(node, type, t);
    }
    case 'guid': {
      const g = parseGuid(body);
      if (g === undefined) throw bad();
      return constant(node, type, g);
    }
    case 'string':
      return constant(node, type, stringLiteral(node));
    default:
      throw unsupported(`the literal "${text(node)}"`, node);
  }
}

/** A dynamic literal's value from its syntax (JSON objects, arrays, scalars; datetime and timespan as text). */
export function dynamicLiteral(node: Expression): Dyn {
  const kind = kindOf(node);
  if (kind === 'JsonObjectExpression') {
    const bag = newBag();
    for (const pair of elements((node as Kusto.Language.Syntax.JsonObjectExpression).Pairs)) {
      const p = pair;
      bag[p.Name?.ValueText ?? ''] = dynamicLiteral(p.Value!);
    }
    return bag;
  }
  if (kind === 'JsonArrayExpression')
    return elements((node as Kusto.Language.Syntax.JsonArrayExpression).Values).map(dynamicLiteral);
  if (kind === 'NullLiteralExpression') return null;
  if (kind === 'UnaryMinusExpression') {
    const inner = dynamicLiteral((node as Kusto.Language.Syntax.PrefixUnaryExpression).Expression!);
    if (typeof inner === 'number') return -inner;
  }
  if (kind === 'NullLiteralExpression') return null;
  if (kind.endsWith('LiteralExpression')) {
    const c = compileLiteral(node as Kusto.Language.Syntax.LiteralExpression);
    return toDyn(c.constant!.value, c.type);
  }
  throw unsupported(`"${text(node)}" inside a dynamic literal`, node);
}

// ---------------------------------------------------------------- names

function compileName(node: Kusto.Language.Syntax.NameReference, scope: Scope): Compiled {
  const name = node.SimpleName ?? '';
  const sym = node.ReferencedSymbol;
  if (sym instanceof Kusto.Language.Symbols.ColumnSymbol) {
    const i = scope.index.get(name);
    if (i === undefined)
      throw new ExecError(`column "${name}" is not in the data this query reads here`, 'runtime', node);
    return { eval: row => row[i] ?? null, type: typeOf(node), node };
  }
  const b: Binding | undefined = scope.env.get(name);
  if (b?.kind === 'scalar') {
    const get = b.get;
    let cached: { v: Value } | undefined;
    return {
      eval: () => (cached ??= { v: get() }).v,
      type: b.type,
      node,
    };
  }
  if (b?.kind === 'rowScalar') return { eval: b.eval, type: b.type, node };
  if (sym instanceof Kusto.Language.Symbols.FunctionSymbol) {
    // A function called without parentheses (`let f = () { 1 }; print f`).
    return compileCall(node as unknown as Kusto.Language.Syntax.FunctionCallExpression, scope);
  }
  throw unsupported(`the name "${name}" here`, node);
}

// ---------------------------------------------------------------- calls

function compileCall(node: Kusto.Language.Syntax.FunctionCallExpression, scope: Scope): Compiled {
  const name = node.Name?.SimpleName ?? (node as unknown as Kusto.Language.Syntax.NameReference).SimpleName ?? '';
  const resultType = typeOf(node);
  const aggregate = scope.aggregates?.get(node);
  if (aggregate) return { eval: aggregate, type: resultType, node };
  const userBody = userFunctionBody(node, scope.env, scope.ctx);
  if (userBody) {
    const { body, env } = userBody;
    if (!body.Expression) throw unsupported(`the function "${name}" without a result`, node);
    try {
      const inner = compileScalar(body.Expression, { ...scope, env: env(scope) });
      const ev = inner.eval;
      return {
        eval: row => {
          try {
            return ev(row);
          } catch (e) {
            if (e instanceof ExecError) throw e.relocate(node, name);
            throw e;
          }
        },
        type: resultType,
        node,
      };
    } catch (e) {
      if (e instanceof ExecError) throw e.relocate(node, name);
      throw e;
    }
  }
  const args = elements(node.ArgumentList?.Expressions).map(a => compileScalar(a, scope));
  const fn = scalarFunctions.get(name);
  if (!fn) {
    if (aggregateFunctions.has(name))
      throw new ExecError(
        `the aggregation ${name}() can only be used in summarize and similar operators`,
        'runtime',
        node,
      );
    throw unsupported(`the function ${name}()`, node);
  }
  const site: CallSite = { name, node, args, resultType, scope };
  const evalFn = fn.compile(site);
  const call: Compiled = { eval: evalFn, type: resultType, node };
  // A call of constants folds once (bin(1h, …) arguments, regexes, datetime(…) arithmetic), except the clock.
  if (
    args.every(a => a.constant) &&
    !fn.volatile &&
    fn !== scalarFunctions.get('rand') &&
    fn !== scalarFunctions.get('new_guid')
  ) {
    const v = evalFn([]);
    return { ...call, eval: () => v, constant: { value: v } };
  }
  return call;
}

function compileToScalar(node: Kusto.Language.Syntax.ToScalarExpression, scope: Scope): Compiled {
  const type = typeOf(node);
  const expr = node.Expression!;
  if (!isTabular(expr)) return compileScalar(expr, scope);
  let cached: { v: Value } | undefined;
  const env = scope.env;
  return {
    eval: () =>
      (cached ??= (() => {
        const t = evaluateTabular(expr, env, scope.ctx);
        const first = t.rows[0];
        return { v: first && first.length ? (first[0] ?? null) : type === 'string' ? '' : null };
      })()).v,
    type,
    node,
  };
}

// ---------------------------------------------------------------- members of dynamic values

function compileMember(node: Expression, scope: Scope): Compiled {
  const S = Kusto.Language.Syntax;
  if (node instanceof S.PathExpression) {
    const left = node.Expression!;
    const selector = (node.Selector as Kusto.Language.Syntax.NameReference | null)?.SimpleName ?? '';
    // `$left.col` / `$right.col` in join conditions.
    const side = left instanceof S.NameReference ? left.SimpleName : undefined;
    if ((side === '$left' || side === '$right') && scope.sides) {
      const i = scope.sides[side === '$left' ? 'left' : 'right'].get(selector);
      if (i === undefined) throw new ExecError(`${side} has no column "${selector}"`, 'runtime', node);
      return { eval: row => row[i] ?? null, type: typeOf(node), node };
    }
    const base = compileScalar(left, scope);
    if (base.type !== 'dynamic') throw memberOfScalar(node, left, base.type);
    const get = base.eval;
    return { eval: row => property(get(row) as Dyn, selector), type: 'dynamic', node };
  }
  const el = node as Kusto.Language.Syntax.ElementExpression;
  const base = compileScalar(el.Expression!, scope);
  const sel = compileScalar((el.Selector as Kusto.Language.Syntax.BracketedExpression).Expression!, scope);
  if (base.type !== 'dynamic') throw memberOfScalar(node, el.Expression!, base.type);
  const getBase = base.eval;
  const getKey = sel.eval;
  return {
    eval: row => {
      const v = getBase(row) as Dyn;
      const k = getKey(row);
      if (typeof k === 'number') return element(v, k);
      if (typeof k === 'string') return property(v, k);
      return null;
    },
    type: 'dynamic',
    node,
  };
}

/**
 * `x.a` where the binder typed x as a scalar. Members are read from dynamic values
 * (https://learn.microsoft.com/kusto/query/scalar-data-types/dynamic); Kusto.Language reports the member as unknown
 * and rulectl lets it through as a doubt, because the type it gives x may not be Kusto's (iff() of a string and a
 * dynamic branch takes the first branch's type; the pages do not say which type Kusto gives).
 */
function memberOfScalar(node: Expression, base: Expression, type: ScalarType): ExecError {
  return new ExecError(
    `the member access "${text(node)}" is not supported by rulectl's KQL engine: "${text(base)}" is typed ${type} ` +
      'here, and members are read from dynamic values only (make it dynamic with todynamic() or parse_json())',
    'unsupported',
    node,
  );
}

/** `x.a` / `x['a']`: a property of a bag; null otherwise. https://learn.microsoft.com/kusto/query/scalar-data-types/dynamic */
export function property(v: Dyn, key: string): Dyn {
  return isBag(v) && Object.hasOwn(v, key) ? (v[key] ?? null) : null;
}

/** `x[i]`, negative indexes from the end. */
export function element(v: Dyn, i: number): Dyn {
  if (!Array.isArray(v) || !Number.isInteger(i)) return null;
  const j = i < 0 ? v.length + i : i;
  return j >= 0 && j < v.length ? (v[j] ?? null) : null;
}

// ---------------------------------------------------------------- operators

function compileUnary(node: Kusto.Language.Syntax.PrefixUnaryExpression, kind: string, scope: Scope): Compiled {
  const inner = compileScalar(node.Expression!, scope);
  const type = typeOf(node);
  if (kind === 'UnaryPlusExpression') return { ...inner, node, type };
  const f = inner.eval;
  // A long has no negative zero: -x of 0 is 0 (0 - x), a real keeps -0.0.
  const negate = (v: Value): Value =>
    typeof v === 'bigint' ? -v : typeof v === 'number' ? (isInteger(type) ? 0 - v : -v) : null;
  if (inner.constant) return constant(node, type, negate(inner.constant.value));
  return {
    eval: row => negate(f(row)),
    type,
    node,
  };
}

const isNumeric = (t: ScalarType) => t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
const isInteger = (t: ScalarType) => t === 'int' || t === 'long';

function compileBinary(node: Kusto.Language.Syntax.BinaryExpression, scope: Scope): Compiled {
  const op = (node.Operator?.Text ?? '').toLowerCase();
  const type = typeOf(node);
  const l = compileScalar(node.Left!, scope);
  const r = compileScalar(node.Right!, scope);
  const a = l.eval;
  const b = r.eval;
  if (op === 'and')
    return {
      eval: row => {
        // Kusto's three-valued logic: false wins over null. https://learn.microsoft.com/kusto/query/logical-operators
        const x = a(row);
        if (x === false) return false;
        const y = b(row);
        if (y === false) return false;
        return x === null || y === null ? null : true;
      },
      type,
      node,
    };
  if (op === 'or')
    return {
      eval: row => {
        const x = a(row);
        if (x === true) return true;
        const y = b(row);
        if (y === true) return true;
        return x === null || y === null ? null : false;
      },
      type,
      node,
    };
  const f = binaryFunction(op, l.type, r.type, type, node, scope.ctx);
  const compiled: Compiled = { eval: row => f(a(row), b(row)), type, node };
  if (l.constant && r.constant) {
    const v = f(l.constant.value, r.constant.value);
    return { ...compiled, eval: () => v, constant: { value: v } };
  }
  return compiled;
}

type Binary = (a: Value, b: Value) => Value;

const SPELLINGS: Record<string, string> = {
  '<>': '!=',
  containscs: 'contains_cs',
  notcontains: '!contains',
  notcontainscs: '!contains_cs',
};

function binaryFunction(
  spelled: string,
  lt: ScalarType,
  rt: ScalarType,
  type: ScalarType,
  node: SyntaxNode,
  ctx: RunContext,
): Binary {
  // Other spellings the parser binds to the same operator: `<>` (NotEqual), the older `containscs`, `notcontains` and
  // `notcontainscs` (ContainsCs, NotContains, NotContainsCs; contains-cs-operator, not-contains-operator).
  const op = SPELLINGS[spelled] ?? spelled;
  const str = stringOperator(op);
  if (str) return str;
  switch (op) {
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return arithmetic(op, lt, rt, type, node);
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return comparison(op, lt, rt, node, ctx);
  }
  throw unsupported(`the operator "${op}"`, node);
}

function arithmetic(op: string, lt: ScalarType, rt: ScalarType, type: ScalarType, node: SyntaxNode): Binary {
  const nul = (a: Value, b: Value) => a === null || b === null;
  if (isNumeric(lt) && isNumeric(rt)) {
    if (isInteger(type)) {
      switch (op) {
        case '+':
          return (a, b) => (nul(a, b) ? null : checkLong((a as number) + (b as number)));
        case '-':
          return (a, b) => (nul(a, b) ? null : checkLong((a as number) - (b as number)));
        case '*':
          // `+ 0`: a long has no negative zero (-1 * 0 is 0).
          return (a, b) => (nul(a, b) ? null : checkLong((a as number) * (b as number)) + 0);
        case '/':
          return (a, b) => {
            if (nul(a, b)) return null;
            if (b === 0) throw new ExecError('integer division by zero', 'unsupported', node);
            return Math.trunc((a as number) / (b as number)) + 0;
          };
        case '%':
          return (a, b) => {
            if (nul(a, b)) return null;
            if (b === 0) throw new ExecError('integer modulo by zero', 'unsupported', node);
            return nonNegativeModulo(a as number, b as number);
          };
      }
    }
    switch (op) {
      case '+':
        return (a, b) => (nul(a, b) ? null : (a as number) + (b as number));
      case '-':
        return (a, b) => (nul(a, b) ? null : (a as number) - (b as number));
      case '*':
        return (a, b) => (nul(a, b) ? null : (a as number) * (b as number));
      case '/':
        return (a, b) => (nul(a, b) ? null : (a as number) / (b as number));
      case '%':
        return (a, b) => (nul(a, b) ? null : nonNegativeModulo(a as number, b as number));
    }
  }
  // datetime and timespan arithmetic: https://learn.microsoft.com/kusto/query/datetime-timespan-arithmetic
  const ticks = (t: ScalarType) => t === 'datetime' || t === 'timespan';
  if (ticks(lt) && ticks(rt)) {
    if (op === '+')
      return (a, b) =>
        nul(a, b)
          ? null
          : type === 'datetime'
            ? checkDatetime((a as bigint) + (b as bigint))
            : (a as bigint) + (b as bigint);
    if (op === '-')
      return (a, b) =>
        nul(a, b)
          ? null
          : type === 'datetime'
            ? checkDatetime((a as bigint) - (b as bigint))
            : (a as bigint) - (b as bigint);
    if (op === '/' && lt === 'timespan' && rt === 'timespan')
      return (a, b) => (nul(a, b) ? null : Number(a) / Number(b));
    if (op === '%' && lt === 'timespan' && rt === 'timespan')
      return (a, b) => {
        if (nul(a, b) || b === 0n) return null;
        const m = (a as bigint) % (b as bigint);
        return m;
      };
  }
  // A timespan times or over a number: whole ticks only; how Kusto rounds a fraction of a tick is not documented.
  const wholeTicks = (x: number): bigint | null => {
    if (!Number.isFinite(x)) return null;
    if (!Number.isInteger(x) || !Number.isSafeInteger(x))
      throw new ExecError(
        `${lt} ${op} ${rt} giving ${x} ticks (not a whole number of 100 ns ticks) is not supported by rulectl's KQL engine`,
        'unsupported',
        node,
      );
    return BigInt(x);
  };
  if (lt === 'timespan' && isNumeric(rt) && (op === '*' || op === '/'))
    return (a, b) => {
      if (nul(a, b)) return null;
      return wholeTicks(op === '*' ? Number(a) * (b as number) : Number(a) / (b as number));
    };
  if (isNumeric(lt) && rt === 'timespan' && op === '*')
    return (a, b) => (nul(a, b) ? null : wholeTicks((a as number) * Number(b)));
  // A dynamic operand of a numeric result (the binder types `d / 2` long and `d * 1.5` real): a dynamic number is read
  // as that type. This engine holds 5 and 5.0 alike, so an integer division that is not exact (where Kusto's long and
  // real readings of the value differ) is refused, as are non-integral values for an integer result and non-numbers.
  if ((lt === 'dynamic' || rt === 'dynamic') && isNumeric(type)) {
    const side = (t: ScalarType) => (t === 'dynamic' ? type : t);
    if (!isNumeric(side(lt)) || !isNumeric(side(rt))) throw unsupported(`${lt} ${op} ${rt}`, node);
    const f = arithmetic(op, side(lt), side(rt), type, node);
    const read = (v: Value): Value => {
      if (v === null || v === undefined) return null;
      if (typeof v === 'number' && (!isInteger(type) || Number.isInteger(v))) return v;
      throw unsupported(`${op} on the dynamic value ${JSON.stringify(v)} as a ${type}`, node);
    };
    const exact = isInteger(type) && (op === '/' || op === '%');
    return (a, b) => {
      const x = lt === 'dynamic' ? read(a) : a;
      const y = rt === 'dynamic' ? read(b) : b;
      if (exact && typeof x === 'number' && typeof y === 'number' && y !== 0 && x % y !== 0)
        throw unsupported(`${x} ${op} ${y} on a dynamic value (Kusto's long and real readings differ)`, node);
      return f(x, y);
    };
  }
  throw unsupported(`${lt} ${op} ${rt}`, node);
}

function nonNegativeModulo(a: number, b: number): number {
  const m = a % b;
  return m < 0 ? m + Math.abs(b) : m;
}

function comparison(op: string, lt: ScalarType, rt: ScalarType, node: SyntaxNode, ctx: RunContext): Binary {
  const sameKind =
    lt === rt ||
    (isNumeric(lt) && isNumeric(rt)) ||
    (lt === 'string' && rt === 'guid') ||
    (lt === 'guid' && rt === 'string');
  if (lt === 'dynamic' || rt === 'dynamic') return dynamicComparison(op, lt, rt, node, ctx);
  // The pages define comparisons between values of one kind; how Kusto compares, say, a string with a long (a number
  // read from text? text of the number?) is not documented, so a row that reaches the comparison is refused, with the
  // way around it. Microsoft's binder accepts `==` and `!=` of any two scalars, so over no rows the query stands.
  if (!sameKind)
    return refuseOnRow(
      ctx,
      unsupported(
        `comparing ${lt} with ${rt} (the Kusto documentation does not say how these types compare: convert one side, ` +
          `with ${convertHint(lt, rt)})`,
        node,
      ),
    );
  const cmp = lt === 'string' ? compareStrings : compareValues;
  // https://learn.microsoft.com/kusto/query/scalar-data-types/null-values: null == x is false and null != x true for
  // a non-null x; with two nulls both are null; the orderings (<, >, …) of a null are null.
  switch (op) {
    case '==':
      return (a, b) => (a === null || b === null ? (a === b ? null : false) : cmp(a, b) === 0);
    case '!=':
      return (a, b) => (a === null || b === null ? (a === b ? null : true) : cmp(a, b) !== 0);
    case '<':
      return (a, b) => (a === null || b === null ? null : cmp(a, b) < 0);
    case '<=':
      return (a, b) => (a === null || b === null ? null : cmp(a, b) <= 0);
    case '>':
      return (a, b) => (a === null || b === null ? null : cmp(a, b) > 0);
    default:
      return (a, b) => (a === null || b === null ? null : cmp(a, b) >= 0);
  }
}

function convertHint(lt: ScalarType, rt: ScalarType): string {
  const to = (t: ScalarType) => (t === 'real' ? 'todouble' : `to${t}`);
  return `${to(rt)}() of the left side or ${to(lt)}() of the right`;
}

/**
 * Comparing with a dynamic value (https://learn.microsoft.com/kusto/query/scalar-data-types/dynamic): the dynamic
 * side is read as the other side's type when it holds that kind of value (a number for numeric types, a string for
 * strings, a boolean for bool, the text of a datetime, timespan or guid). The page does not say what comparing a
 * value of another kind gives (a number with a string, an array or bag with anything), so that is refused at run
 * time, as is comparing two dynamic values other than numbers, strings and booleans of one kind.
 */
function dynamicComparison(op: string, lt: ScalarType, rt: ScalarType, node: SyntaxNode, ctx: RunContext): Binary {
  const mismatch = (v: Value, type: ScalarType) =>
    unsupported(`comparing the dynamic value ${JSON.stringify(v)} with a ${type} value`, node);
  if (lt === 'dynamic' && rt === 'dynamic') {
    const kind = (v: Value) => (Array.isArray(v) || isBag(v) ? 'object' : typeof v);
    const base = comparison(op, 'string', 'string', node, ctx);
    const num = comparison(op, 'real', 'real', node, ctx);
    const bool = comparison(op, 'bool', 'bool', node, ctx);
    return (a, b) => {
      if (a === null || b === null) return num(a, b);
      const k = kind(a);
      if (k !== kind(b) || k === 'object')
        throw unsupported(`comparing the dynamic values ${JSON.stringify(a)} and ${JSON.stringify(b)}`, node);
      return k === 'number' ? num(a, b) : k === 'boolean' ? bool(a, b) : base(a, b);
    };
  }
  const other = lt === 'dynamic' ? rt : lt;
  const read = (v: Value): Value => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string') {
      if (other === 'string') return v;
      const parsed =
        other === 'datetime'
          ? parseDatetime(v)
          : other === 'timespan'
            ? parseTimespan(v)
            : other === 'guid'
              ? parseGuid(v)
              : undefined;
      if (parsed !== undefined) return parsed;
    } else if (typeof v === 'number' && isNumeric(other)) return v;
    else if (typeof v === 'boolean' && other === 'bool') return v;
    throw mismatch(v, other);
  };
  const base = comparison(op, other, other, node, ctx);
  return lt === 'dynamic' ? (a, b) => base(read(a), b) : (a, b) => base(a, read(b));
}

// ---------------------------------------------------------------- in, has_any, between

function compileIn(node: Kusto.Language.Syntax.InExpression, scope: Scope): Compiled {
  const op = (node.Operator?.Text ?? '').toLowerCase().replace(/\s+/g, '');
  const left = compileScalar(node.Left!, scope);
  const list = node.Right as Kusto.Language.Syntax.ExpressionList;
  const items = elements(list.Expressions);
  // Each element is a scalar, a dynamic array (its elements count) or a tabular expression (its first column).
  const parts = items.map(e => {
    if (isTabular(e)) {
      let cached: Value[] | undefined;
      const env = scope.env;
      return {
        many: () => (cached ??= evaluateTabular(e, env, scope.ctx).rows.map(r => r[0] ?? null)),
        type: 'dynamic' as ScalarType,
      };
    }
    const c = compileScalar(e, scope);
    return { one: c.eval, type: c.type, constant: c.constant };
  });
  const allConstant = parts.every(p => 'constant' in p && p.constant);
  const collect = (row: Row): Value[] => {
    const out: Value[] = [];
    for (const p of parts) {
      if ('many' in p && p.many) out.push(...p.many());
      else if ('one' in p && p.one) {
        const v = p.one(row);
        if (p.type === 'dynamic' && Array.isArray(v)) out.push(...(v as Value[]));
        else out.push(p.type === 'dynamic' ? v : v);
      }
    }
    return out;
  };
  const get = left.eval;
  const type = typeOf(node);
  if (op === 'has_any' || op === 'has_all') {
    const has = stringOperator('has')!;
    const all = op === 'has_all';
    return {
      eval: row => {
        const s = get(row);
        const terms = collect(row).map(asText);
        return all ? terms.every(t => has(s, t)) : terms.some(t => has(s, t));
      },
      type,
      node,
    };
  }
  const negate = op.startsWith('!');
  const caseless = op.endsWith('~');
  // `x in (list)` is true when an element == x (https://learn.microsoft.com/kusto/query/scalar-data-types/dynamic).
  // Elements are keyed by kind and value; a datetime or timespan element given as text (from a dynamic array) is read
  // as one. The pages do not say whether a non-string value equals an element of another kind (5 and "5"): when no
  // element of the value's own kind matches but one of another kind is there, the query is refused, not answered.
  const textual = left.type === 'string' || left.type === 'guid';
  const key = (v: Value): string | null => {
    if (v === null || v === undefined) return null;
    // A string left side compares every element as its text, as the string operators do (string-ops.ts).
    if (textual && typeof v !== 'string') v = asText(v);
    if (typeof v === 'string') {
      if (!textual && (left.type === 'datetime' || left.type === 'timespan')) {
        const t = toComparable(v, left.type);
        return t === null ? 'x' : keyOf(t);
      }
      return `s${caseless ? v.toLowerCase() : v}`;
    }
    if (typeof v === 'object') return 'o';
    return keyOf(v);
  };
  const kind = (k: string) => k.charAt(0);
  const lookup = (keys: (string | null)[]) => {
    const set = new Set<string>();
    const kinds = new Set<string>();
    for (const k of keys)
      if (k !== null) {
        set.add(k);
        kinds.add(kind(k));
      }
    return { set, kinds };
  };
  const test = (v: Value, list: { set: Set<string>; kinds: Set<string> }): boolean => {
    const k = key(v);
    if (k === null) return negate;
    if (list.set.has(k) && kind(k) !== 'o' && kind(k) !== 'x') return !negate;
    if ([...list.kinds].some(x => x !== kind(k)) || kind(k) === 'o')
      throw unsupported(`"${text(node)}" with a value and list elements of different kinds`, node);
    return negate;
  };
  // in~ beyond ASCII: each element is compared as =~ compares (refused where the ways to fold case disagree).
  const caselessEq = caseless ? textTest('=~') : undefined;
  const wide = (x: Value) => typeof x === 'string' && /[\u0080-\uffff]/.test(x);
  const inWide = (v: Value, list: Value[]) => list.some(x => caselessEq!(v, x)) !== negate;
  const run = (v: Value, items: Value[], list: ReturnType<typeof lookup>, listWide: boolean) =>
    caselessEq && v !== null && (listWide || wide(v)) ? inWide(v, items) : test(v, list);
  if (allConstant) {
    const items = collect([]);
    const list = lookup(items.map(key));
    const listWide = caseless && items.some(wide);
    return { eval: row => run(get(row), items, list, listWide), type, node };
  }
  // Constants and tabular lists (`in (T | project x)`) do not depend on the row: keyed once, on first use.
  if (parts.every(p => 'many' in p || p.constant)) {
    let cached: { items: Value[]; list: ReturnType<typeof lookup>; listWide: boolean } | undefined;
    return {
      eval: row => {
        if (!cached) {
          const items = collect(row);
          cached = { items, list: lookup(items.map(key)), listWide: caseless && items.some(wide) };
        }
        return run(get(row), cached.items, cached.list, cached.listWide);
      },
      type,
      node,
    };
  }
  return {
    eval: row => {
      const items = collect(row);
      return run(get(row), items, lookup(items.map(key)), caseless && items.some(wide));
    },
    type,
    node,
  };
}

/** A list element read as the left side's type (`x in (1, 2)` with x a long; dynamic elements of arrays). */
function toComparable(v: Value, type: ScalarType): Value {
  if (type === 'datetime' && typeof v === 'string') return parseDatetime(v) ?? null;
  if (type === 'timespan' && typeof v === 'string') return parseTimespan(v) ?? null;
  return v;
}

function compileBetween(node: Kusto.Language.Syntax.BetweenExpression, negate: boolean, scope: Scope): Compiled {
  // https://learn.microsoft.com/kusto/query/between-operator: inclusive at both ends.
  const left = compileScalar(node.Left!, scope);
  const couple = node.Right as Kusto.Language.Syntax.ExpressionCouple;
  const lo = compileScalar(couple.First!, scope);
  const hi = compileScalar(couple.Second!, scope);
  const ge = comparison('>=', left.type, lo.type, node, scope.ctx);
  // `x between (dt .. 1d)`: a timespan upper bound is added to the lower one (the page's "timespan range" example
  // counts the same rows as the two dates).
  const spanEnd = left.type === 'datetime' && lo.type === 'datetime' && hi.type === 'timespan';
  const le = comparison('<=', left.type, spanEnd ? 'datetime' : hi.type, node, scope.ctx);
  const [a, b, c] = [left.eval, lo.eval, hi.eval];
  return {
    eval: row => {
      const v = a(row);
      const from = b(row);
      let to = c(row);
      if (spanEnd) to = from === null || to === null ? null : checkDatetime((from as bigint) + (to as bigint));
      const x = ge(v, from);
      const y = le(v, to);
      if (x === null || y === null) return null;
      return (x === true && y === true) !== negate;
    },
    type: typeOf(node),
    node,
  };
}
