// The real-world corpus (../shared/corpus/azure-sentinel, or env RULECTL_CORPUS; read in place, never copied):
// validate must not crash, its findings must equal the reviewed baseline (UPDATE_BASELINE=1 rewrites it), the 27
// files with a defect a strict reader finds must have an error on the defective line, and the 15 files whose spelling
// only case-insensitive readers (Microsoft's CI, the API) accept must have a warning there.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../src/cli/io.js';
import { runCli } from '../src/cli/main.js';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { DocPath } from '../src/diagnostics/diagnostic.js';
import { findRuleFiles, loadRuleFiles, type RuleFile } from '../src/rules/load.js';

const repo = path.resolve(import.meta.dirname, '..');
const corpus = process.env.RULECTL_CORPUS ?? path.resolve(repo, '../shared/corpus/azure-sentinel');
const baselineFile = path.join(repo, 'test/corpus/validate-baseline.txt');
const present = existsSync(corpus);
if (!present) console.warn(`corpus test skipped: no corpus at ${corpus} (set RULECTL_CORPUS to its folder)`);

interface Finding {
  file: string;
  line: number;
  column: number;
  severity: string;
  check: string;
  message: string;
}

/**
 * Known defects, found here from the raw files alone: `file` -> lines. `errors`: duplicate ids and an entity type
 * that is no enum value. `spellings`: `datatypes` and `CommandandControl`, which Microsoft's CI and the API read
 * case-insensitively.
 */
async function knownDefects(): Promise<Record<'errors' | 'spellings', Map<string, Set<number>>>> {
  const defects = new Map<string, Set<number>>();
  const spellings = new Map<string, Set<number>>();
  const add = (file: string, line: number, to = defects) => to.set(file, (to.get(file) ?? new Set()).add(line));
  const byId = new Map<string, { file: string; line: number }[]>();
  for (const abs of await findRuleFiles(['.'], corpus)) {
    const file = path.relative(corpus, abs).split(path.sep).join('/');
    const lines = readFileSync(abs, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/);
    lines.forEach((text, i) => {
      if (/^\s*-?\s*datatypes:/.test(text)) add(file, i + 1, spellings);
      if (/^\s*-\s*CommandandControl\s*$/.test(text)) add(file, i + 1, spellings);
      if (/^\s*-?\s*entityType:\s*File hash\s*$/.test(text)) add(file, i + 1);
    });
    const data = load(lines.join('\n'), { schema: CORE_SCHEMA }) as { id?: unknown };
    const idLine = lines.findIndex(l => l.startsWith('id:')) + 1;
    if (typeof data.id === 'string') {
      const key = data.id.toLowerCase();
      byId.set(key, [...(byId.get(key) ?? []), { file, line: idLine }]);
    }
  }
  for (const same of byId.values()) if (same.length > 1) for (const { file, line } of same) add(file, line);
  return { errors: defects, spellings };
}

const linesOf = (defects: Map<string, Set<number>>) =>
  [...defects].flatMap(([file, lines]) => [...lines].map(l => `${file}:${l}`));

