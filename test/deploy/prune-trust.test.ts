// What prune and deploy trust: an ownership record only when it is named after its rule, points at that rule in
// this workspace and the rule is of a kind rulectl deploys; a rule this repository does not own is a conflict
// (left alone) unless adopted; `repository: rulectl` owns nothing worth pruning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { EMPTY_CONFIG, type WorkspaceConfig } from '../../src/config/config.js';
import { fromMetadata, ruleResourceId, toMetadata, type MetadataFields } from '../../src/deploy/ownership.js';
import { plan, type PlanOptions } from '../../src/deploy/plan.js';
import { planMarkdown, renderPlan } from '../../src/report/plan.js';
import { runDeploy, type DeployFormat } from '../../src/cli/deploy-run.js';
import type { ActualRule, DesiredRule } from '../../src/deploy/types.js';
import type { RunningEmulator } from '../../src/emulator/options.js';
import { startEmulator } from '../../src/emulator/server.js';
import { request } from '../emulator/client.js';
import { FakeClient } from './fake-client.js';
import { emulatorClient, makeRepo, ruleId, TARGET } from './helpers.js';

const record = (ruleName: string, extra: Partial<MetadataFields> = {}): MetadataFields => ({
  name: `analyticsrule-${ruleName.toLowerCase()}`,
  ...toMetadata({ ruleName, repository: 'secops', hash: 'h' }, TARGET),
  ...extra,
});

describe('fromMetadata', () => {
  it('reads a record rulectl wrote, whatever the case of the ARM id', () => {
    expect(fromMetadata(record('rule-1'), TARGET)).toEqual({
      metadataName: 'analyticsrule-rule-1',
      ruleName: 'rule-1',
      repository: 'secops',
      hash: 'h',
    });
    const shouted = record('rule-1', { parentId: ruleResourceId(TARGET, 'rule-1').toUpperCase() });
    expect(fromMetadata(shouted, TARGET)?.ruleName).toBe('RULE-1');
    expect(fromMetadata(record('rule-1', { name: 'AnalyticsRule-RULE-1' }), TARGET)).toBeDefined();
  });

  it('refuses a record not named after its rule, or whose parentId is another workspace', () => {
    const other = (part: Partial<typeof TARGET>) =>
      record('rule-1', { parentId: ruleResourceId({ ...TARGET, ...part }, 'rule-1') });
    for (const [why, m] of [
      ['an unrelated name', record('rule-1', { name: 'unrelated-item' })],
      ["another rule's name", record('rule-1', { name: 'analyticsrule-rule-2' })],
      ['another subscription', other({ subscriptionId: '99999999-9999-9999-9999-999999999999' })],
      ['another resource group', other({ resourceGroup: 'elsewhere' })],
      ['another workspace', other({ workspace: 'otherws' })],
      ['not an alert rule', record('rule-1', { parentId: `${ruleResourceId(TARGET, 'x')}/../automationRules/y` })],
    ] as const)
      expect(fromMetadata(m, TARGET), why).toBeUndefined();
  });
});

const REPO: PlanOptions = { repository: 'secops', prune: true };

function desired(name: string, severity = 'High'): DesiredRule {
  return {
    name,
    kind: 'Scheduled',
    apiVersion: '2022-11-01',
    file: `rules/${name}.yaml`,
    properties: { displayName: `Rule ${name}`, severity, query: 'SecurityEvent' },
  };
}
const actual = (d: DesiredRule, name = d.name): ActualRule => ({ name, kind: d.kind, properties: d.properties });
const ours = (ruleName: string, repository = 'secops') => ({
  metadataName: `analyticsrule-${ruleName}`,
  ruleName,
  repository,
  hash: 'h',
});

