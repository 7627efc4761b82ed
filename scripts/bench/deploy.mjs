// deploy_vs_bound: `rulectl deploy` of 200 new generated rules, as a whole process, to the emulator under an ARM-style
// write token bucket (burst 20, 10/s) and 50 ms latency. The bound is the least time that bucket allows for the
// writes the deploy actually made (rule and ownership PUTs); the ratio is wall time / bound. A redeploy of the same
// rules must make zero writes.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../bench-lib.mjs';

const RULES = 200;
const BURST = 20;
const PER_SECOND = 10;
const LATENCY_MS = 50;

function rule(n) {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return `id: ${id}
name: Bench rule ${n}
description: |
  'Generated for the deploy benchmark.'
severity: Medium
queryFrequency: 1h
queryPeriod: 1d
triggerOperator: gt
triggerThreshold: 0
tactics:
  - Execution
relevantTechniques:
  - T1059
query: |
  SecurityEvent | where EventID == ${4000 + n}
version: 1.0.0
kind: Scheduled
`;
}

function deploy(args, cwd, env) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [path.join(root, 'bin/rulectl.js'), ...args], {
      cwd,
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    child.on('error', reject);
    child.on('close', code => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (code !== 0) reject(new Error(`deploy exited ${code}: ${err}`));
      else resolve({ seconds, report: JSON.parse(out) });
    });
  });
}

export async function run({ log }) {
  if (!existsSync(path.join(root, 'dist/emulator/server.js')))
    throw new Error('dist/ missing: run npm run build first');
  const { startEmulator } = await import(pathToFileURL(path.join(root, 'dist/emulator/server.js')).href);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-bench-deploy-'));
  const emu = await startEmulator({ latencyMs: LATENCY_MS, throttle: { burst: BURST, perSecond: PER_SECOND } });
  try {
    await mkdir(path.join(dir, 'rules'));
    for (let n = 1; n <= RULES; n++) await writeFile(path.join(dir, 'rules', `rule-${n}.yaml`), rule(n));
    await writeFile(path.join(dir, 'ca.pem'), emu.ca);
    await writeFile(path.join(dir, 'rulectl.yaml'), 'repository: bench\n');
    const args = ['deploy', '--emulator', emu.url, '--emulator-ca', 'ca.pem', '--format', 'json'];
    const env = { RULECTL_EMULATOR_TOKEN: emu.token };

    const first = await deploy(args, dir, env);
    const stats = emu.stats();
    const writes = stats.writes + stats.deletes;
    const boundSeconds = Math.max(0, writes - BURST) / PER_SECOND;
    log(
      `first deploy: ${first.seconds.toFixed(2)} s, ${writes} writes (${first.report.counts.create} created), ${stats.throttled} throttled; bound ${boundSeconds.toFixed(2)} s`,
    );

    const second = await deploy(args, dir, env);
    const redeployWrites = emu.stats().writes + emu.stats().deletes - writes;
    log(
      `redeploy: ${second.seconds.toFixed(2)} s, ${second.report.counts.unchanged} unchanged, ${redeployWrites} writes`,
    );
    return {
      deploy_vs_bound: first.seconds / boundSeconds,
      deploy_writes_per_rule: writes / RULES,
      deploy_throttled_429s: stats.throttled,
      deploy_redeploy_writes: redeployWrites,
      // Fixed cost of a deploy process (start-up, validation, listing) that the bound does not include: the no-op
      // redeploy's wall time. (first - this) / bound is how close the write phase itself is to the bucket's limit.
      deploy_noop_seconds: second.seconds,
      deploy_write_phase_vs_bound: (first.seconds - second.seconds) / boundSeconds,
      targets: { deploy_vs_bound: '<= 1.15', deploy_redeploy_writes: '<= 0' },
    };
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
}
