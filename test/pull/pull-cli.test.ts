// `rulectl pull` in-process against the emulator: a pull into an empty folder deploys as zero changes, pull then
// deploy only writes ownership records, and `--drifted` brings a portal edit (a raw HTTPS PUT) back into exactly
// the one file, its comments kept. On the bundled rules/ (always) and the whole corpus (when present).
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeployReport } from '../../src/report/plan.js';
import { startEmulator } from '../../src/emulator/server.js';
import type { RunningEmulator } from '../../src/emulator/options.js';
import { findRuleFiles } from '../../src/rules/load.js';
import { emulatorClient } from '../deploy/helpers.js';
import { BUNDLED_RULES, emulatorRepo, emulatorRequest, RULES_PATH, snapshot, type Repo } from './helpers.js';

const corpus = process.env.RULECTL_CORPUS ?? path.resolve(import.meta.dirname, '../../../shared/corpus/azure-sentinel');

async function dryRun(repo: Repo, ...paths: string[]): Promise<DeployReport> {
  const r = await repo.run('deploy', '-w', 'emu', '--dry-run', '--format', 'json', ...paths);
  return JSON.parse(r.out) as DeployReport;
}

describe('rulectl pull (CLI, emulator)', () => {
  let emu: RunningEmulator;
  beforeEach(async () => {
    emu = await startEmulator({ pageSize: 2 });
  });
  afterEach(() => emu.close());

  it('pulls every page of the bundled rules into an empty folder, and the dry run then plans no change', async () => {
    const source = await emulatorRepo(emu, 'team-a', BUNDLED_RULES);
    const deployed = await source.run('deploy', '-w', 'emu');
    expect(deployed.code).toBe(0);
    const clone = await emulatorRepo(emu, 'team-a');
    const pulled = await clone.run('pull', '-w', 'emu');
    expect(pulled.err).toBe('');
    expect(pulled.code).toBe(0);
    // Four rules over two-rule pages: the second page was read too.
    expect(pulled.out).toContain('4 new file(s)');
    expect([...(await snapshot(path.join(clone.dir, 'rules'))).keys()].sort()).toEqual([
      'encoded-powershell-command-on-a-device.yaml',
      'hafnium-um-service-writing-suspicious-file.yaml',
      'password-spray-against-entra-id-from-one-address.yaml',
      'user-added-to-a-privileged-entra-id-role.yaml',
    ]);
    const plan = await dryRun(clone);
    expect(plan.counts).toMatchObject({ create: 0, update: 0, drifted: 0, conflict: 0, unchanged: 4 });
    // A second pull finds every file up to date and writes nothing.
    const before = await snapshot(clone.dir);
    const again = await clone.run('pull', '-w', 'emu');
    expect(again.out).toContain('0 new file(s), 0 updated, 4 unchanged');
    expect(await snapshot(clone.dir)).toEqual(before);
  });

  it('pull then deploy adopts rules made outside rulectl: ownership records only, no rule rewritten', async () => {
    const source = await emulatorRepo(emu, 'team-a', BUNDLED_RULES);
    // Rules put straight into the workspace (as the portal would), so nobody owns them.
    const client = emulatorClient(emu);
    const seeding = await source.run('deploy', '-w', 'emu');
    expect(seeding.code).toBe(0);
    for (const r of await client.listOwnership()) await client.deleteOwnership(r);
    const etags = new Map((await client.listRules()).map(r => [r.name, r.etag]));

    const repo = await emulatorRepo(emu, 'team-b');
    expect((await repo.run('pull', '-w', 'emu')).code).toBe(0);
    const writesBefore = emu.stats().writes;
    const adopt = await repo.run('deploy', '-w', 'emu', '--format', 'json');
    expect(adopt.code).toBe(0);
    const report = JSON.parse(adopt.out) as DeployReport;
    expect(report.counts).toMatchObject({ create: 0, update: 0, drifted: 0, conflict: 0, unchanged: 4 });
    expect(emu.stats().writes - writesBefore).toBe(4);
    expect((await client.listOwnership()).map(r => r.repository)).toEqual(['team-b', 'team-b', 'team-b', 'team-b']);
    expect(new Map((await client.listRules()).map(r => [r.name, r.etag]))).toEqual(etags);
  });

  it('--drifted writes exactly the rule edited in the workspace, into its own file, comments kept', async () => {
    const repo = await emulatorRepo(emu, 'team-a', BUNDLED_RULES);
    const file = path.join(repo.dir, 'rules', 'identity', 'password-spray.yaml');
    const original = await readFile(file, 'utf8');
    const commented = original
      .replace(/^severity: Medium$/m, 'severity: Medium # agreed with the SOC in March')
      .replace(/^query: \|/m, '# The threshold is tuned for a 20k-user tenant.\nquery: |');
    await writeFile(file, commented);
    expect((await repo.run('deploy', '-w', 'emu')).code).toBe(0);

    // A portal edit: raw GET and PUT of one rule over HTTPS, nothing of rulectl in between.
    const url = `${RULES_PATH}/cbb91038-16a5-428f-a44d-be08f613af90?api-version=2024-01-01-preview`;
    const got = (await emulatorRequest(emu, 'GET', url)).body as { kind: string; properties: Record<string, unknown> };
    const query = String(got.properties.query).replace('failureThreshold = 20', 'failureThreshold = 30');
    expect(query).not.toBe(got.properties.query);
    const put = await emulatorRequest(emu, 'PUT', url, { kind: got.kind, properties: { ...got.properties, query } });
    expect(put.status).toBe(200);

    const before = await snapshot(repo.dir);
    const pulled = await repo.run('pull', '-w', 'emu', '--drifted');
    expect(pulled.code).toBe(0);
    expect(pulled.out).toContain('updated rules/identity/password-spray.yaml');
    const after = await snapshot(repo.dir);
    const changed = [...after.keys()].filter(k => after.get(k) !== before.get(k));
    expect(changed).toEqual([path.join('rules', 'identity', 'password-spray.yaml')]);
    // Only the threshold's line differs; the comments and every other line are as they were.
    const [was, now] = [commented.split('\n'), (after.get(changed[0] ?? '') ?? '').split('\n')];
    expect(now.length).toBe(was.length);
    const differing = now.filter((line, i) => line !== was[i]);
    expect(differing).toHaveLength(1);
    expect(differing[0]).toContain('failureThreshold = 30');
    expect(now).toContain('severity: Medium # agreed with the SOC in March');
    expect(now).toContain('# The threshold is tuned for a 20k-user tenant.');

    const plan = await dryRun(repo);
    expect(plan.counts).toMatchObject({ create: 0, update: 0, drifted: 0, unchanged: 4 });
    // Nothing drifted any more from the records' point of view once the pull is deployed (records refreshed).
    expect((await repo.run('deploy', '-w', 'emu')).code).toBe(0);
    const quiet = await repo.run('pull', '-w', 'emu', '--drifted');
    expect(quiet.out).toContain('0 new file(s), 0 updated, 0 unchanged');
  });

  it('skips kinds rule files cannot hold, naming them', async () => {
    const repo = await emulatorRepo(emu, 'team-a');
    const fusion = await emulatorRequest(emu, 'PUT', `${RULES_PATH}/BuiltInFusion?api-version=2024-01-01-preview`, {
      kind: 'Fusion',
      properties: { enabled: true, alertRuleTemplateName: 'f71aba3d-28fb-450b-b192-4e76a83015c8' },
    });
    expect(fusion.status).toBeLessThan(300);
    const pulled = await repo.run('pull', '-w', 'emu');
    expect(pulled.code).toBe(0);
    expect(pulled.out).toMatch(/skipped .*BuiltInFusion.*kind Fusion has no rule-file form/);
    expect(pulled.out).toContain('0 new file(s), 0 updated, 0 unchanged, 1 skipped');
  });

  it('refuses a workspace name rulectl.yaml does not have, before any file is written', async () => {
    const repo = await emulatorRepo(emu, 'team-a');
    const r = await repo.run('pull', '-w', 'nope');
    expect(r.code).toBe(2);
    expect(r.err).toContain('no workspace "nope"');
  });
});

describe.skipIf(!existsSync(corpus))('rulectl pull on corpus rules', () => {
  it('deploy the whole corpus, pull it into an empty folder, and the dry run of the pulled files plans 0 changes', async () => {
    const emu = await startEmulator();
    try {
      const all = await findRuleFiles([corpus], process.cwd());
      const source = await emulatorRepo(emu, 'corpus');
      const deployed = await source.run('deploy', '-w', 'emu', '--format', 'json', ...all);
      const created = (JSON.parse(deployed.out) as DeployReport).counts.create;
      expect(created).toBeGreaterThan(all.length * 0.8);
      const clone = await emulatorRepo(emu, 'corpus');
      const pulled = await clone.run('pull', '-w', 'emu', '--out', 'pulled');
      expect(pulled.code).toBe(0);
      expect(pulled.out).toContain(`pulled emu: ${created} new file(s)`);
      const plan = await dryRun(clone, 'pulled');
      expect(plan.counts).toMatchObject({ create: 0, update: 0, drifted: 0, conflict: 0, unchanged: created });
    } finally {
      await emu.close();
    }
  }, 300_000);
});
