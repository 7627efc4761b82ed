// A reader that goes away (`rulectl … | head`) ends the output quietly: no stack trace, the command finishes its
// work and keeps its own exit code. Runs the built CLI (dist/, built by `npm ci`/`npm run build`).
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo } from '../deploy/helpers.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/rulectl.js');

/** Runs the CLI with its stdout's reader closed before it writes anything. */
function withClosedStdout(cwd: string, args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', code => resolve({ code, err }));
  });
}

describe('closed stdout (EPIPE)', () => {
  it('validate ends quietly with its own exit code', async () => {
    const dir = await makeRepo([1, 2], 'repository: pipe\n');
    for (const format of ['stylish', 'sarif']) {
      const { code, err } = await withClosedStdout(dir, ['validate', 'rules', '--kql', 'off', '--format', format]);
      expect(err).toBe('');
      expect(code).toBe(0);
    }
  });

  it('deploy applies every change and exits 0 although nobody reads the plan', async () => {
    const config = 'repository: pipe\nworkspaces:\n  local:\n    emulator: embedded\n    data: emu.json\n';
    const dir = await makeRepo([1, 2, 3], config);
    const { code, err } = await withClosedStdout(dir, ['deploy', '-w', 'local']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const data = await readFile(path.join(dir, 'emu.json'), 'utf8');
    for (const n of [1, 2, 3]) expect(data).toContain(`Generated rule ${n}`);
  });
});
