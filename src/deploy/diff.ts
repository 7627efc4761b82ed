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