describe('plan: what this repository may change', () => {
  it('never deletes a rule of a kind rulectl does not deploy, even with a valid-looking record of ours', () => {
    const fusion: ActualRule = { name: 'BuiltInFusion', kind: 'Fusion', properties: { displayName: 'Fusion' } };
    const changes = plan([], [fusion], [ours('BuiltInFusion')], REPO);
    expect(changes).toEqual([]);
  });

  it('makes an id taken by a portal rule (any case) or another repository a conflict, applied only when adopted', () => {
    const [a, b, c] = [desired('a'), desired('b'), desired('c')];
    const inWorkspace = [actual(desired('a', 'Low'), 'A'), actual(desired('b', 'Low')), actual(c)];
    const records = [ours('b', 'other-repo'), ours('c', 'other-repo')];
    const changes = plan([a, b, c], inWorkspace, records, REPO);
    expect(changes.map(x => [x.kind, x.name])).toEqual([
      ['conflict', 'a'],
      ['conflict', 'b'],
      ['conflict', 'c'],
    ]);
    expect(changes[0]?.note).toBe(
      'a rule with this id already exists ("Rule a"), made outside rulectl (portal, template, another tool); left as it is ' +
        '(--adopt a to take it over)',
    );
    expect(changes[1]?.note).toMatch(/deployed by repository "other-repo"/);
    expect(changes.every(x => !x.recordOwnership)).toBe(true);

    const some = plan([a, b, c], inWorkspace, records, { ...REPO, adopt: new Set(['a']) });
    expect(some.map(x => [x.kind, x.name, x.recordOwnership])).toEqual([
      ['update', 'a', true],
      ['conflict', 'b', false],
      ['conflict', 'c', false],
    ]);
    const all = plan([a, b, c], inWorkspace, records, { ...REPO, adopt: true });
    expect(all.map(x => [x.kind, x.name, x.recordOwnership])).toEqual([
      ['update', 'a', true],
      ['update', 'b', true],
      ['unchanged', 'c', true],
    ]);
  });

  it('takes a same-id rule with no record that already holds exactly this rule (a deploy stopped before its record)', () => {
    const a = desired('a');
    expect(plan([a], [actual(a)], [], REPO).map(x => [x.kind, x.recordOwnership])).toEqual([['unchanged', true]]);
  });

  it('renders a conflict in the text and markdown plans', () => {
    const a = desired('a');
    const changes = plan([a], [actual(desired('a', 'Low'))], [], REPO);
    const text = renderPlan('w (law)', changes);
    expect(text).toContain('0 unchanged, 1 in conflict\n');
    expect(text).toContain('  x conflict Rule a (a)  rules/a.yaml\n      a rule with this id already exists');
    const md = planMarkdown(changes, { workspace: 'w', dryRun: true });
    expect(md).toContain(', 1 conflict');
    expect(md).toMatch(/\| conflict \| Rule a \(a\) \| rules\/a\.yaml \| a rule with this id already exists/);
  });
});

const WS: WorkspaceConfig = {
  name: 'w',
  subscription: TARGET.subscriptionId,
  resourceGroup: TARGET.resourceGroup,
  workspace: TARGET.workspace,
  prune: false,
  environment: 'w',
  overrides: {},
};

