// Deploy through the real SDK pipeline while the emulator throttles, fails and drops connections: every rule
// lands exactly as planned, and a redeploy is a no-op.
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { EMPTY_CONFIG, type WorkspaceConfig } from '../../src/config/config.js';
import { runDeploy } from '../../src/cli/deploy-run.js';
import { Pacer } from '../../src/deploy/pacing.js';
import { startEmulator } from '../../src/emulator/server.js';
import type { EmulatorOptions } from '../../src/emulator/options.js';
import { emulatorClient, makeRepo, ruleId, TARGET } from './helpers.js';

const WORKSPACE: WorkspaceConfig = {
  name: 'test',
  subscription: TARGET.subscriptionId,
  resourceGroup: TARGET.resourceGroup,
  workspace: TARGET.workspace,
  prune: false,
  environment: 'test',
  overrides: {},
};
const N = 12;

async function deployUnder(options: EmulatorOptions) {
  const emu = await startEmulator(options);
  try {
    const repo = await makeRepo(Array.from({ length: N }, (_, i) => i + 1));
    const pacer = new Pacer();
    const client = emulatorClient(emu, pacer);
    const run = () =>
      runDeploy({
        io: memoryIo(repo),
        config: EMPTY_CONFIG,
        workspace: WORKSPACE,
        client,
        paths: ['rules'],
        dryRun: false,
        concurrency: 4,
        format: 'text',
      });
    const first = await run();
    const stats = emu.stats();
    const before = stats.writes;
    const second = await run();
    const names = (await client.listRules()).map(r => r.name);
    return { first, second, stats, redeployWrites: emu.stats().writes - before, names, pacer };
  } finally {
    await emu.close();
  }
}

function expectConverged(r: Awaited<ReturnType<typeof deployUnder>>) {
  expect(r.first.exit).toBe(0);
  expect(r.first.results?.every(x => x.outcome === 'applied')).toBe(true);
  expect(r.names).toEqual(expect.arrayContaining(Array.from({ length: N }, (_, i) => ruleId(i + 1))));
  expect(r.second.changes.every(c => c.kind === 'unchanged')).toBe(true);
  expect(r.redeployWrites).toBe(0);
}

describe('deploy under faults (SDK retries + pacing)', () => {
  it('a 429 storm: every write eventually admitted, Retry-After honoured, rate learned', async () => {
    const r = await deployUnder({ throttle: { burst: 3, perSecond: 20 } });
    expectConverged(r);
    expect(r.stats.throttled).toBeGreaterThan(0);
    expect(r.pacer.stats().throttled).toBeGreaterThan(0);
  });

  it('random 500s are retried', async () => {
    const r = await deployUnder({ faults: { error500Rate: 0.3, seed: 7 } });
    expectConverged(r);
    expect(r.stats.failed).toBeGreaterThan(0);
  });

  it('dropped connections are retried and the idempotent PUTs converge', async () => {
    const r = await deployUnder({ faults: { dropRate: 0.25, seed: 3 } });
    expectConverged(r);
    expect(r.stats.dropped).toBeGreaterThan(0);
  });
});
