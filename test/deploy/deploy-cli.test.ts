// `rulectl deploy` in-process against the emulator over HTTPS: create, no-op, update, drift, prune, dry run, JSON.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { startEmulator } from '../../src/emulator/server.js';
import type { RunningEmulator } from '../../src/emulator/options.js';
import type { DeployReport } from '../../src/report/plan.js';
import { emulatorClient, makeRepo, ruleId, ruleYaml, TARGET } from './helpers.js';

describe('rulectl deploy (CLI, emulator)', () => {
  let emu: RunningEmulator;
  let caFile: string;
  let repo: string;
  const env = () => ({ RULECTL_EMULATOR_TOKEN: emu.token });
  const deploy = async (...extra: string[]) => {
    const io = memoryIo(repo, env());
    const base = ['deploy', '--emulator', emu.url, '--emulator-ca', caFile];
    const coords = ['--subscription', TARGET.subscriptionId, '--resource-group', TARGET.resourceGroup];
    const code = await runCli([...base, ...coords, '--workspace-name', TARGET.workspace, ...extra], io);
    return { code, out: io.out, err: io.err };
  };
  const json = async (...extra: string[]) => {
    const r = await deploy('--format', 'json', ...extra);
    return { ...r, report: JSON.parse(r.out) as DeployReport };
  };

  beforeAll(async () => {
    emu = await startEmulator();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-ca-'));
    caFile = path.join(dir, 'ca.pem');
    await writeFile(caFile, emu.ca);
    repo = await makeRepo([1, 2, 3], 'repository: team-a\n');
  });
  afterAll(() => emu.close());

  it('dry run plans three creates and writes nothing', async () => {
    const before = emu.stats().writes;
    const { code, out } = await deploy('--dry-run');
    expect(code).toBe(0);
    expect(out).toContain('3 to create');
    expect(emu.stats().writes).toBe(before);
  });

  it('creates, and a redeploy makes zero writes', async () => {
    const first = await json();
    expect(first.code).toBe(0);
    expect(first.report.counts.create).toBe(3);
    expect(first.report.writes).toBe(6);
    const before = emu.stats().writes;
    const second = await json();
    expect(second.report.counts.unchanged).toBe(3);
    expect(emu.stats().writes - before).toBe(0);
    expect(first.out + first.err + second.out).not.toContain(emu.token);
  });

  it('updates an edited rule with a field diff, and reports a portal change as drift', async () => {
    await writeFile(path.join(repo, 'rules', 'rule-1.yaml'), ruleYaml(1).replace('severity: Medium', 'severity: High'));
    const client = emulatorClient(emu);
    const rule2 = await client.getRule(ruleId(2));
    if (!rule2) throw new Error('rule 2 missing');
    await client.putRule({
      name: rule2.name,
      kind: rule2.kind,
      apiVersion: '2024-01-01-preview',
      properties: { ...rule2.properties, enabled: false },
    });
    const { code, out } = await deploy();
    expect(code).toBe(0);
    expect(out).toMatch(/~ update\s+Generated rule 1 .*\n\s+severity: "Medium" -> "High"/);
    expect(out).toMatch(/! drifted\s+Generated rule 2 .*\n.*changed in the workspace.*\n\s+enabled: false -> true/);
    expect((await client.getRule(ruleId(2)))?.properties.enabled).toBe(true);
    expect((await json()).report.counts.unchanged).toBe(3);
  });

  it('keeps an owned rule removed from the repository unless --prune; never deletes unowned rules', async () => {
    const client = emulatorClient(emu);
    const portal = '99999999-0000-4000-8000-000000000000';
    await client.putRule({
      name: portal,
      kind: 'Scheduled',
      apiVersion: '2022-11-01',
      properties: {
        displayName: 'Made in the portal',
        severity: 'Low',
        enabled: true,
        query: 'SecurityEvent',
        queryFrequency: 'PT1H',
        queryPeriod: 'PT1H',
        triggerOperator: 'GreaterThan',
        triggerThreshold: 0,
        suppressionDuration: 'PT1H',
        suppressionEnabled: false,
      },
    });
    await rm(path.join(repo, 'rules', 'rule-3.yaml'));
    const kept = await json();
    expect(kept.report.changes.find(c => c.name === ruleId(3))?.kind).toBe('orphaned');
    expect(await client.getRule(ruleId(3))).toBeDefined();

    const pruned = await json('--prune');
    expect(pruned.code).toBe(0);
    expect(pruned.report.changes.filter(c => c.kind === 'delete').map(c => c.name)).toEqual([ruleId(3)]);
    const names = (await client.listRules()).map(r => r.name).sort();
    expect(names).toEqual([ruleId(1), ruleId(2), portal, 'BuiltInFusion'].sort());
    expect((await client.listOwnership()).some(r => r.ruleName === ruleId(3))).toBe(false);
  });

  it('does not deploy a rule with errors, deploys the rest, and exits 1', async () => {
    await writeFile(
      path.join(repo, 'rules', 'rule-4.yaml'),
      ruleYaml(4).replace('severity: Medium', 'severity: Severe'),
    );
    await writeFile(path.join(repo, 'rules', 'rule-5.yaml'), ruleYaml(5));
    const { code, err, out } = await deploy('--prune');
    expect(code).toBe(1);
    expect(err).toMatch(/rules\/rule-4\.yaml:\d+:\d+: error: .*Severe/);
    expect(out).toContain('1 to create');
    const client = emulatorClient(emu);
    expect(await client.getRule(ruleId(4))).toBeUndefined();
    expect(await client.getRule(ruleId(5))).toBeDefined();
    await rm(path.join(repo, 'rules', 'rule-4.yaml'));
  });

  it('with --prune, keeps a deployed rule whose file has errors this run: neither updated nor deleted', async () => {
    const client = emulatorClient(emu);
    const before = await client.getRule(ruleId(2));
    expect(before).toBeDefined();
    const good = ruleYaml(2);
    await writeFile(path.join(repo, 'rules', 'rule-2.yaml'), good.replace('severity: Medium', 'severity: Severe'));
    try {
      const { code, report } = await json('--prune');
      expect(code).toBe(1);
      expect(report.diagnostics.some(d => d.file === 'rules/rule-2.yaml' && d.severity === 'error')).toBe(true);
      expect(report.changes.filter(c => c.name === ruleId(2))).toEqual([]);
      expect(report.counts.delete).toBe(0);
      expect((await client.getRule(ruleId(2)))?.properties).toEqual(before?.properties);
      expect((await client.listOwnership()).some(r => r.ruleName === ruleId(2))).toBe(true);
    } finally {
      await writeFile(path.join(repo, 'rules', 'rule-2.yaml'), good);
    }
  });

  it('exits 2 with a clear message for a bad rulectl.yaml or an unknown workspace', async () => {
    const dir = await makeRepo([1], 'workspaces:\n  prod:\n    subscripton: x\n');
    const io = memoryIo(dir);
    expect(await runCli(['deploy', '--workspace', 'prod'], io)).toBe(2);
    expect(io.err).toContain('rulectl.yaml:3:5: unknown key "subscripton"; did you mean "subscription"?');
    const dir2 = await makeRepo([1], 'workspaces:\n  prod:\n    emulator: embedded\n');
    const io2 = memoryIo(dir2);
    expect(await runCli(['deploy', '--workspace', 'prd'], io2)).toBe(2);
    expect(io2.err).toContain('no workspace "prd" in rulectl.yaml; did you mean "prod"?');
  });

  it('exits 2 for an emulator URL that is not https, or without its CA certificate, before connecting', async () => {
    const coords = ['--subscription', 's', '--resource-group', 'r', '--workspace-name', 'w'];
    const plain = memoryIo(repo);
    expect(await runCli(['deploy', '--emulator', 'http://127.0.0.1:1', ...coords], plain)).toBe(2);
    expect(plain.err).toBe('rulectl: --emulator must be an https URL, got "http://127.0.0.1:1"\n');
    const noCa = memoryIo(repo);
    expect(await runCli(['deploy', '--emulator', 'https://127.0.0.1:1', ...coords], noCa)).toBe(2);
    expect(noCa.err).toContain('the emulator at https://127.0.0.1:1 needs its CA certificate: --emulator-ca FILE');
  });

  it('never echoes the user and password of an emulator URL', async () => {
    const coords = ['--subscription', 's', '--resource-group', 'r', '--workspace-name', 'w'];
    const runs = [
      ['deploy', '--emulator', 'https://user:PASSWORD123@127.0.0.1:1', '--emulator-ca', caFile, ...coords],
      ['deploy', '--emulator', 'https://user:PASSWORD123@127.0.0.1:1', ...coords],
      ['deploy', '--emulator', 'http://user:PASSWORD123@127.0.0.1:1', ...coords],
    ];
    for (const argv of runs) {
      const io = memoryIo(repo, env());
      expect(await runCli(argv, io)).toBe(2);
      expect(io.err).toMatch(/127\.0\.0\.1:1/);
      expect(io.out + io.err).not.toMatch(/PASSWORD123|user:/);
    }
    const dir = await makeRepo([1], 'workspaces:\n  emu:\n    emulator: https://user:PASSWORD123@127.0.0.1:1\n');
    const ws = memoryIo(dir);
    expect(await runCli(['workspaces'], ws)).toBe(0);
    expect(ws.out).toBe('emu  emulator https://127.0.0.1:1  prune: false  environment: emu\n');
  });

  it('sends sub-techniques, sentinelEntitiesMappings and pass-through tags from a rule file and reads them back', async () => {
    const extra = 'sentinelEntitiesMappings:\n  - columnName: Entities\ntags:\n  - Schema: ASIMProcessEvent\n';
    const text = ruleYaml(7, extra).replace('  - T1059\n', '  - T1059.001\n');
    await writeFile(path.join(repo, 'rules', 'rule-7.yaml'), text);
    const { code } = await deploy();
    expect(code).toBe(0);
    const stored = await emulatorClient(emu).getRule(ruleId(7));
    expect(stored?.properties).toMatchObject({
      techniques: ['T1059'],
      subTechniques: ['T1059.001'],
      sentinelEntitiesMappings: [{ columnName: 'Entities' }],
      tags: [{ Schema: 'ASIMProcessEvent' }],
    });
    expect((await json()).report.counts.unchanged).toBeGreaterThan(0);
    expect((await json()).report.writes).toBe(0);
  });

  it('--adopt ID (repeatable, any case) and --adopt-all take over a same-id rule this repository does not own', async () => {
    const client = emulatorClient(emu);
    const taken = [ruleId(8), ruleId(9)];
    for (const [i, name] of taken.entries())
      await client.putRule({
        name: name.toUpperCase(),
        kind: 'Scheduled',
        apiVersion: '2022-11-01',
        properties: {
          displayName: `Portal ${i}`,
          severity: 'Low',
          enabled: true,
          query: 'SecurityEvent',
          queryFrequency: 'PT1H',
          queryPeriod: 'PT1H',
          triggerOperator: 'GreaterThan',
          triggerThreshold: 0,
          suppressionDuration: 'PT1H',
          suppressionEnabled: false,
        },
      });
    for (const n of [8, 9]) await writeFile(path.join(repo, 'rules', `rule-${n}.yaml`), ruleYaml(n));
    const refused = await deploy();
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('2 in conflict');
    expect(refused.err).toContain('rulectl: 2 rule(s) have the id of a rule this repository does not own');
    const one = await json('--adopt', ruleId(8).toUpperCase(), '--adopt', 'not-a-rule');
    expect(one.report.changes.filter(c => c.kind === 'conflict').map(c => c.name)).toEqual([ruleId(9)]);
    expect(one.err).toContain('rulectl: warning: --adopt names ids no rule deployed here has: not-a-rule');
    expect((await client.getRule(ruleId(8)))?.properties.displayName).toBe('Generated rule 8');
    expect((await client.getRule(ruleId(9)))?.properties.displayName).toBe('Portal 1');
    const all = await json('--adopt-all');
    expect(all.code).toBe(0);
    expect(all.report.counts.conflict).toBe(0);
    expect((await client.getRule(ruleId(9)))?.properties.displayName).toBe('Generated rule 9');
  });
});
