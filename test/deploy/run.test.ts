// runDeploy's outputs and safety rules with an in-memory client: progress on a TTY, markdown, JSON, and no prune
// when a rule file could not be read.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { EMPTY_CONFIG, type WorkspaceConfig } from '../../src/config/config.js';
import { runDeploy, type DeployFormat } from '../../src/deploy/run.js';
import type { DeployReport } from '../../src/deploy/render.js';
import { FakeClient } from './fake-client.js';
import { makeRepo, ruleId } from './helpers.js';

const CONFIG = { ...EMPTY_CONFIG, repository: 'repo-a' };

const WS: WorkspaceConfig = {
  name: 'w',
  subscription: 's',
  resourceGroup: 'r',
  workspace: 'law',
  prune: true,
  environment: 'w',
  overrides: {},
};

async function go(repo: string, client: FakeClient, format: DeployFormat = 'text', tty = false, dryRun = false) {
  const io = memoryIo(repo);
  io.isTTY = tty;
  const outcome = await runDeploy({
    io,
    config: CONFIG,
    workspace: WS,
    client,
    paths: ['rules'],
    dryRun,
    concurrency: 2,
    format,
  });
  return { io, outcome };
}

describe('runDeploy', () => {
  it('shows a progress line on a TTY (stderr) and none otherwise', async () => {
    const repo = await makeRepo([1, 2]);
    const tty = await go(repo, new FakeClient(), 'text', true);
    expect(tty.io.err).toContain('[2/2] create Generated rule');
    const plain = await go(repo, new FakeClient());
    expect(plain.io.err).toBe('');
  });

  it('prints the markdown plan for job summaries and a JSON report', async () => {
    const repo = await makeRepo([1]);
    const md = await go(repo, new FakeClient(), 'markdown', false, true);
    expect(md.io.out).toContain('### rulectl deploy: w (law) (plan, dry run)');
    expect(md.io.out).toContain('| create |');
    const json = await go(repo, new FakeClient(), 'json');
    const report = JSON.parse(json.io.out) as DeployReport;
    expect(report).toMatchObject({ workspace: 'w (law)', dryRun: false, prune: true, writes: 2, failed: 0 });
    expect(report.changes[0]).toMatchObject({
      kind: 'create',
      name: ruleId(1),
      outcome: 'applied',
      file: 'rules/rule-1.yaml',
    });
  });

  it('does not prune when a rule file cannot be parsed (its rule might be the one that looks removed)', async () => {
    const repo = await makeRepo([1, 2]);
    const client = new FakeClient();
    await go(repo, client);
    await writeFile(path.join(repo, 'rules', 'rule-2.yaml'), 'id: [unclosed\n');
    const { io, outcome } = await go(repo, client);
    expect(io.err).toContain('nothing is pruned this run');
    expect(outcome.exit).toBe(1);
    expect(outcome.changes.some(c => c.kind === 'delete')).toBe(false);
    expect(client.rules.has(ruleId(2))).toBe(true);
  });

  it('warns about override ids that no rule has (a typo would silently deploy the rule enabled)', async () => {
    const repo = await makeRepo([1]);
    const io = memoryIo(repo);
    await runDeploy({
      io,
      config: CONFIG,
      workspace: { ...WS, overrides: { disabled: [ruleId(1).toUpperCase(), 'typo-1'], severity: { 'typo-2': 'Low' } } },
      client: new FakeClient(),
      paths: ['rules'],
      dryRun: true,
      concurrency: 2,
      format: 'text',
    });
    expect(io.err).toBe('rulectl: warning: overrides of workspace w name rule ids no rule has: typo-1, typo-2\n');
  });

  it("does not apply the workspace's prune: true when only some rule paths are given (the rest are not removed)", async () => {
    const repo = await makeRepo([1, 2]);
    const client = new FakeClient();
    await go(repo, client);
    const some = (prune?: boolean) =>
      runDeploy({
        io: memoryIo(repo),
        config: CONFIG,
        workspace: WS,
        client,
        paths: ['rules/rule-1.yaml'],
        dryRun: false,
        ...(prune === undefined ? {} : { prune }),
        concurrency: 2,
        format: 'text',
      });
    const partial = await some();
    expect(partial.changes.some(c => c.kind === 'delete')).toBe(false);
    expect(client.rules.has(ruleId(2))).toBe(true);
    // Naming the configured paths another way is the whole repository: the workspace's setting applies.
    const whole = await runDeploy({
      io: memoryIo(repo),
      config: CONFIG,
      workspace: WS,
      client,
      paths: ['./rules/'],
      dryRun: true,
      concurrency: 2,
      format: 'text',
    });
    expect(whole.report.prune).toBe(true);
    // An explicit --prune is the user's request.
    const asked = await some(true);
    expect(asked.changes.filter(c => c.kind === 'delete').map(c => c.name)).toEqual([ruleId(2)]);
  });

  it('refuses to prune without a repository id of its own, before any change', async () => {
    const repo = await makeRepo([1]);
    const client = new FakeClient();
    const run = (prune: boolean) =>
      runDeploy({
        io: memoryIo(repo),
        config: EMPTY_CONFIG,
        workspace: { ...WS, prune: false },
        client,
        paths: ['rules'],
        dryRun: false,
        prune,
        concurrency: 2,
        format: 'text',
      });
    await expect(run(true)).rejects.toThrow(/pruning needs "repository: <id>" in rulectl.yaml/);
    expect(client.rules.size).toBe(0);
    // Without pruning, the default id is enough.
    expect((await run(false)).exit).toBe(0);
    expect(client.rules.has(ruleId(1))).toBe(true);
  });
});
