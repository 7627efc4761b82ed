import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { API_VERSIONS } from '../src/api/versions.js';

const repo = path.resolve(import.meta.dirname, '..');

describe('rulectl validate (CLI)', () => {
  it('passes the bundled rules', async () => {
    const io = memoryIo(repo);
    expect(await runCli(['validate', 'rules'], io)).toBe(0);
    // The seed keeps its OriginalUri key: an unknown-key warning, which does not fail the run.
    expect(io.out).toMatch(/\(0 errors, 1 warning\)/);
    expect(io.out).toMatch(/unknown key "OriginalUri" +unknown-key/);
  });

  it('exits 2 for a path that does not exist', async () => {
    const io = memoryIo(repo);
    expect(await runCli(['validate', 'no/such/dir'], io)).toBe(2);
    expect(io.err).toContain('no such file or directory: no/such/dir');
  });

  it('reads every argument after -- as a path, even one that looks like an option', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-dashdash-'));
    await writeFile(path.join(dir, '--format.yaml'), 'id: [unclosed\n');
    const io = memoryIo(dir);
    expect(await runCli(['validate', '--kql', 'off', '--format', 'json', '--', '--format.yaml', '--prune'], io)).toBe(
      2,
    );
    expect(io.err).toBe('rulectl: no such file or directory: ./--prune\n');
    const one = memoryIo(dir);
    expect(await runCli(['validate', '--kql', 'off', '--format', 'json', '--', '--format.yaml'], one)).toBe(1);
    expect(JSON.parse(one.out)).toMatchObject({ diagnostics: [{ file: '--format.yaml', check: 'yaml-syntax' }] });
    // A command without paths refuses them, after -- too.
    const ws = memoryIo(dir);
    expect(await runCli(['workspaces', '--', '--format'], ws)).toBe(2);
    expect(ws.err).toMatch(/Unknown argument/);
  });

  it('exits 2 on an unknown option without a stack trace', async () => {
    const io = memoryIo(repo);
    expect(await runCli(['validate', '--bogus'], io)).toBe(2);
    expect(io.err).toContain('unknown option --bogus');
    expect(io.err).not.toMatch(/\n\s+at /);
  });

  it('a value option given without its value is a usage error, not silently the default', async () => {
    for (const argv of [
      ['validate', 'rules', '--max-warnings'],
      ['validate', 'rules', '--api-version'],
      ['build-arm', 'rules', '--out'],
      ['build-arm', 'rules', '--api-version'],
      ['import', 'x.json', '--out'],
    ]) {
      const io = memoryIo(repo);
      expect(await runCli(argv, io), argv.join(' ')).toBe(2);
      expect(io.err).toMatch(/Not enough arguments following: (max-warnings|api-version|out)/);
    }
  });

  it('a single-valued option given twice is a usage error naming it; list options and paths repeat', async () => {
    for (const [argv, option] of [
      [['validate', 'rules', '--format', 'github', '--format', 'sarif'], '--format'],
      [['deploy', '-w', 'a', '--workspace', 'b', '--dry-run'], '--workspace'],
      [['build-arm', 'rules', '--out', 'a', '--out', 'b'], '--out'],
    ] as const) {
      const io = memoryIo(repo);
      expect(await runCli([...argv], io), argv.join(' ')).toBe(2);
      expect(io.err).toBe(`rulectl: ${option} is given more than once; give it once\n`);
    }
    const io = memoryIo(repo);
    const twice = ['validate', 'rules', 'rules', '--kql', 'full', '--schema-dir', 'schemas', '--schema-dir', 'schemas'];
    expect(await runCli(twice, io)).not.toBe(2);
  });

  it('an api-version that does not exist is a usage error in validate as in build-arm', async () => {
    for (const command of ['validate', 'build-arm']) {
      for (const [value, hint] of [
        ['2023-02-01-previw', '; did you mean "2023-02-01-preview"?'],
        ['', `; valid: ${[...API_VERSIONS.keys()].join(', ')}`],
      ]) {
        const io = memoryIo(repo);
        expect(await runCli([command, 'rules', '--kql', 'off', `--api-version=${value}`], io)).toBe(2);
        expect(io.err).toBe(`rulectl: --api-version ${value} is not an alertRules api-version${hint}\n`);
        expect(io.out).toBe('');
      }
    }
  });

  it('--max-warnings N passes with exactly N warnings and fails with N + 1', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-'));
    const seed = await readFile(path.join(repo, 'test/fixtures/seed/hafnium-um-service.yaml'), 'utf8');
    await writeFile(path.join(dir, 'rule.yaml'), `${seed}ExtraOne: 1\nExtraTwo: 2\n`);
    const validate = async (...extra: string[]) => {
      const io = memoryIo(dir);
      const code = await runCli(['validate', '.', '--kql', 'off', ...extra], io);
      return { code, out: io.out };
    };
    const report = JSON.parse((await validate('--format', 'json')).out) as {
      summary: { errors: number; warnings: number };
    };
    const n = report.summary.warnings;
    expect(report.summary.errors).toBe(0);
    expect(n).toBeGreaterThanOrEqual(3); // OriginalUri, ExtraOne, ExtraTwo
    expect((await validate('--max-warnings', String(n))).code).toBe(0);
    const over = await validate('--max-warnings', String(n - 1));
    expect(over.code).toBe(1);
    expect(over.out).toContain(`(0 errors, ${n} warnings)`);
    expect((await validate('--max-warnings', String(n + 1))).code).toBe(0);
  });

  it('reports duplicate ids in both files, at the id value', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-'));
    const rule = (name: string) => `id: 7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e\nname: ${name}\n`;
    await writeFile(path.join(dir, 'a.yaml'), rule('A'));
    await writeFile(path.join(dir, 'b.yaml'), rule('B'));
    const io = memoryIo(dir);
    expect(await runCli(['validate', '.', '--format', 'json'], io)).toBe(1);
    const out = JSON.parse(io.out) as { diagnostics: { file: string; line: number; column: number; check: string }[] };
    const dup = out.diagnostics.filter(d => d.check === 'duplicate-rule-id');
    expect(dup.map(d => [d.file, d.line, d.column])).toEqual([
      ['a.yaml', 1, 5],
      ['b.yaml', 1, 5],
    ]);
  });
});
