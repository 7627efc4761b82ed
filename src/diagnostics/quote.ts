// User values in messages: JSON-style quotes, cut short so a 10,000-character value stays one readable line.

const MAX_SHOWN = 60;

export function quote(value: string): string {
  const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN - 1)}…` : value;
  return JSON.stringify(shown);
}

/** A value of any type as a message shows it: a quoted string, `number 5`, `a list`, `a mapping`, `null`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value === 'object' ? 'a mapping' : typeof value;
}
