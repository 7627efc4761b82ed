// What the two KQL corpus test files share: where the corpus and the content repo's schemas are, and a count of
// the rules that read each table with no known schema. Two files, so the two cold analyses (each about a minute)
// run on two workers at once.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';

export const repo = path.resolve(import.meta.dirname, '../..');
export const corpus = process.env.RULECTL_CORPUS ?? path.resolve(repo, '../shared/corpus/azure-sentinel');
export const schemas = path.resolve(corpus, '../azure-sentinel-table-schemas/.script/tests/KqlvalidationsTests');
export const cacheDir = path.join(repo, '.rulectl-cache');
export const present = existsSync(corpus) && existsSync(schemas);

/** Call at the top of a test file: says once why its tests are skipped. */
export function warnIfAbsent(): void {
  if (!present) console.warn(`KQL corpus test skipped: no corpus or schemas at ${corpus}`);
}

/** How many rules read each table that has no known schema. */
export function rulesByUnknownTable(diagnostics: Diagnostic[]): Map<string, number> {
  const rules = new Map<string, Set<string>>();
  for (const d of diagnostics.filter(x => x.check === 'kql-unknown-table')) {
    const table = /table "([^"]+)"/.exec(d.message)?.[1] ?? d.message;
    rules.set(table, (rules.get(table) ?? new Set()).add(d.file));
  }
  return new Map([...rules].map(([t, r]) => [t, r.size]));
}
