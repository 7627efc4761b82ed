// Markdown building blocks for job summaries: table cells that user text cannot break out of.

/**
 * A table cell showing `text` literally. Job summaries render GitHub-flavoured Markdown with inline HTML, so rule
 * text (messages quote user values) must not open tags, end the cell (`|`), start a new row (line breaks) or turn
 * into emphasis, links or code.
 */
export function cell(text: string): string {
  // Backslash escapes first: the entities added next contain `&` and `#`, which must stay as they are.
  return text
    .replace(/[\\`*_[\]~!]/g, c => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** GitHub refuses a job summary over 1 MiB per step; a table stops well short of it, whatever its rows quote. */
export const TABLE_BUDGET = 900 * 1024;

/**
 * A table: a header row, the separator, then one row per entry while they fit in `budget` bytes; every value is
 * escaped with `cell`. `omitted` counts the rows left out.
 */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  budget = TABLE_BUDGET,
): { text: string; omitted: number } {
  const line = (values: readonly string[]) => `| ${values.map(cell).join(' | ')} |`;
  const lines = [line(header), `|${header.map(() => ' --- |').join('')}`];
  let size = Buffer.byteLength(lines.join('\n'));
  for (const row of rows) {
    const text = line(row);
    size += Buffer.byteLength(text) + 1;
    if (size > budget) break;
    lines.push(text);
  }
  return { text: lines.join('\n') + '\n', omitted: rows.length - (lines.length - 2) };
}

/** `n word(s)`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * A job summary is limited to 1 MiB per step; long reports keep the first `limit` rows and say how many were left
 * out, rather than being rejected whole.
 */
export function capRows<T>(rows: readonly T[], limit: number): { shown: readonly T[]; omitted: number } {
  return rows.length > limit
    ? { shown: rows.slice(0, limit), omitted: rows.length - limit }
    : { shown: rows, omitted: 0 };
}
