// The docs pages of the semantic checks cannot lie: each example is validated again and must print what the page shows.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

const DOCS = path.resolve(import.meta.dirname, '../../docs/checks');
const IDS = [
  'alert-details-override',
  'alert-dynamic-properties',
  'api-version',
  'custom-details',
  'data-connectors',
  'entity-column-name',
  'entity-identifier',
  'entity-mapping-count',
  'entity-type',
  'event-grouping',
  'incident-configuration',
  'legacy-custom-entity',
  'sentinel-entities-mappings',
  'tactic-name',
  'technique-format',
  'technique-tactic',
];

interface Example {
  yaml: string;
  argv: string[];
  output: string;
}

/** Each `yaml` block, the `rulectl …` command after it and the `text` block that command prints. */
function examples(page: string): Example[] {
  const found = page.matchAll(/```yaml\n([\s\S]*?)```\n\n`rulectl ([^`]+)` prints:\n\n```text\n([\s\S]*?)```/g);
  return [...found].map(m => ({ yaml: m[1] ?? '', argv: (m[2] ?? '').split(' '), output: m[3] ?? '' }));
}

describe('docs/checks pages of the semantic checks', () => {
  it.each(IDS)('%s: examples print what the page shows', async id => {
    const page = await readFile(path.join(DOCS, `${id}.md`), 'utf8');
    expect(page.startsWith(`# ${id}\n`)).toBe(true);
    const found = examples(page);
    expect(found).toHaveLength(2);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-docs-'));
    for (const [i, example] of found.entries()) {
      await writeFile(path.join(dir, 'rule.yaml'), example.yaml);
      const io = memoryIo(dir, { NO_COLOR: '1' });
      const code = await runCli(example.argv, io);
      expect(io.out).toBe(example.output);
      // The bad example shows this check's finding; the good one passes.
      if (i === 0) expect(io.out).toContain(`  ${id}\n`);
      else expect(code).toBe(0);
    }
  });
});
