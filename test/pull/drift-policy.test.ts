// deploy --on-drift overwrite|keep|fail and the workspace's `onDrift:` in rulectl.yaml, against the emulator: a
// portal edit (a raw HTTPS PUT) is replaced, left alone, or stops the deploy before anything is written.
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import type { RunningEmulator } from '../../src/emulator/options.js';
import type { DeployReport } from '../../src/report/plan.js';
import { BUNDLED_RULES, emulatorRepo, emulatorRequest, RULES_PATH, type Repo } from './helpers.js';

const SPRAY = `${RULES_PATH}/cbb91038-16a5-428f-a44d-be08f613af90?api-version=2024-01-01-preview`;

async function severity(emu: RunningEmulator): Promise<unknown> {
  return ((await emulatorRequest(emu, 'GET', SPRAY)).body as { properties: { severity: unknown } }).properties.severity;
}

describe('deploy --on-drift (CLI, emulator)', () => {
  let emu: RunningEmulator;
  let repo: Repo;
  beforeEach(async () => {
    emu = await startEmulator();
    repo = await emulatorRepo(emu, 'team-a', BUNDLED_RULES);
    expect((await repo.run('deploy', '-w', 'emu')).code).toBe(0);
    // The portal edit: severity Medium -> High on one rule.
    const got = (await emulatorRequest(emu, 'GET', SPRAY)).body as { kind: string; properties: object };
    const put = await emulatorRequest(emu, 'PUT', SPRAY, {
      kind: got.kind,
      properties: { ...got.properties, severity: 'High' },
    });
    expect(put.status).toBe(200);
  });
  afterEach(() => emu.close());

  it('overwrite (the default) puts the repository version back', async () => {
    const r = await repo.run('deploy', '-w', 'emu');
    expect(r.code).toBe(0);
    expect(r.out).toContain("the repository's version wins");
    expect(await severity(emu)).toBe('Medium');
  });

  it('keep leaves the workspace version and keeps reporting it as drifted', async () => {
    const before = emu.stats().writes;
    const r = await repo.run('deploy', '-w', 'emu', '--on-drift', 'keep', '--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as DeployReport;
    expect(report.counts).toMatchObject({ drifted: 1, update: 0, unchanged: 3 });
    expect(JSON.stringify(report)).toContain('kept as it is (on-drift: keep)');
    expect(emu.stats().writes).toBe(before);
    expect(await severity(emu)).toBe('High');
    // The record still holds what was deployed: pull --drifted finds the edit.
    const pulled = await repo.run('pull', '-w', 'emu', '--drifted');
    expect(pulled.out).toContain('updated rules/identity/password-spray.yaml');
  });

  it('fail writes nothing, exits 1 and says what to do; a dry run fails the same way', async () => {
    const before = emu.stats().writes;
    const r = await repo.run('deploy', '-w', 'emu', '--on-drift', 'fail');
    expect(r.code).toBe(1);
    expect(r.err).toContain('1 rule(s) changed in the workspace since this repository deployed them (on-drift: fail)');
    expect(r.err).toContain('nothing was written');
    expect(emu.stats().writes).toBe(before);
    expect(await severity(emu)).toBe('High');
    expect((await repo.run('deploy', '-w', 'emu', '--on-drift', 'fail', '--dry-run')).code).toBe(1);
  });

  it("takes the workspace's onDrift from rulectl.yaml; the flag wins over it", async () => {
    await appendFile(path.join(repo.dir, 'rulectl.yaml'), '    onDrift: keep\n');
    expect((await repo.run('deploy', '-w', 'emu')).code).toBe(0);
    expect(await severity(emu)).toBe('High');
    expect((await repo.run('deploy', '-w', 'emu', '--on-drift', 'overwrite')).code).toBe(0);
    expect(await severity(emu)).toBe('Medium');
  });

  it('refuses an unknown onDrift in rulectl.yaml', async () => {
    await appendFile(path.join(repo.dir, 'rulectl.yaml'), '    onDrift: sometimes\n');
    const r = await repo.run('deploy', '-w', 'emu');
    expect(r.code).toBe(2);
    expect(r.err).toContain('workspaces.emu.onDrift: expected overwrite, keep, fail');
  });
});
