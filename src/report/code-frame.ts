// The source line of a finding with `^~~~` under its range, for stylish output (`--code-frame`).
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { LineIndex } from '../diagnostics/line-index.js';
import { printable } from './terminal-text.js';

const MAX_WIDTH = 160;

/**
 * Two lines (source, marker), indented by `indent`; empty when the line is not in the text. A range over several
 * lines is marked to the end of its first line. Tabs are kept in the marker line so the caret stays aligned.
 */
export function codeFrame(text: string, d: Diagnostic, indent: string, lines = new LineIndex(text)): string[] {
  if (d.line < 1 || d.line > lines.lineCount) return [];
  const source = text.slice(lines.lineStart(d.line), lines.lineEnd(d.line));
  if (source.length > MAX_WIDTH) return [];
  const from = Math.min(d.column - 1, source.length);
  const to = d.endLine === d.line ? Math.min(Math.max(d.endColumn - 1, from + 1), source.length) : source.length;
  // Escaped control characters take several columns; the marker is measured on the text as shown.
  const pad = printable(source.slice(0, from)).replace(/[^\t]/g, ' ');
  const marker = `${pad}^${'~'.repeat(Math.max(0, printable(source.slice(from, to)).length - 1))}`;
  return [`${indent}${printable(source)}`, `${indent}${marker}`];
}
