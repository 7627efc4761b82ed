// A deploy process killed mid-apply (SIGKILL, no cleanup) and rerun converges: every rule deployed and recorded,
// nothing lost, and a third run writes nothing. Runs the built CLI (dist/, built by `npm ci`/`npm run build`).
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { memoryIo } from '../../src/cli/io.js';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import { runDeploy } from '../../src/cli/deploy-run.js';
import { emulatorClient, makeRepo, ruleId, TARGET } from './helpers.js';

const WORKSPACE = {
  name: 'ad-hoc',
  subscription: TARGET.subscriptionId,
  resourceGroup: TARGET.resourceGroup,
  workspace: TARGET.workspace,
  prune: false,
  environment: 'ad-hoc',
  overrides: {},
};

const BIN = path.resolve(import.meta.dirname, '../../bin/rulectl.js');
const N = 30;

function run(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  killWhen?: () => boolean,
  signal: NodeJS.Signals = 'SIGKILL',
) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>(resolve => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let interrupted = false;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = killWhen
      ? setInterval(() => {
          if (killWhen() && child.signalCode === null && !interrupted) interrupted = child.kill(signal);
        }, 5)
      : undefined;
    child.on('close', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, out });
    });
  });
}

describe('a deploy killed mid-apply', () => {
  it('converges on rerun: no rule lost, then zero writes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-kill-'));
    const emu = await startEmulator({ latencyMs: 40, dataFile: path.join(dir, 'emulator.json') });
    try {
      await writeFile(path.join(dir, 'ca.pem'), emu.ca);
      const repo = await makeRepo(
        Array.from({ length: N }, (_, i) => i + 1),
        'repository: kill-test\n',
      );
      const args = [
        'deploy',
        '--emulator',
        emu.url,
        '--emulator-ca',
        path.join(dir, 'ca.pem'),
        '--subscription',
        TARGET.subscriptionId,
        '--resource-group',
        TARGET.resourceGroup,
        '--workspace-name',
        TARGET.workspace,
      ];
      const env = { RULECTL_EMULATOR_TOKEN: emu.token };
      // Kill after an odd number of writes, so some rule is likely written without its ownership record.
      const killed = await run(args, repo, env, () => emu.stats().writes >= 15);
      expect(killed.signal).toBe('SIGKILL');
      const client = emulatorClient(emu);
      const partial = (await client.listRules()).filter(r => r.name !== 'BuiltInFusion').length;
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(N);

      // The rerun and the check run in-process: the same deploy code, without two more process start-ups.
      const deploy = async () => {
        const io = memoryIo(repo);
        const config = { ...EMPTY_CONFIG, repository: 'kill-test' };
        const opts = { io, config, workspace: WORKSPACE, client, paths: ['rules'], dryRun: false, concurrency: 4 };
        return { io, outcome: await runDeploy({ ...opts, format: 'text' }) };
      };
      const rerun = await deploy();
      expect(rerun.outcome.exit).toBe(0);
      // Whatever the kill interrupted is finished: the rest created, missing records written, nothing rewritten.
      const kinds = new Set(rerun.outcome.changes.map(c => c.kind));
      expect([...kinds].every(k => k === 'create' || k === 'unchanged')).toBe(true);
      const names = (await client.listRules()).map(r => r.name);
      for (let i = 1; i <= N; i++) expect(names).toContain(ruleId(i));
      const records = await client.listOwnership();
      expect(records.filter(r => r.repository === 'kill-test')).toHaveLength(N);

      const before = emu.stats().writes;
      const third = await deploy();
      expect(third.outcome.exit).toBe(0);
      expect(third.io.out).toContain(`${N} unchanged`);
      expect(emu.stats().writes - before).toBe(0);
    } finally {
      await emu.close();
    }
  });

  it('Ctrl+C finishes the changes in flight, says what was not applied, and exits 130', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-int-'));
    const emu = await startEmulator({ latencyMs: 40 });
    try {
      await writeFile(path.join(dir, 'ca.pem'), emu.ca);
      const repo = await makeRepo(Array.from({ length: N }, (_, i) => i + 1));
      const args = ['deploy', '--emulator', emu.url, '--emulator-ca', path.join(dir, 'ca.pem'), '--subscription'];
      args.push(TARGET.subscriptionId, '--resource-group', TARGET.resourceGroup, '--workspace-name', TARGET.workspace);
      const env = { RULECTL_EMULATOR_TOKEN: emu.token };
      const stopped = await run(args, repo, env, () => emu.stats().writes >= 6, 'SIGINT');
      expect(stopped.code).toBe(130);
      const left = /interrupted: (\d+) change\(s\) not applied; deploy again to finish/.exec(stopped.out);
      expect(Number(left?.[1])).toBeGreaterThan(0);
      // In-flight changes finished with their records: the rules written are exactly those applied.
      const written = (await emulatorClient(emu).listRules()).filter(r => r.name !== 'BuiltInFusion').length;
      expect(written).toBe(N - Number(left?.[1]));
      expect(stopped.out).not.toContain(emu.token);
    } finally {
      await emu.close();
    }
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s under throttling cancels the retry waits: exit 130 well within the 7.5 s GitHub allows',
    async sig => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-int-'));
      // One write per 10 s once the burst is spent: every retry waits about 10 s.
      const emu = await startEmulator({ throttle: { burst: 4, perSecond: 0.1 } });
      try {
        await writeFile(path.join(dir, 'ca.pem'), emu.ca);
        const repo = await makeRepo(Array.from({ length: 8 }, (_, i) => i + 1));
        const args = ['deploy', '--emulator', emu.url, '--emulator-ca', path.join(dir, 'ca.pem'), '--subscription'];
        args.push(
          TARGET.subscriptionId,
          '--resource-group',
          TARGET.resourceGroup,
          '--workspace-name',
          TARGET.workspace,
        );
        let sentAt = 0;
        const stopped = await run(
          args,
          repo,
          { RULECTL_EMULATOR_TOKEN: emu.token },
          () => emu.stats().throttled >= 1 && (sentAt ||= performance.now()) > 0,
          sig,
        );
        const took = performance.now() - sentAt;
        expect(stopped.code, stopped.out).toBe(130);
        expect(stopped.out).toMatch(/interrupted: \d+ change\(s\) not applied; deploy again to finish/);
        expect(took).toBeLessThan(7000);
      } finally {
        await emu.close();
      }
    },
    30_000,
  );
});
