// ARM evaluates a string that starts with `[` and ends with `]` as a template expression; `[[` makes it literal.
// Only such strings are escaped: ARM leaves `[abc` or `[a] b` alone, so escaping those would change the text.

const EXPRESSION_LIKE = /^\[[\s\S]*\]$/;

/** Whether ARM would evaluate this string (after unescaping `[[`, it would not). */
export function isArmExpression(text: string): boolean {
  return EXPRESSION_LIKE.test(text) && !text.startsWith('[[');
}

export function escapeArmString(text: string): string {
  return EXPRESSION_LIKE.test(text) ? `[${text}` : text;
}

/** The literal a template string stands for; undefined when it is an expression that only ARM can evaluate. */
export function unescapeArmString(text: string): string | undefined {
  if (!EXPRESSION_LIKE.test(text)) return text;
  return text.startsWith('[[') ? text.slice(1) : undefined;
}

/**
 * The value with every string escaped, at any depth, keys included: ARM evaluates a property name in brackets too,
 * and a rule file's pass-through keys and tags can hold any name. Objects without such strings are returned as
 * they are, not copied: almost no rule has one.
 */
export function escapeArmStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.charCodeAt(0) === 0x5b ? escapeArmString(value) : value;
  if (Array.isArray(value)) {
    const items = value as unknown[];
    let out: unknown[] | undefined;
    items.forEach((v, i) => {
      const e = escapeArmStrings(v);
      if (e !== v) (out ??= [...items])[i] = e;
    });
    return out ?? value;
  }
  if (typeof value === 'object' && value !== null) {
    let changed = false;
    const entries = Object.entries(value).map(([k, v]) => {
      const [ek, ev] = [escapeArmStrings(k) as string, escapeArmStrings(v)];
      changed ||= ek !== k || ev !== v;
      return [ek, ev];
    });
    // fromEntries keeps a key named `__proto__` a key.
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}

/**
 * A copy with every string unescaped, keys included, plus the JSON-pointer-like paths of strings that are real
 * ARM expressions (which a rule file cannot express).
 */
export function unescapeArmStrings(
  value: unknown,
  path = '',
  expressions: string[] = [],
): { value: unknown; expressions: string[] } {
  const walk = (v: unknown, p: string): unknown => {
    if (typeof v === 'string') {
      const literal = unescapeArmString(v);
      if (literal === undefined) expressions.push(p || '/');
      return literal ?? v;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${p}/${i}`));
    if (typeof v === 'object' && v !== null)
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => {
          const key = unescapeArmString(k);
          if (key === undefined) expressions.push(`${p}/${k}`);
          return [key ?? k, walk(x, `${p}/${key ?? k}`)];
        }),
      );
    return v;
  };
  return { value: walk(value, path), expressions };
}
