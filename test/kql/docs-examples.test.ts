// `rulectl query` over examples from the Kusto documentation (issue 12, "Shown by"): each
// docs-examples/<name>.kql is a page's example, run as a user would (in process), and its output must equal
// <name>.expected.json, the page's output table written as `--format json` prints it. A folder
// docs-examples/<name>.data/ is passed as --data; a `// --now <datetime>` line in the .kql as --now. Kusto keeps no
// row order without `sort`/`order`/`top`, so an example whose page lists its rows in an order of no meaning says
// `// rows: any order` and is compared as a multiset of rows.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

interface Result {
  tables: { rows: unknown[][] }[];
}

function sortRows(r: Result) {
  for (const t of r.tables) t.rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

const dir = path.join(import.meta.dirname, 'docs-examples');
const names = readdirSync(dir)
  .filter(f => f.endsWith('.kql'))
  .map(f => f.slice(0, -'.kql'.length))
  .sort();

describe('rulectl query over the Kusto documentation examples', () => {
  test('every example has its page, its expected table, and nothing is left unpaired', () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
    for (const name of names) {
      const text = readFileSync(path.join(dir, `${name}.kql`), 'utf8');
      expect(text, name).toMatch(/^\/\/ https:\/\/learn\.microsoft\.com\/kusto\/query\/[a-z0-9-]+/);
      expect(existsSync(path.join(dir, `${name}.expected.json`)), name).toBe(true);
    }
    const others = readdirSync(dir).filter(f => !/\.(kql|expected\.json|data)$/.test(f));
    expect(others).toEqual([]);
  });

  test.each(names)('%s', async name => {
    const text = readFileSync(path.join(dir, `${name}.kql`), 'utf8');
    const argv = ['query', `${name}.kql`, '--format', 'json'];
    if (existsSync(path.join(dir, `${name}.data`))) argv.push('--data', `${name}.data`);
    const now = /^\/\/ --now (\S+)$/m.exec(text)?.[1];
    if (now) argv.push('--now', now);
    const io = memoryIo(dir);
    const code = await runCli(argv, io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const expected = JSON.parse(readFileSync(path.join(dir, `${name}.expected.json`), 'utf8')) as Result;
    const actual = JSON.parse(io.out) as Result;
    if (/^\/\/ rows: any order\b/m.test(text)) for (const t of [expected, actual]) sortRows(t);
    expect(actual).toEqual(expected);
  });
});
