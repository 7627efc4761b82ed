// Expected against actual, as text a person reads in a terminal or a CI log: tables as aligned grids, rows that
// differ marked `-` (expected) and `+` (actual).
import { printable } from '../report/terminal-text.js';

const WIDTH = 40;

function clip(s: string): string {
  const p = printable(s);
  return p.length > WIDTH ? `${p.slice(0, WIDTH - 1)}…` : p;
}

/** A grid diff of two tables over the same columns; rows compared in order by their cells' text. */
export function tableDiff(columns: readonly string[], expected: string[][], actual: string[][]): string {
  const lines: { mark: string; cells: string[] }[] = [];
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const a = actual[i];
    if (e && a && e.every((c, j) => c === a[j])) lines.push({ mark: ' ', cells: e });
    else {
      if (e) lines.push({ mark: '-', cells: e });
      if (a) lines.push({ mark: '+', cells: a });
    }
  }
  const all = [columns.map(clip), ...lines.map(l => l.cells.map(clip))];
  const widths = columns.map((_, j) => Math.max(...all.map(r => (r[j] ?? '').length)));
  const fmt = (mark: string, cells: string[]) =>
    `${mark} ${cells.map((c, j) => c.padEnd(widths[j]!)).join(' │ ')}`.trimEnd();
  return [
    fmt(' ', all[0]!),
    `  ${widths.map(w => '─'.repeat(w)).join('─┼─')}`,
    ...lines.map(l => fmt(l.mark, l.cells.map(clip))),
    '  (- expected, + actual)',
  ].join('\n');
}

/** Two values side by side. */
export function valueDiff(expected: string, actual: string): string {
  return `- expected: ${printable(expected)}\n+ actual:   ${printable(actual)}`;
}
