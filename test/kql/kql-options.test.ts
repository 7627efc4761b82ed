// The CLI side of the KQL stage: --kql modes through `rulectl validate`, and progress only on an interactive stderr.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Args } from '../../src/cli/command.js';
import { memoryIo } from '../../src/cli/io.js';
import { kqlOptionsFromArgs } from '../../src/cli/kql-options.js';
import { runCli } from '../../src/cli/main.js';

const args = (extra: Record<string, unknown> = {}): Args => ({ _: ['validate'], kql: 'full', ...extra });

describe('kqlOptionsFromArgs', () => {
  it('shows progress on a terminal but never in CI or a pipe', () => {
    const tty = memoryIo('/tmp');
    tty.isTTY = true;
    const opts = kqlOptionsFromArgs(args(), tty);
    opts.progress?.(1, 2);
    opts.progress?.(2, 2);
    expect(tty.err).toBe('\rkql: 1/2 queries\r\x1b[K');
    expect(kqlOptionsFromArgs(args(), { ...memoryIo('/tmp', { CI: 'true' }), isTTY: true }).progress).toBeUndefined();
    expect(kqlOptionsFromArgs(args(), memoryIo('/tmp')).progress).toBeUndefined();
  });

  it('resolves the cache folder against cwd and turns it off for ""', () => {
    expect(kqlOptionsFromArgs(args({ 'cache-dir': '.c' }), memoryIo('/w')).cacheDir).toBe(path.resolve('/w/.c'));
    expect(kqlOptionsFromArgs(args({ 'cache-dir': '' }), memoryIo('/w')).cacheDir).toBeUndefined();
  });
});

describe('rulectl validate --kql', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rulectl-kqlcli-'));
  writeFileSync(path.join(dir, 'r.yaml'), 'query: |\n  SecurityEvent\n  | where Acount == "x"\n');
  const kqlChecks = async (mode: string) => {
    const io = memoryIo(dir);
    await runCli(['validate', 'r.yaml', '--format', 'json', '--kql', mode, '--cache-dir', ''], io);
    const report = JSON.parse(io.out) as { diagnostics: { check: string }[] };
    return report.diagnostics.map(d => d.check).filter(c => c.startsWith('kql-'));
  };

  it('refuses a --schema-dir that is missing, a file, or a folder without schema folders (exit 2)', async () => {
    mkdirSync(path.join(dir, 'no-layout', 'sub'), { recursive: true });
    for (const [value, message] of [
      ['missing', '--schema-dir missing: no such folder'],
      ['r.yaml', '--schema-dir r.yaml: not a folder'],
      [
        'no-layout',
        '--schema-dir no-layout holds no tables/ or functions/ folder (nor CustomTables/, CustomFunctions/)',
      ],
    ]) {
      const io = memoryIo(dir);
      expect(await runCli(['validate', 'r.yaml', '--schema-dir', value!, '--cache-dir', ''], io)).toBe(2);
      expect(io.err).toBe(`rulectl: ${message}\n`);
    }
  });

  it('refuses a repeated --kql or --cache-dir, as any other single-valued option (a list would run syntax-only)', async () => {
    for (const extra of [
      ['--kql', 'off', '--kql', 'full'],
      ['--cache-dir', 'c1', '--cache-dir', ''],
    ]) {
      const io = memoryIo(dir);
      expect(await runCli(['validate', 'r.yaml', ...extra], io)).toBe(2);
      expect(io.err).toBe(`rulectl: ${extra[0]} is given more than once; give it once\n`);
    }
  });

  it('full binds against the shipped SecurityEvent schema, syntax does not, off skips KQL', async () => {
    expect(await kqlChecks('full')).toEqual(['kql-semantic']);
    expect(await kqlChecks('syntax')).toEqual([]);
    expect(await kqlChecks('off')).toEqual([]);
  });
});
