// End to end, as the README tells a team: pack rulectl, install the tarball into a fresh git repository, then
// `npx rulectl init` and `npx rulectl validate` there exit 0, and a second init refuses. It packs the dist/ that
// `npm ci` (or `npm run build`) built, so it proves what the tarball carries: bin, dist, schemas, data, and that
// the runtime needs nothing from devDependencies. The npm cache that `npm ci` filled makes the install offline.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..');

async function sh(cwd: string, file: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const { code, stdout, stderr } = e as { code: number; stdout: string; stderr: string };
    return { code: typeof code === 'number' ? code : -1, out: stdout, err: stderr };
  }
}

describe('installing rulectl into a rules repository', () => {
  it.skipIf(!existsSync(path.join(repo, 'dist/cli/main.js')))(
    'npm pack, npm install <tarball>, npx rulectl init, npx rulectl validate; init twice refuses',
    async () => {
      const tmp = await mkdtemp(path.join(os.tmpdir(), 'rulectl-install-'));
      // dist/ is built already: packing must not rebuild it (prepare runs tsc, minutes on a busy machine).
      const packed = await sh(repo, 'npm', ['pack', '--ignore-scripts', '--pack-destination', tmp]);
      expect(packed.code, packed.err).toBe(0);
      const tarball = (await readdir(tmp)).find(f => f.endsWith('.tgz'));
      expect(tarball).toBeDefined();
      const rules = path.join(tmp, 'rules-repo');
      expect((await sh(tmp, 'git', ['init', '-q', rules])).code).toBe(0);
      const installed = await sh(rules, 'npm', [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        path.join(tmp, tarball ?? ''),
      ]);
      expect(installed.code, installed.err).toBe(0);
      // --no: the local bin or nothing; npx must never look the name up in the registry.
      const init = await sh(rules, 'npx', ['--no', 'rulectl', 'init']);
      expect(init.code, init.err).toBe(0);
      expect(init.out).toContain('wrote rules/example.yaml');
      const validate = await sh(rules, 'npx', ['--no', 'rulectl', 'validate']);
      expect([validate.code, validate.out, validate.err]).toEqual([0, '✓ 1 file checked, no problems\n', '']);
      const again = await sh(rules, 'npx', ['--no', 'rulectl', 'init']);
      expect(again.code).toBe(1);
      expect(again.err).toContain('init writes nothing: these files exist');
    },
    600_000,
  );
});
