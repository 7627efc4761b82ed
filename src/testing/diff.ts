// Expected against actual, as text a person reads in a terminal or a CI log: tables as aligned grids, rows that
// differ marked `-` (expected) and `+` (actual).
import { printable } from '../report/terminal-text.js';

const WIDTH = 40;

function clip(s: string): string {
  const p = printable(s);
  return p.length > WIDTH ? `${p.slice(0, WIDTH - 1)}…` : p;
}

/**
 * Expected and actual lines aligned on their longest common subsequence: lines in both are kept once (` `), the
 * others marked `-` (expected only) or `+` (actual only), so one missing line reads as one `-` line.
 */
function align<T>(expected: T[], actual: T[], key: (x: T) => string): { mark: string; item: T }[] {
  const e = expected.map(key);
  const a = actual.map(key);
  // lcs[i][j]: the common subsequence length of e[i..] and a[j..]; test tables are small.
  const lcs = Array.from({ length: e.length + 1 }, () => new Array<number>(a.length + 1).fill(0));
  for (let i = e.length - 1; i >= 0; i--)
    for (let j = a.length - 1; j >= 0; j--)
      lcs[i]![j] = e[i] === a[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const lines: { mark: string; item: T }[] = [];
  let i = 0;
  let j = 0;
  while (i < e.length || j < a.length) {
    if (i < e.length && j < a.length && e[i] === a[j]) {
      lines.push({ mark: ' ', item: expected[i]! });
      i++;
      j++;
    } else if (j < a.length && (i >= e.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!))
      lines.push({ mark: '+', item: actual[j++]! });
    else lines.push({ mark: '-', item: expected[i++]! });
  }
  return lines;
}

/** A grid diff of two tables over the same columns (see align). */
export function tableDiff(columns: readonly string[], expected: string[][], actual: string[][]): string {
  const lines = align(expected, actual, r => JSON.stringify(r)).map(l => ({ mark: l.mark, cells: l.item }));
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

/** Two lists of lines (entities, say) aligned: shared lines once, the others marked. */
export function listDiff(expected: string[], actual: string[]): string {
  const lines = align(expected, actual, x => x).map(l => `${l.mark} ${printable(l.item)}`);
  return [...(lines.length ? lines : ['  (none)']), '  (- expected, + actual)'].join('\n');
}
