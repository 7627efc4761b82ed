// Maps offsets in a rule's query string back to line and column in its YAML file, whatever the scalar style.
import { LineIndex, type Position } from '../diagnostics/line-index.js';
import type { RuleFile } from '../rules/load.js';

export type QueryPosition = (offset: number) => Position;

/** How far the aligner may look ahead for a character: indentation, quotes and escapes in between. */
const WINDOW = 256;

/**
 * Returns a function from a 0-based offset in `query` (the parsed value of the file's `query` key) to a 1-based
 * file position. Literal blocks map exactly, line by line (indentation, CRLF, explicit indentation indicators and
 * chomping included); folded, plain and quoted scalars are aligned character by character (double-quoted escapes
 * decoded first), which is exact except for the whitespace that folding rewrites.
 */
export function querySourceMap(file: RuleFile, query: string, key: string = 'query'): QueryPosition {
  const lines = file.positions.lines;
  // The value's range comes from the loader's range tree (no second YAML parse): it starts at the block indicator,
  // the opening quote or the first character of a plain scalar, which tells the style.
  const range = file.positions.rangeOf([key]);
  const fallback = range.start;
  const text = file.text;
  const start = lines.lineStart(range.start.line) + range.start.column - 1;
  const style = text[start];
  // A block scalar's value starts on the line after its header.
  const hasNextLine = range.start.line < lines.lineCount;
  if (style === '|') {
    if (!hasNextLine) return () => fallback;
    const firstLine = range.start.line + 1;
    const indent = literalIndent(lines, firstLine, query);
    const queryLines = new LineIndex(query);
    return offset => {
      const p = queryLines.position(offset);
      return { line: firstLine + p.line - 1, column: indent + p.column };
    };
  }
  if (style === '>' && !hasNextLine) return () => fallback;
  const from = style === '>' ? lines.lineStart(range.start.line + 1) : start;
  if (style === '"') {
    const { chars, offsets } = decodeDoubleQuoted(text, start);
    const map = align(chars, 0, query);
    return offset => lines.position(offsets[map[Math.max(0, Math.min(offset, query.length))] ?? 0] ?? start);
  }
  const map = align(text, from, query);
  return offset => lines.position(map[Math.max(0, Math.min(offset, query.length))] ?? from);
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * A double-quoted scalar's characters with each escape already decoded, and the source offset of each: aligning the
 * raw text instead would match the newline of a `\n` escape to a real line break further down.
 */
function decodeDoubleQuoted(text: string, start: number): { chars: string; offsets: number[] } {
  let chars = '';
  const offsets: number[] = [];
  let i = start + 1;
  for (; i < text.length && text[i] !== '"'; i++) {
    const next = text[i + 1] ?? '';
    let decoded = text[i] ?? '';
    let width = 1;
    if (decoded === '\\') {
      const digits = HEX_DIGITS[next];
      const code = digits ? Number.parseInt(text.slice(i + 2, i + 2 + digits), 16) : NaN;
      if (digits && code <= 0x10ffff) [decoded, width] = [String.fromCodePoint(code), 2 + digits];
      else if (next in ESCAPES) [decoded, width] = [ESCAPES[next] ?? next, 2];
      // An escaped line break stands for nothing.
      else if (next === '\n' || next === '\r') [decoded, width] = ['', text.startsWith('\r\n', i + 1) ? 3 : 2];
    }
    chars += decoded;
    for (let k = 0; k < decoded.length; k++) offsets.push(i);
    i += width - 1;
  }
  offsets.push(i);
  return { chars, offsets };
}

/** Indentation of a literal block: a source line is the value's line with exactly this many characters before it. */
function literalIndent(lines: LineIndex, firstLine: number, query: string): number {
  const valueLines = query.split('\n');
  const k = valueLines.findIndex(l => l.trim() !== '');
  if (k < 0) return 0;
  const line = firstLine + k;
  return Math.max(0, lines.lineEnd(line) - lines.lineStart(line) - (valueLines[k] ?? '').length);
}

/** Greedy alignment of the value's characters to the source text that produced them. */
function align(text: string, from: number, value: string): number[] {
  const map = new Array<number>(value.length + 1);
  let p = from;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    const limit = Math.min(text.length, p + WINDOW);
    let q = p;
    while (q < limit && text[q] !== c) q++;
    if (q < limit) {
      map[i] = q;
      p = q + 1;
    } else map[i] = p;
  }
  map[value.length] = p;
  return map;
}