const render = (f: Finding) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.check} ${f.message}`;

describe.skipIf(!present)('the Azure-Sentinel corpus', () => {
  let findings: Finding[] = [];
  let exitCode = -1;

  it('validates without crashing', async () => {
    const io = memoryIo(corpus);
    exitCode = await runCli(['validate', '.', '--format', 'json', '--kql', 'off'], io);
    expect(io.err).toBe('');
    const report = JSON.parse(io.out) as { diagnostics: Finding[]; summary: { files: number } };
    expect(report.summary.files).toBe(1054);
    findings = report.diagnostics;
    expect(findings.some(f => f.check === 'internal-error')).toBe(false);
    expect(exitCode).toBe(1);
  });

  it('matches the reviewed baseline (UPDATE_BASELINE=1 rewrites it)', () => {
    const actual = findings.map(render);
    if (process.env.UPDATE_BASELINE === '1') writeFileSync(baselineFile, actual.join('\n') + '\n');
    const expected = readFileSync(baselineFile, 'utf8').split('\n').filter(Boolean);
    const expectedSet = new Set(expected);
    const actualSet = new Set(actual);
    // Two short lists read better than a 1,000-line string diff.
    expect({
      added: actual.filter(l => !expectedSet.has(l)),
      removed: expected.filter(l => !actualSet.has(l)),
    }).toEqual({
      added: [],
      removed: [],
    });
  });

  it('has an error on each defect (27 files) and a warning on each case-insensitive spelling (15 files)', async () => {
    const { errors, spellings } = await knownDefects();
    expect([errors.size, spellings.size]).toEqual([27, 15]);
    const at = (severity: string) =>
      new Set(findings.filter(f => f.severity === severity).map(f => `${f.file}:${f.line}`));
    const errorLines = at('error');
    expect(linesOf(errors).filter(k => !errorLines.has(k))).toEqual([]);
    const warningLines = at('warning');
    const spelt = linesOf(spellings);
    expect(spelt.filter(k => !warningLines.has(k) || errorLines.has(k))).toEqual([]);
  });

  it('locates every key and value where the yaml package does (positions come from js-yaml events)', async () => {
    const { files } = await loadRuleFiles(['.'], corpus);
    const differences: string[] = [];
    let compared = 0;
    const compare = (file: RuleFile, path: DocPath, node: Node, anchor: 'key' | 'value') => {
      if (!node.range || (isScalar(node) && node.value === null && node.range[0] === node.range[1])) return;
      compared++;
      const expected = file.positions.lines.position(node.range[0]);
      const actual = file.positions.rangeOf(path, anchor).start;
      if (expected.line !== actual.line || expected.column !== actual.column)
        differences.push(`${file.file} ${JSON.stringify(path)} ${anchor}`);
    };
    const walk = (file: RuleFile, node: unknown, path: DocPath) => {
      if (isMap(node))
        for (const pair of node.items) {
          if (!isPair(pair) || !isScalar(pair.key)) continue;
          const p = [...path, String(pair.key.value)];
          compare(file, p, pair.key, 'key');
          if (pair.value) compare(file, p, pair.value as Node, 'value');
          walk(file, pair.value, p);
        }
      else if (isSeq(node))
        node.items.forEach((item, i) => {
          compare(file, [...path, i], item as Node, 'value');
          walk(file, item, [...path, i]);
        });
    };
    for (const file of files) if (file.data) walk(file, parseDocument(file.text, { uniqueKeys: false }).contents, []);
    expect(compared).toBeGreaterThan(60_000);
    expect(differences).toEqual([]);
  });

  it('gives every range an end at or after its start and inside the file, for keys, values and missing paths', async () => {
    const { files } = await loadRuleFiles(['.'], corpus);
    const wrong: string[] = [];
    let checked = 0;
    let lines: string[] = [];
    const check = (file: RuleFile, path: DocPath) => {
      for (const anchor of ['key', 'value'] as const) {
        checked++;
        const { start, end } = file.positions.rangeOf(path, anchor);
        const inside = (p: { line: number; column: number }) =>
          p.line >= 1 && p.line <= lines.length && p.column >= 1 && p.column <= (lines[p.line - 1] ?? '').length + 1;
        const ordered = end.line > start.line || (end.line === start.line && end.column >= start.column);
        if (!ordered || !inside(start) || !inside(end))
          wrong.push(`${file.file} ${JSON.stringify(path)} ${anchor} ${JSON.stringify({ start, end })}`);
      }
    };
    const walk = (file: RuleFile, value: unknown, path: DocPath) => {
      check(file, path);
      if (Array.isArray(value)) value.forEach((v, i) => walk(file, v, [...path, i]));
      else if (value && typeof value === 'object')
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(file, v, [...path, k]);
    };
    for (const file of files) {
      if (!file.data) continue;
      lines = file.text.split('\n').map(l => l.replace(/\r$/, ''));
      walk(file, file.data, []);
      check(file, ['no-such-key']);
      check(file, ['entityMappings', 99, 'fieldMappings']);
    }
    expect(checked).toBeGreaterThan(80_000);
    expect(wrong).toEqual([]);
  });
});
