// A small evaluator for GitHub Actions expressions (`${{ … }}` and `if:`), enough for the workflows we ship:
// literals, context paths, `!`, comparisons, `&&`/`||`, parentheses and the functions the workflows call.

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
export type Contexts = Record<string, Value>;
/** Job status functions (success(), failure(), …) answered by the simulator. */
export interface Status {
  failed: boolean;
  cancelled: boolean;
}

type Token = { t: 'str' | 'num' | 'id' | 'op'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:('(?:[^']|'')*')|(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_-]*)|(==|!=|<=|>=|&&|\|\||[!<>().,[\]*]))/y;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new Error(`cannot parse expression at "${src.slice(i)}"`);
    i = re.lastIndex;
    if (m[1] !== undefined) out.push({ t: 'str', v: m[1].slice(1, -1).replace(/''/g, "'") });
    else if (m[2] !== undefined) out.push({ t: 'num', v: m[2] });
    else if (m[3] !== undefined) out.push({ t: 'id', v: m[3] });
    else out.push({ t: 'op', v: m[4] ?? '' });
  }
  return out;
}

export const truthy = (v: Value): boolean => !(v === false || v === null || v === 0 || v === '' || Number.isNaN(v));

export function toText(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b) return a === b;
  // Different types compare as numbers (null and '' are both 0), which is why `vars.X != ''` is false when X is unset.
  return Number(a) === Number(b);
}

/** Evaluates one expression (without the `${{ }}`) against the contexts. */
export function evaluate(src: string, contexts: Contexts, status: Status): Value {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (v?: string) => {
    const tok = tokens[pos++];
    if (!tok || (v !== undefined && tok.v !== v)) throw new Error(`expected "${v ?? 'a token'}" in: ${src}`);
    return tok;
  };
  const call = (name: string, args: Value[]): Value => {
    switch (name.toLowerCase()) {
      case 'success':
        return !status.failed && !status.cancelled;
      case 'failure':
        return status.failed;
      case 'cancelled':
        return status.cancelled;
      case 'always':
        return true;
      case 'fromjson':
        return JSON.parse(toText(args[0] ?? null)) as Value;
      case 'tojson':
        return JSON.stringify(args[0] ?? null, null, 2);
      case 'format':
        return toText(args[0] ?? null).replace(/\{\{|\}\}|\{(\d+)\}/g, (m, i?: string) =>
          i === undefined ? (m[0] ?? '') : toText(args[Number(i) + 1] ?? null),
        );
      case 'contains':
        return toText(args[0] ?? null)
          .toLowerCase()
          .includes(toText(args[1] ?? null).toLowerCase());
      default:
        throw new Error(`function ${name}() is not simulated`);
    }
  };
  const member = (base: Value, key: string): Value => {
    if (base === null || typeof base !== 'object') return null;
    if (Array.isArray(base)) return base[Number(key)] ?? null;
    const found = Object.keys(base).find(k => k.toLowerCase() === key.toLowerCase());
    return found === undefined ? null : (base[found] ?? null);
  };
  const primary = (): Value => {
    const tok = take();
    if (tok.t === 'str') return tok.v;
    if (tok.t === 'num') return Number(tok.v);
    if (tok.t === 'op' && tok.v === '(') {
      const v = or();
      take(')');
      return v;
    }
    if (tok.t === 'op' && tok.v === '!') return !truthy(primary());
    if (tok.t !== 'id') throw new Error(`unexpected "${tok.v}" in: ${src}`);
    if (tok.v === 'true' || tok.v === 'false') return tok.v === 'true';
    if (tok.v === 'null') return null;
    let value: Value;
    if (peek()?.v === '(') {
      take('(');
      const args: Value[] = [];
      while (peek()?.v !== ')') {
        args.push(or());
        if (peek()?.v === ',') take(',');
      }
      take(')');
      value = call(tok.v, args);
    } else {
      if (!(tok.v in contexts)) throw new Error(`unknown context "${tok.v}" in: ${src}`);
      value = contexts[tok.v] ?? null;
    }
    for (;;) {
      if (peek()?.v === '.') {
        take('.');
        value = member(value, take().v);
      } else if (peek()?.v === '[') {
        take('[');
        value = member(value, toText(or()));
        take(']');
      } else return value;
    }
  };
  const comparison = (): Value => {
    let left = primary();
    while (['==', '!=', '<', '>', '<=', '>='].includes(peek()?.v ?? '')) {
      const op = take().v;
      const right = primary();
      if (op === '==') left = equal(left, right);
      else if (op === '!=') left = !equal(left, right);
      else {
        const [a, b] = [Number(left), Number(right)];
        left = op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
      }
    }
    return left;
  };
  const and = (): Value => {
    let left = comparison();
    while (peek()?.v === '&&') {
      take();
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  function or(): Value {
    let left = and();
    while (peek()?.v === '||') {
      take();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  }
  const value = or();
  if (pos !== tokens.length) throw new Error(`trailing tokens in: ${src}`);
  return value;
}

/** Replaces every `${{ … }}` in a string with its value's text. */
export function interpolate(text: string, contexts: Contexts, status: Status): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => toText(evaluate(expr, contexts, status)));
}

/** An `if:` value: an expression with or without `${{ }}`; a status function is implied when none is used. */
export function condition(text: string | boolean | undefined, contexts: Contexts, status: Status): boolean {
  if (text === undefined) return !status.failed && !status.cancelled;
  if (typeof text === 'boolean') return text;
  const expr = text.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const usesStatus = /\b(success|failure|cancelled|always)\s*\(/.test(expr);
  const value = truthy(evaluate(expr, contexts, status));
  return usesStatus ? value : value && !status.failed && !status.cancelled;
}
