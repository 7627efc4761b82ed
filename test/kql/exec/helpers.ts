// Conformance-test helpers: run a query and get its result as the Log Analytics API spells values.
import { expect } from 'vitest';
import { runQuery, type QueryProblem, type RunInput } from '../../../src/kql/exec/run.js';
import { parseDatetime, toApiTable, type ApiValue } from '../../../src/kql/exec/values.js';

export const NOW = parseDatetime('2024-01-15T12:00:00Z')!;

/** Runs `query` (now = 2024-01-15T12:00:00Z unless given) and returns columns as "name:type" and rows. */
export function q(query: string, extra: Partial<RunInput> = {}): { columns: string[]; rows: ApiValue[][] } {
  const r = runQuery({ query, now: NOW, ...extra });
  if (!r.ok) throw new Error(`query failed: ${r.problems.map(p => `${p.kind}: ${p.message} @${p.start}`).join('; ')}`);
  const t = toApiTable(r.table);
  return { columns: t.columns.map(c => `${c.name}:${c.type}`), rows: t.rows };
}

/** The rows only. */
export function rows(query: string, extra: Partial<RunInput> = {}): ApiValue[][] {
  return q(query, extra).rows;
}

/** The single value of a one-row, one-column result (`print x = …`). */
export function value(expr: string, extra: Partial<RunInput> = {}): ApiValue {
  const r = rows(`print x = ${expr}`, extra);
  expect(r).toHaveLength(1);
  return r[0]![0]!;
}

/** The problem a query that must fail reports. */
export function problem(query: string, extra: Partial<RunInput> = {}): QueryProblem {
  const r = runQuery({ query, now: NOW, ...extra });
  if (r.ok) throw new Error(`query succeeded but should have failed: ${query}`);
  return r.problems[0]!;
}
