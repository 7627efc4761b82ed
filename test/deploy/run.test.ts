// runDeploy's outputs and safety rules with an in-memory client: progress on a TTY, markdown, JSON, and no prune
// when a rule file could not be read.
import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { EMPTY_CONFIG, type WorkspaceConfig } from '../../src/config/config.js';
import { runDeploy, type DeployFormat } from '../../src/cli/deploy-run.js';
import type { DeployReport } from '../../src/report/plan.js';
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

/** Lines a GitHub runner would obey, and raw control characters a terminal would. */
function unsafe(text: string): string[] {
  // eslint-disable-next-line no-control-regex
  return text.split('\n').filter(l => /^\s*::|##\[|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(l));
}

describe('runDeploy', () => {
  it('quotes rule names and file names in the plan, progress line and diagnostics (no commands, no escapes)', async () => {
    const repo = await makeRepo([1]);
    const evil = 'Evil \u001b[31mRED\u001b[0m\n::error::newline-name\r\n::warning::crlf ##[warning]v1';
    const rule = (await readFile(path.join(repo, 'rules', 'rule-1.yaml'), 'utf8')).replace(
      'name: Generated rule 1',
      `name: ${JSON.stringify(evil)}`,
    );
    await writeFile(path.join(repo, 'rules', 'rule-1.yaml'), rule);
    const badName = 'g\n::error title=pwned::FILENAME-IN-STDERR\n.yaml';
    await writeFile(
      path.join(repo, 'rules', badName),
      rule.replace(ruleId(1), ruleId(3)).replace('severity: Medium', 'severity: Bad'),
    );
    for (const tty of [false, true]) {
      const { io } = await go(repo, new FakeClient(), 'text', tty);
      expect(io.out).toContain(
        'Evil \\u001b[31mRED\\u001b[0m\\n::error::newline-name\\r\\n::warning::crlf #\\u0023[warning]v1',
      );
      expect(io.err).toContain('rules/g\\n::error title=pwned::FILENAME-IN-STDERR\\n.yaml:');
      expect(unsafe(io.out)).toEqual([]);
      // The progress line's own erase sequence is rulectl's; nothing from the rule may add another.
      expect(unsafe(io.err.replaceAll('\r\u001b[2K', ''))).toEqual([]);
    }
  });

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

  it('skips a dangling link with a warning, and then prunes nothing (it may have led to rules)', async () => {
    const repo = await makeRepo([1, 2]);
    const client = new FakeClient();
    await go(repo, client);
    await rm(path.join(repo, 'rules', 'rule-2.yaml'));
    await symlink(path.join(repo, 'not-checked-out'), path.join(repo, 'rules', 'team-b'));
    const { io, outcome } = await go(repo, client);
    expect(io.err).toBe(
      'rulectl: warning: skipped rules/team-b: a symbolic link to something that does not exist\n' +
        'rulectl: a symbolic link points at nothing (it may have led to rules), so nothing is pruned this run\n',
    );
    expect(outcome.exit).toBe(0);
    expect(outcome.changes.map(c => c.kind)).toEqual(['orphaned', 'unchanged']);
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
