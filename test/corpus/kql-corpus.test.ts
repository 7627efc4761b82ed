// KQL analysis of the real-world corpus against Microsoft's content-repo schemas plus the shipped tables: no crash,
// and every KQL finding equals the reviewed baseline (UPDATE_BASELINE=1 rewrites the finding lines, keeping the
// review notes at its top). A second run without the content repo's schemas shows what rulectl alone covers. Cold, this analyses 1,054 queries (about a minute); the cache makes reruns fast.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { KqlStats } from '../../src/kql/analyze-queries.js';
import { readSchemaDir } from '../../src/kql/schema-files.js';
import { loadRuleFiles } from '../../src/rules/load.js';
import { validateRules } from '../../src/validate/validate.js';

const repo = path.resolve(import.meta.dirname, '../..');
const corpus = process.env.RULECTL_CORPUS ?? path.resolve(repo, '../shared/corpus/azure-sentinel');
const schemas = path.resolve(corpus, '../azure-sentinel-table-schemas/.script/tests/KqlvalidationsTests');
const baselineFile = path.join(repo, 'test/corpus/kql-baseline.txt');
const present = existsSync(corpus) && existsSync(schemas);
if (!present) console.warn(`KQL corpus test skipped: no corpus or schemas at ${corpus}`);

const render = (d: Diagnostic) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.check} ${d.message}`;

describe.skipIf(!present)('KQL analysis of the Azure-Sentinel corpus', () => {
  it('analyses every query without crashing and matches the reviewed baseline', { timeout: 900_000 }, async () => {
    const { files } = await loadRuleFiles(['.'], corpus);
    expect(files).toHaveLength(1054);
    const stats = {} as KqlStats;
    const diagnostics = validateRules(files, {
      kql: { mode: 'full', cwd: corpus, schemaDirs: [schemas], cacheDir: path.join(repo, '.rulectl-cache'), stats },
    });
    expect(stats.queries).toBe(1054);
    expect(diagnostics.some(d => d.check === 'internal-error')).toBe(false);
    // query-lookback reads the KQL stage's syntax tree, so its findings are reviewed here too.
    const kql = diagnostics.filter(d => d.check.startsWith('kql-') || d.check === 'query-lookback');
    const actual = kql.map(render);
    const previous = existsSync(baselineFile) ? readFileSync(baselineFile, 'utf8').split('\n') : [];
    const notes = previous.filter(l => l.startsWith('#'));
    if (process.env.UPDATE_BASELINE === '1') writeFileSync(baselineFile, [...notes, ...actual].join('\n') + '\n');
    const expected = readFileSync(baselineFile, 'utf8')
      .split('\n')
      .filter(l => l && !l.startsWith('#'));
    const expectedSet = new Set(expected);
    const actualSet = new Set(actual);
    expect({
      added: actual.filter(l => !expectedSet.has(l)),
      removed: expected.filter(l => !actualSet.has(l)),
    }).toEqual({ added: [], removed: [] });
    // With the content repo's schemas and rulectl's, no table that ten or more rules read is unknown.
    expect([...rulesByUnknownTable(kql)].filter(([, n]) => n >= 10)).toEqual([]);
  });

  it('needs no content-repo schema for any core table that ten or more rules read', { timeout: 900_000 }, async () => {
    const { files } = await loadRuleFiles(['.'], corpus);
    const diagnostics = validateRules(files, {
      kql: { mode: 'full', cwd: corpus, schemaDirs: [], cacheDir: path.join(repo, '.rulectl-cache') },
    });
    const frequent = [...rulesByUnknownTable(diagnostics)].filter(([, n]) => n >= 10);
    // Without the content repo's schemas, what stays unknown are solution parsers (functions such as Cisco_Umbrella,
    // which the content repo supplies as CustomTables); no core table and no custom (_CL) table is among them.
    expect(frequent.length).toBeGreaterThan(0);
    const contentRepo = new Set(readSchemaDir(schemas, p => p).tables.map(t => t.name.toLowerCase()));
    const notParsers = frequent.filter(([t]) => t.endsWith('_CL') || !contentRepo.has(t.toLowerCase()));
    expect(notParsers).toEqual([]);
  });
});

/** How many rules read each table that has no known schema. */
function rulesByUnknownTable(diagnostics: Diagnostic[]): Map<string, number> {
  const rules = new Map<string, Set<string>>();
  for (const d of diagnostics.filter(x => x.check === 'kql-unknown-table')) {
    const table = /table "([^"]+)"/.exec(d.message)?.[1] ?? d.message;
    rules.set(table, (rules.get(table) ?? new Set()).add(d.file));
  }
  return new Map([...rules].map(([t, r]) => [t, r.size]));
}