describe('runDeploy: conflicts and the default repository id', () => {
  it('refuses to prune with `repository: rulectl` written out, as without repository:', async () => {
    const repo = await makeRepo([1]);
    const client = new FakeClient();
    for (const repository of ['rulectl', 'RuleCtl']) {
      const run = runDeploy({
        io: memoryIo(repo),
        config: { ...EMPTY_CONFIG, repository },
        workspace: { ...WS, prune: true },
        client,
        paths: ['rules'],
        dryRun: false,
        concurrency: 2,
        format: 'text',
      });
      await expect(run).rejects.toThrow(/pruning needs "repository: <id>" in rulectl.yaml.*not "rulectl"/);
    }
    expect(client.writes).toEqual([]);
  });

  it('leaves a conflicting rule alone, says so, exits 1, and reports it in JSON; --adopt takes it over', async () => {
    const repo = await makeRepo([1, 2]);
    const client = new FakeClient();
    const portal = ruleId(1).toUpperCase();
    client.rules.set(portal, { name: portal, kind: 'Scheduled', properties: { displayName: 'Made in the portal' } });
    const go = async (format: DeployFormat, adopt?: ReadonlySet<string> | true) => {
      const io = memoryIo(repo);
      const outcome = await runDeploy({
        io,
        config: { ...EMPTY_CONFIG, repository: 'secops' },
        workspace: WS,
        client,
        paths: ['rules'],
        dryRun: false,
        concurrency: 2,
        format,
        ...(adopt ? { adopt } : {}),
      });
      return { io, outcome };
    };
    const text = await go('text');
    expect(text.outcome.exit).toBe(1);
    expect(text.io.out).toContain(`x conflict Generated rule 1 (${ruleId(1)})  rules/rule-1.yaml\n`);
    expect(text.io.out).toContain('a rule with this id already exists ("Made in the portal"), made outside rulectl');
    expect(text.io.err).toContain('rulectl: 1 rule(s) have the id of a rule this repository does not own');
    expect(client.rules.get(portal)?.properties.displayName).toBe('Made in the portal');
    expect(client.records.has(ruleId(1))).toBe(false);

    const json = await go('json');
    const report = JSON.parse(json.io.out) as { counts: Record<string, number>; changes: { kind: string }[] };
    expect(report.counts.conflict).toBe(1);
    expect(report.changes.filter(c => c.kind === 'conflict')).toHaveLength(1);

    const adopted = await go('text', new Set([ruleId(1)]));
    expect(adopted.outcome.exit).toBe(0);
    expect(client.rules.get(portal)?.properties.displayName).toBe('Generated rule 1');
    expect(client.records.has(ruleId(1))).toBe(true);
  });
});

describe('prune against forged records (emulator, SDK client)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());

  const base = `/subscriptions/${TARGET.subscriptionId}/resourceGroups/${TARGET.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${TARGET.workspace}/providers/Microsoft.SecurityInsights`;
  const put = async (path: string, body: unknown) => {
    const r = await request(emu, 'PUT', `${base}/${path}?api-version=2023-02-01`, body);
    expect(r.status, r.text).toBeLessThan(300);
  };
  const forged = (name: string, parentId: string) =>
    put(`metadata/${name}`, {
      properties: {
        kind: 'AnalyticsRule',
        parentId,
        source: { kind: 'SourceRepository', name: 'secops' },
        customVersion: 'rulectl:sha256:0',
      },
    });

  it('deletes neither BuiltInFusion nor a portal rule, and still prunes its own', async () => {
    const client = emulatorClient(emu);
    const repo = await makeRepo([1, 2]);
    const deploy = (paths: string[]) =>
      runDeploy({
        io: memoryIo(repo),
        config: { ...EMPTY_CONFIG, repository: 'secops' },
        workspace: WS,
        client,
        paths,
        dryRun: false,
        prune: true,
        concurrency: 2,
        format: 'text',
      });
    expect((await deploy(['rules'])).exit).toBe(0);
    await put('alertRules/foreign-portal', {
      kind: 'Scheduled',
      properties: {
        displayName: 'Made in the portal',
        enabled: true,
        severity: 'Low',
        query: 'SecurityEvent | take 1',
        queryFrequency: 'PT1H',
        queryPeriod: 'PT1H',
        triggerOperator: 'GreaterThan',
        triggerThreshold: 0,
        suppressionDuration: 'PT1H',
        suppressionEnabled: false,
      },
    });
    const elsewhere = ruleResourceId({ ...TARGET, subscriptionId: '99999999-9999-9999-9999-999999999999' }, 'x');
    await forged('unrelated-item', elsewhere.replace(/x$/, 'foreign-portal'));
    await forged('analyticsrule-builtinfusion', ruleResourceId(TARGET, 'BuiltInFusion'));
    // One of our own records re-pointed at the portal rule.
    await forged(`analyticsrule-${ruleId(1)}`, ruleResourceId(TARGET, 'foreign-portal'));

    const pruned = await deploy(['rules/rule-1.yaml']);
    expect(pruned.changes.filter(c => c.kind === 'delete').map(c => c.name)).toEqual([ruleId(2)]);
    const left = (await client.listRules()).map(r => r.name).sort();
    expect(left).toEqual(['BuiltInFusion', 'foreign-portal', ruleId(1)].sort());
  });
});
