// `rulectl start` (what `npm start` runs): validate, build, deploy twice to the in-process emulator.
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { makeRepo, ruleId } from './helpers.js';

describe('rulectl start', () => {
  it('deploys the repository to the embedded emulator, and the redeploy writes nothing', async () => {
    const dir = await makeRepo([1, 2], 'repository: demo\nworkspaces:\n  local:\n    emulator: embedded\n');
    const io = memoryIo(dir);
    // KQL analysis has its own tests; here it would only add the Kusto library's load time.
    expect(await runCli(['start', '--kql', 'off'], io)).toBe(0);
    expect(io.out).toContain('2 to create');
    expect(io.out).toMatch(/Done: 2 rule\(s\) deployed to local \(4 writes .*\); the redeploy made 0 writes/);
    // Step 6: the survey over the generated logs, through the emulator's query API.
    expect(io.out).toMatch(/== 6\/6 survey[\s\S]*2 rule\(s\), \d+ schedule runs replayed with \d+ queries/);
    expect((await readdir(path.join(dir, 'templates'))).sort()).toEqual([`${ruleId(1)}.json`, `${ruleId(2)}.json`]);
    // The survey step loads Kusto.Language (the query API's engine): seconds on a busy machine.
  }, 120_000);

  it("keeps the workspace's data: file, as deploy does", async () => {
    const config =
      'repository: demo\nworkspaces:\n  local:\n    emulator: embedded\n    data: .rulectl/emulator.json\n';
    const dir = await makeRepo([1, 2], config);
    expect(await runCli(['deploy', '-w', 'local'], memoryIo(dir))).toBe(0);
    const io = memoryIo(dir);
    expect(await runCli(['start', '--kql', 'off'], io)).toBe(0);
    const firstDeploy = io.out.slice(io.out.indexOf('== 4/6'), io.out.indexOf('== 5/6'));
    expect(firstDeploy).toContain('0 to create, 0 to update, 0 drifted, 0 to delete, 0 orphaned, 2 unchanged');
    expect(io.out).toContain('data: .rulectl/emulator.json');
    await rm(path.join(dir, 'rules', 'rule-2.yaml'));
    expect(await runCli(['start', '--kql', 'off'], memoryIo(dir))).toBe(0);
    const after = memoryIo(dir);
    expect(await runCli(['deploy', '-w', 'local', '--dry-run'], after)).toBe(0);
    expect(after.out).toContain('1 orphaned, 1 unchanged');
    await writeFile(path.join(dir, '.rulectl', 'emulator.json'), '{');
    const bad = memoryIo(dir);
    expect(await runCli(['start', '--kql', 'off'], bad)).toBe(2);
    expect(bad.err).toMatch(/^rulectl: emulator data file .*emulator\.json is not valid JSON/);
  });

  it('refuses a workspace that is not an embedded emulator', async () => {
    const dir = await makeRepo(
      [1],
      'workspaces:\n  prod:\n    subscription: s\n    resourceGroup: r\n    workspace: law\n',
    );
    const io = memoryIo(dir);
    expect(await runCli(['start'], io)).toBe(2);
    expect(io.err).toContain('rulectl start deploys only to an embedded emulator');
  });
});
