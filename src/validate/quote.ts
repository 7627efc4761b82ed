// Quoting user values in messages: JSON-style quotes, cut short so a 10,000-character value stays one readable line.

const MAX_SHOWN = 60;

export function quote(value: string): string {
  const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN - 1)}…` : value;
  return JSON.stringify(shown);
}
