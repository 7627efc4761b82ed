// Field-level differences between two normalised property objects, for the plan's update and drift lines.
import { isRecord } from '../rules/model.js';
import { canonicalJson } from './normalize.js';

export interface FieldDiff {
  /** Dotted path into `properties`; lists are compared whole. */
  path: string;
  before?: unknown;
  after?: unknown;
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, value);
}

/** Paths whose values differ, sorted; `before` is what the workspace has, `after` what the repository wants. */
export function diffProperties(before: Record<string, unknown>, after: Record<string, unknown>): FieldDiff[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, '', a);
  flatten(after, '', b);
  const out: FieldDiff[] = [];
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(path);
    const y = b.get(path);
    if (canonicalJson(x) === canonicalJson(y)) continue;
    out.push({ path, ...(x !== undefined ? { before: x } : {}), ...(y !== undefined ? { after: y } : {}) });
  }
  return out;
}

/**
 * Above this many cells (changed lines before × after) the middle of a diff is shown as removed then added,
 * rather than aligned: the alignment is quadratic, and no real query comes close (queries stop at 10,000
 * characters).
 */
const MAX_CELLS = 1_000_000;

type Op = readonly [' ' | '-' | '+', string];

/** The edit script from `a` to `b` that keeps a longest common subsequence of lines. */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const middle: Op[] = [];
  if (x.length * y.length > MAX_CELLS) {
    middle.push(...x.map(l => ['-', l] as const), ...y.map(l => ['+', l] as const));
  } else {
    // lcs(i, j): the length of a longest common subsequence of x[i..] and y[j..].
    const width = y.length + 1;
    const table = new Uint32Array((x.length + 1) * width);
    const lcs = (i: number, j: number) => table[i * width + j]!;
    for (let i = x.length - 1; i >= 0; i--)
      for (let j = y.length - 1; j >= 0; j--)
        table[i * width + j] = x[i] === y[j] ? lcs(i + 1, j + 1) + 1 : Math.max(lcs(i + 1, j), lcs(i, j + 1));
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        middle.push([' ', x[i++]!]);
        j++;
      } else if (i < x.length && (j === y.length || lcs(i + 1, j) >= lcs(i, j + 1))) middle.push(['-', x[i++]!]);
      else middle.push(['+', y[j++]!]);
    }
  }
  return [
    ...a.slice(0, head).map(l => [' ', l] as const),
    ...middle,
    ...a.slice(a.length - tail).map(l => [' ', l] as const),
  ];
}

/**
 * A unified-style line diff of two texts (a changed query, a long description): `@@ -start,count +start,count @@`
 * headers, then the changed lines (`-` before, `+` after) with `context` unchanged lines (` `) around them.
 * Lines are split at `\n` only, so a changed line ending shows as a changed line.
 */
export function lineDiff(before: string, after: string, context = 2): string[] {
  const ops = editScript(before.split('\n'), after.split('\n'));
  // Each hunk as [first op, last op]: changes whose unchanged gap is at most twice the context share one.
  const spans: [number, number][] = [];
  ops.forEach((op, k) => {
    if (op[0] === ' ') return;
    const open = spans.at(-1);
    if (open && k - open[1] <= 2 * context + 1) open[1] = k;
    else spans.push([k, k]);
  });
  return spans.flatMap(([first, last]) => {
    const from = Math.max(0, first - context);
    const hunk = ops.slice(from, Math.min(ops.length, last + context + 1));
    const range = (side: '-' | '+') => {
      const other = side === '-' ? '+' : '-';
      const start = ops.slice(0, from).filter(op => op[0] !== other).length;
      const n = hunk.filter(op => op[0] !== other).length;
      // As diff -u: an empty side names the line before it.
      return `${side}${start + (n ? 1 : 0)}${n === 1 ? '' : `,${n}`}`;
    };
    return [`@@ ${range('-')} ${range('+')} @@`, ...hunk.map(([op, text]) => `${op}${text}`)];
  });
}

/** Shorter single-line texts read well enough as `before -> after`. */
const SHORT_TEXT = 60;

/**
 * The line diff of a field whose values are texts too long or too many lines to show side by side (a query); a
 * plan shows it instead of both values, which would otherwise be cut at the same prefix.
 */
export function textDiff(d: FieldDiff): string[] | undefined {
  const { before, after } = d;
  if (typeof before !== 'string' || typeof after !== 'string') return undefined;
  const long = (t: string) => t.includes('\n') || t.length > SHORT_TEXT;
  return long(before) || long(after) ? lineDiff(before, after) : undefined;
}
