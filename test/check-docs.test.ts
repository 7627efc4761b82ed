// Meta-test of the check catalog and its docs: ids unique and equal to file names, every check registered in
// alphabetical order, a page per id with the fixed outline, runnable examples whose output is current, and
// docs/checks.md equal to `rulectl checks --format markdown`. UPDATE_DOCS=1 rewrites the generated parts.
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../src/cli/io.js';
import { runCli } from '../src/cli/main.js';
import { checkCatalog, renderCatalog } from '../src/report/check-catalog.js';
import type { Check } from '../src/validate/check.js';
import { BUILTIN_CHECKS } from '../src/validate/builtin-checks.js';
import { CHECKS } from '../src/validate/checks/index.js';

const repo = path.resolve(import.meta.dirname, '..');
const checksDir = path.join(repo, 'src/validate/checks');
const docsDir = path.join(repo, 'docs/checks');
const update = process.env.UPDATE_DOCS === '1';

function writeAtomic(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

/** A non-UTF-8 file and a 1 MiB file cannot be shown in a Markdown page. */
const NOT_WRITABLE = new Set(['yaml-encoding', 'yaml-too-large']);

/** Ids whose examples run from one file: the loader, the schema stage and per-rule checks (not KQL, build, runAll). */
const runnable = (id: string) =>
  CHECKS.some(c => c.id === id && 'run' in c) ||
  id === 'schema' ||
  id === 'unused-suppression' ||
  (id.startsWith('yaml-') && !NOT_WRITABLE.has(id));

/** Exactly what `rulectl validate rule.yaml --kql off` prints for `text` (the command the pages show). */
/** Runs the command the page shows (`rulectl validate rule.yaml …` in the line before the output), by default with KQL off. */
async function runExample(text: string, prose = ''): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rulectl-docs-'));
  writeFileSync(path.join(dir, 'rule.yaml'), text);
  const io = memoryIo(dir);
  const shown = /`rulectl (validate rule\.yaml[^`]*)`/.exec(prose)?.[1];
  await runCli(shown ? shown.split(/\s+/) : ['validate', 'rule.yaml', '--kql', 'off'], io);
  return io.out + io.err;
}

/** A yaml block, then (after at most one line of prose) the text block holding its output. */
const example = (heading: string) =>
  new RegExp(`## ${heading}\\n+\`\`\`yaml\\n([\\s\\S]*?)\`\`\`\\n+(?:([^\\n]*)\\n+)?\`\`\`text\\n([\\s\\S]*?)\`\`\``);
const reportsCheck = (output: string, id: string) => new RegExp(`\\s${id}$`, 'm').test(output);

describe('check catalog', () => {
  it('has unique ids', () => {
    const ids = [...BUILTIN_CHECKS, ...CHECKS].map(c => c.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('registers every check file, alphabetically, with id = file name', async () => {
    const files = readdirSync(checksDir).filter(f => f.endsWith('.ts') && f !== 'index.ts');
    const fromFiles: Check[] = [];
    for (const f of files) {
      const mod = (await import(pathToFileURL(path.join(checksDir, f)).href)) as Record<string, unknown>;
      const checks = Object.values(mod).filter(
        (v): v is Check => typeof v === 'object' && v !== null && 'id' in v && 'summary' in v,
      );
      expect([f, checks.map(c => c.id)]).toEqual([f, [f.replace(/\.ts$/, '')]]);
      fromFiles.push(...checks);
    }
    expect(new Set(CHECKS)).toEqual(new Set(fromFiles));
    const ids = CHECKS.map(c => c.id);
    expect(ids).toEqual([...ids].sort());
  });

  it('docs/checks.md is `rulectl checks --format markdown`', async () => {
    const io = memoryIo(repo);
    expect(await runCli(['checks', '--format', 'markdown'], io)).toBe(0);
    expect(io.out).toBe(renderCatalog(checkCatalog(), 'markdown'));
    const file = path.join(repo, 'docs/checks.md');
    if (update) writeAtomic(file, io.out);
    expect(existsSync(file) ? readFileSync(file, 'utf8') : '(missing)').toBe(io.out);
  });

  it('prints the catalog as text and json too', async () => {
    const text = memoryIo(repo);
    expect(await runCli(['checks'], text)).toBe(0);
    expect(text.out).toMatch(/^duration-format +error +fix +Durations must be written/m);
    expect(text.out).toMatch(/^kql-syntax +error +The query must be valid KQL/m);
    expect(text.out).not.toMatch(/^kql-syntax +error +fix/m);
    const json = memoryIo(repo);
    expect(await runCli(['checks', '--format', 'json'], json)).toBe(0);
    const parsed = JSON.parse(json.out) as { checks: { id: string; fixable: boolean }[] };
    expect(parsed.checks.map(c => c.id)).toEqual(checkCatalog().map(c => c.id));
    // Exactly the checks that declare a fix are marked, the stages never.
    expect(parsed.checks.filter(c => c.fixable).map(c => c.id)).toEqual(
      CHECKS.filter(c => c.fixable)
        .map(c => c.id)
        .sort(),
    );
    expect(parsed.checks.find(c => c.id === 'severity-value')?.fixable).toBe(true);
    expect(await runCli(['checks', '--format', 'yaml'], memoryIo(repo))).toBe(2);
  });
});

describe('docs/checks/<id>.md', () => {
  it.each(checkCatalog().map(c => [c.id]))('%s', async id => {
    const file = path.join(docsDir, `${id}.md`);
    expect(existsSync(file), `docs/checks/${id}.md is missing`).toBe(true);
    let page = readFileSync(file, 'utf8');
    expect(page.startsWith(`# ${id}\n`), `the page must start with "# ${id}"`).toBe(true);
    if (!runnable(id)) return;
    for (const heading of ['## Why it matters', '## Bad example', '## Good example'])
      expect(page, `docs/checks/${id}.md lacks "${heading}"`).toContain(heading);
    for (const [heading, shouldReport] of [
      ['Bad example', true],
      ['Good example', false],
    ] as const) {
      const match = example(heading).exec(page);
      expect(match, `${heading}: a yaml block followed by a text block with its output`).not.toBeNull();
      const [, yamlText = '', prose = '', shown = ''] = match ?? [];
      const output = await runExample(yamlText, prose);
      expect(reportsCheck(output, id), `${heading} ${shouldReport ? 'must' : 'must not'} report ${id}`).toBe(
        shouldReport,
      );
      if (update && output !== shown) {
        page = page.replace(match?.[0] ?? '', m =>
          m.replace(`\`\`\`text\n${shown}\`\`\``, `\`\`\`text\n${output}\`\`\``),
        );
        writeAtomic(file, page);
        continue;
      }
      expect(output, `${heading}: the documented output is stale (UPDATE_DOCS=1 rewrites it)`).toBe(shown);
    }
  });
});
