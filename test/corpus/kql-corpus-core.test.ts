// KQL analysis of the real-world corpus with rulectl's shipped schemas only (kql-corpus.test.ts adds the content
// repo's): what stays unknown is solution parsers, never a core or custom table. A file of its own so that its
// cold analysis runs beside the other one.
import { describe, expect, it } from 'vitest';
import { readSchemaDir } from '../../src/kql/schema-files.js';
import { loadRuleFiles } from '../../src/rules/load.js';
import { validateRules } from '../../src/validate/validate.js';
import { cacheDir, corpus, present, rulesByUnknownTable, schemas, warnIfAbsent } from './kql-corpus.js';

warnIfAbsent();

describe.skipIf(!present)('KQL analysis of the Azure-Sentinel corpus, shipped schemas only', () => {
  it('needs no content-repo schema for any core table that ten or more rules read', { timeout: 900_000 }, async () => {
    const { files } = await loadRuleFiles(['.'], corpus);
    const diagnostics = validateRules(files, {
      kql: { mode: 'full', cwd: corpus, schemaDirs: [], cacheDir },
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
