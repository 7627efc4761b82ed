// Runs the rules workflows' steps in temporary rules repositories, as a runner would, with the emulator standing in
// for Azure and a stand-in gh for GitHub: the annotations, the job summaries, the SARIF upload, the matrix, the
// deployments, the survey of a pull request's changed rules and the drift pull request.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLogs } from '../../src/emulator/logs-query.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { loadSchemas } from '../../src/kql/schemas.js';
import { emulatorRequest } from '../pull/helpers.js';
import type { Value } from './sim/expression.js';
import {
  BAD_FILE,
  BAD_KQL_RULE,
  BAD_RULE,
  doubles,
  pullRequest,
  push,
  RULECTL_YAML,
  USE_ACTION,
  VARS,
  type Calls,
} from './sim/fixtures.js';
import { addOrigin, commitAll, git, makeRulesRepo, prepareToolchain, REPO, type Toolchain } from './sim/repo.js';
import { ghState } from './sim/gh.js';
import { runWorkflow, type JobRun } from './sim/runner.js';

const workflow = (name: string) => path.join(REPO, '.github', 'workflows', name);
const job = (runs: JobRun[], id: string, workspace?: string) => {
  const found = runs.find(r => r.id === id && (workspace === undefined || r.matrix?.workspace === workspace));
  if (!found) throw new Error(`no run of job ${id} ${workspace ?? ''}`);
  return found;
};
const step = (run: JobRun, name: string) => {
  const found = run.steps.find(s => s.name === name) ?? run.steps.find(s => s.name.startsWith(name));
  if (!found) throw new Error(`no step "${name}" in ${run.id}`);
  return found;
};
/** Diagnose a failing step from the test output rather than guessing. */
const explain = (runs: JobRun[]) =>
  runs
    .flatMap(r => r.steps.filter(s => s.outcome === 'failure').map(s => `${r.name} / ${s.name}:\n${s.stderr}`))
    .join('\n');

let toolchain: Toolchain;

/**
 * Runs a workflow in `repo` at the tip of its main branch (github.sha), where the tests commit; each job's checkout
 * moves the repository to that commit (a drift run leaves it on its own branch), so it is put back on main after.
 * `env` adds variables for every process.
 */
async function run(
  file: string,
  repo: string,
  github: Record<string, Value>,
  vars: Record<string, Value>,
  env: Record<string, string> = {},
) {
  const calls: Calls = { logins: [], sarif: [] };
  const sha = await git(repo, 'rev-parse', 'main');
  try {
    const runs = await runWorkflow(file.includes('/') ? file : workflow(file), {
      workspace: repo,
      github: { ...github, sha },
      vars,
      actions: doubles(calls, repo, sha),
      path: [toolchain.bin],
      env: { ...toolchain.env, ...env },
    });
    return { runs, calls };
  } finally {
    await git(repo, 'checkout', '--quiet', '--force', 'main');
  }
}

beforeAll(async () => {
  toolchain = await prepareToolchain();
}, 180_000);

/** An emulator this test process runs (its rules edited over HTTPS like the portal, its logs chosen), by URL. */
async function reachableEmulator(logs?: string) {
  const emu = await startEmulator(logs ? { logs: loadLogs(logs, loadSchemas(REPO)) } : {});
  const ca = path.join(await mkdtemp(path.join(os.tmpdir(), 'rulectl-emulator-ca-')), 'ca.pem');
  await writeFile(ca, emu.ca);
  return { emu, env: { RULECTL_EMULATOR_CA: ca, RULECTL_EMULATOR_TOKEN: emu.token } };
}

/**
 * RULECTL_YAML with its workspaces at an emulator this process runs (Log Analytics workspace NAME-ws) instead of
 * embedded ones: the test reaches it too, to edit rules or to serve logs.
 */
const atEmulator = (emu: RunningEmulator, yaml: string) =>
  yaml.replace(
    /emulator: embedded\n {4}data: \.rulectl\/emulator-(\w+)\.json/g,
    `emulator: ${emu.url}\n    workspace: $1-ws`,
  );

/**
 * The logs of test/survey (which end on 2026-11-20) moved by whole days to end within the last day, so that the
 * workflow's survey of the last 7 days (ending now) sees them at the same times of day.
 */
async function recentSurveyLogs(): Promise<string> {
  const from = path.join(REPO, 'test/fixtures/survey/logs');
  const day = 86_400_000;
  const shift = Math.floor((Date.now() - Date.parse('2026-11-20T00:00:00Z')) / day) * day;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-survey-logs-'));
  for (const name of await readdir(from)) {
    if (!name.endsWith('.jsonl')) throw new Error(`${name}: only .jsonl is shifted here`);
    const rows = (await readFile(path.join(from, name), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const row = JSON.parse(line) as { TimeGenerated: string };
        return JSON.stringify({ ...row, TimeGenerated: new Date(Date.parse(row.TimeGenerated) + shift).toISOString() });
      });
    await writeFile(path.join(dir, name), `${rows.join('\n')}\n`);
  }
  return dir;
}

describe('rules-pr.yml', () => {
  // The plan identity's workspaces: the survey reads their logs (test/survey's, made recent).
  let emulator: Awaited<ReturnType<typeof reachableEmulator>>;
  beforeAll(async () => {
    emulator = await reachableEmulator(await recentSurveyLogs());
  });
  afterAll(() => emulator?.emu.close());

  it('annotates a broken rule, summarises it, uploads SARIF, flags stale templates, plans and surveys each workspace', async () => {
    const repo = await makeRulesRepo(toolchain, { 'rulectl.yaml': atEmulator(emulator.emu, RULECTL_YAML) });
    // The pull request adds the broken rule and changes another one; its base is the commit before.
    const base = await git(repo, 'rev-parse', 'HEAD');
    await writeFile(path.join(repo, BAD_FILE), BAD_RULE);
    const tuned = path.join(repo, 'rules/identity/privileged-role-added-nrt.yaml');
    await writeFile(tuned, (await readFile(tuned, 'utf8')).replace(/^severity: High$/m, 'severity: Medium'));
    await commitAll(repo, 'A broken rule, and privileged role additions are Medium');
    const { runs, calls } = await run('rules-pr.yml', repo, pullRequest(undefined, base), VARS, emulator.env);

    const validate = job(runs, 'validate');
    expect(validate.result).toBe('failure');
    // The job that runs the pull request's code cannot write code-scanning alerts; the one that can runs none of it.
    expect(validate.permissions).toEqual({ contents: 'read' });
    const scanning = job(runs, 'code-scanning');
    expect(scanning.permissions).toEqual({ contents: 'read', 'security-events': 'write', actions: 'read' });
    expect(scanning.steps.map(s => s.name)).toEqual(['Fetch the SARIF report', 'Upload to code scanning']);
    const annotations = step(validate, 'Validate').stdout.split('\n');
    const tactic = annotations.find(l => l.includes('title=tactic-name'));
    expect(tactic).toMatch(
      /^::error file=rules\/bad%2Crule\.yaml,line=11,col=5,endLine=11,endColumn=\d+,title=tactic-name::/,
    );
    expect(tactic).toContain('unknown tactic "Recon%250A"');
    expect(annotations.every(l => l === '' || /^::(error|warning) file=/.test(l))).toBe(true);

    // Every step after the failed one still ran and did its part.
    expect(step(validate, 'Findings summary').outcome).toBe('success');
    expect(validate.summary).toContain('### rulectl validate');
    expect(validate.summary).toMatch(
      /\| error \| rules\/bad,rule\.yaml:11:5 \| tactic-name \| unknown tactic "Recon%0A"/,
    );
    expect(step(validate, 'SARIF report').outcome).toBe('success');
    expect(step(validate, 'Keep the SARIF report').outcome).toBe('success');
    // The ATT&CK coverage in the summary, and the HTML report kept as an artifact.
    expect(step(validate, 'Coverage summary').outcome).toBe('success');
    expect(validate.summary).toMatch(
      /### ATT&CK coverage \(Enterprise v18\.0\)\n\n\d+ rules cover \d+ of 216 techniques/,
    );
    expect(step(validate, 'Keep the coverage report').outcome).toBe('success');
    expect(scanning.result, explain(runs)).toBe('success');
    expect(calls.sarif).toHaveLength(1);
    expect(calls.sarif[0]?.log.runs[0]?.results.some(r => r.ruleId === 'tactic-name')).toBe(true);
    // The broken rule has no template: build-arm --check says so and fails.
    expect(step(validate, 'Templates are fresh').outcome).toBe('failure');
    expect(step(validate, 'Why there is no deploy plan').outcome).toBe('skipped');

    const workspaces = job(runs, 'workspaces');
    expect(workspaces.result, explain(runs)).toBe('success');
    expect(JSON.parse(workspaces.outputs.matrix ?? '')).toEqual({
      include: [
        { workspace: 'dev', environment: 'dev' },
        { workspace: 'prod', environment: 'production' },
      ],
    });
    expect(workspaces.outputs.count).toBe('2');

    for (const ws of ['dev', 'prod']) {
      const plan = job(runs, 'plan', ws);
      expect(plan.name).toBe(`Plan (${ws})`);
      expect(plan.environment).toBeUndefined();
      expect(plan.summary).toContain(`### rulectl deploy: ${ws}`);
      expect(plan.summary).toContain('(plan, dry run)');
      expect(plan.summary).toMatch(
        /\| create \| HAFNIUM UM Service writing suspicious file \(7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e\) \| rules\/endpoint\/hafnium-um-service\.yaml \| new rule \|/,
      );
      expect(plan.summary.slice(0, plan.summary.indexOf('### Alert survey'))).not.toContain('Sign-ins from 100%');
      // The broken rule is not deployed, so the plan job fails too, after writing its plan.
      expect(plan.result).toBe('failure');
      // Then the survey of the rules the pull request adds or changes, and only those. test/survey: two successful
      // additions to a privileged role on two days, each one NRT alert (a run every minute, one query for all, the
      // rule being row-wise).
      expect(step(plan, 'Alert survey of the changed rules').outcome).toBe('success');
      const survey = plan.summary.slice(plan.summary.indexOf('### Alert survey'));
      expect(survey).toMatch(
        /\n\| User added to a privileged Entra ID role \| 10080 \| 2 \| 2 \| 0\.3 \| \d{4}-\d\d-\d\d \(1\) \| {2}\|\n/,
      );
      expect(survey).toMatch(/\n\| Sign-ins from 100% of countries \| 168 \| /);
      expect(survey).toMatch(
        /\n2 rule\(s\), 10248 schedule runs replayed with \d+ queries .*; \d+ alert\(s\) in 7 day\(s\)\n/,
      );
    }
    expect(calls.logins).toHaveLength(2);
    expect(calls.logins[0]).toEqual({
      'client-id': VARS.AZURE_PLAN_CLIENT_ID,
      'tenant-id': VARS.AZURE_TENANT_ID,
      'subscription-id': VARS.AZURE_SUBSCRIPTION_ID,
    });
  }, 600_000);

  it('passes a clean pull request; a fork gets validation only, without Azure or code scanning', async () => {
    const repo = await makeRulesRepo(toolchain, { 'rulectl.yaml': RULECTL_YAML });
    // The deploy identity alone does not make plans: pull-request code must never get its rights.
    const { AZURE_PLAN_CLIENT_ID: _, ...deployOnly } = VARS;
    const clean = await run('rules-pr.yml', repo, pullRequest(), deployOnly);
    const validate = job(clean.runs, 'validate');
    expect(validate.result, explain(clean.runs)).toBe('success');
    expect(validate.summary).toMatch(/### rulectl validate\n\n(✅|⚠️) /);
    expect(validate.summary).not.toMatch(/\| error \|/);
    expect(step(validate, 'Templates are fresh').outcome).toBe('success');
    expect(clean.calls.sarif).toHaveLength(1);
    // No AZURE_PLAN_CLIENT_ID variable: no plan, no Azure login, and the summary says why.
    expect(job(clean.runs, 'workspaces').result).toBe('skipped');
    expect(job(clean.runs, 'plan').result).toBe('skipped');
    expect(clean.calls.logins).toHaveLength(0);
    expect(validate.summary).toContain(
      'No deploy plan: the repository has no read-only identity for plans (repository variable AZURE_PLAN_CLIENT_ID unset).',
    );

    const fork = await run('rules-pr.yml', repo, pullRequest('mallory/sentinel-rules'), VARS);
    expect(job(fork.runs, 'validate').result).toBe('success');
    expect(step(job(fork.runs, 'validate'), 'Keep the SARIF report').outcome).toBe('skipped');
    expect(job(fork.runs, 'code-scanning').result).toBe('skipped');
    expect(fork.calls.sarif).toHaveLength(0);
    expect(job(fork.runs, 'workspaces').result).toBe('skipped');
    expect(fork.calls.logins).toHaveLength(0);
    expect(job(fork.runs, 'validate').summary).toContain(
      'No deploy plan: runs for pull requests from forks get no Azure access.',
    );
  }, 600_000);

  it('says why in the summary when rulectl stops early, uploads no empty SARIF, and plans nothing for no workspaces', async () => {
    const repo = await makeRulesRepo(toolchain, { 'rulectl.yaml': 'workspaces: {}\n' });
    await rm(path.join(repo, 'rules'), { recursive: true });
    await commitAll(repo, 'Remove every rule');
    const { runs, calls } = await run('rules-pr.yml', repo, pullRequest(), VARS);

    const validate = job(runs, 'validate');
    expect(step(validate, 'Findings summary').outcome).toBe('failure');
    expect(validate.summary).toMatch(
      /### rulectl validate\n\n❌ rulectl stopped \(exit code 2\) before writing its report:\n\n```text\nrulectl: no such file or directory: rules\n```\n/,
    );
    // The report is empty: uploading it would only add a second, confusing failure.
    expect(step(validate, 'SARIF report').outcome).toBe('failure');
    expect(step(validate, 'Keep the SARIF report').outcome).toBe('skipped');
    expect(job(runs, 'code-scanning').result).toBe('skipped');
    expect(calls.sarif).toHaveLength(0);

    const workspaces = job(runs, 'workspaces');
    expect(workspaces.result, explain(runs)).toBe('success');
    expect(workspaces.outputs.count).toBe('0');
    expect(workspaces.summary).toContain('No deploy plan: rulectl.yaml lists no workspaces.');
    expect(job(runs, 'plan').result).toBe('skipped');
    expect(calls.logins).toHaveLength(0);
  }, 600_000);
});

describe('rules-deploy.yml', () => {
  let repo = '';

  it('deploys every workspace in its environment, one at a time per workspace; a rerun changes nothing', async () => {
    repo = await makeRulesRepo(toolchain, { 'rulectl.yaml': RULECTL_YAML });
    const first = await run('rules-deploy.yml', repo, push('main'), {});
    expect(JSON.parse(job(first.runs, 'workspaces').outputs.matrix ?? '').include).toHaveLength(2);
    for (const [ws, environment] of [
      ['dev', 'dev'],
      ['prod', 'production'],
    ] as const) {
      const deploy = job(first.runs, 'deploy', ws);
      expect(deploy.result, explain(first.runs)).toBe('success');
      expect(deploy.environment).toBe(environment);
      expect(deploy.concurrency).toBe(`rulectl-deploy-${ws}`);
      expect(deploy.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
      expect(deploy.summary).toContain(`### rulectl deploy: ${ws}`);
      expect(deploy.summary).not.toContain('dry run');
      expect(deploy.summary).toContain('✅ every change applied');
      expect(deploy.summary).toMatch(/\| create \| HAFNIUM UM Service writing suspicious file .*\| ✅ done \|/);
    }
    // The embedded emulator needs no Azure identity, so login is skipped without the variables.
    expect(first.calls.logins).toHaveLength(0);

    const again = await run('rules-deploy.yml', repo, push('main'), {});
    for (const ws of ['dev', 'prod']) {
      const deploy = job(again.runs, 'deploy', ws);
      expect(deploy.result, explain(again.runs)).toBe('success');
      expect(deploy.summary).toMatch(/0 create, 0 update, 0 drifted, 0 delete, 0 orphaned, \d+ unchanged/);
      expect(deploy.summary).toContain('Nothing to change.');
    }

    const branch = await run('rules-deploy.yml', repo, push('feature/x'), {});
    expect(branch.runs.map(r => r.result)).toEqual(['skipped', 'skipped']);
    // A tag push starts the workflow whatever its paths; a tag named like the default branch deploys nothing.
    const tag = await run('rules-deploy.yml', repo, { ...push('main'), ref: 'refs/tags/main' }, {});
    expect(tag.runs.map(r => r.result)).toEqual(['skipped', 'skipped']);
  }, 600_000);

  it('prunes a removed rule only where rulectl.yaml says prune: true (a manual run on the default branch)', async () => {
    expect(repo).not.toBe('');
    await rm(path.join(repo, 'rules/endpoint/hafnium-um-service.yaml'));
    await commitAll(repo, 'Remove the HAFNIUM rule');
    const { runs } = await run('rules-deploy.yml', repo, push('main', 'workflow_dispatch'), {});
    const row =
      /\| (delete|orphaned) \| HAFNIUM UM Service writing suspicious file \(7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e\) \|/;
    const dev = job(runs, 'deploy', 'dev');
    const prod = job(runs, 'deploy', 'prod');
    expect(dev.result, explain(runs)).toBe('success');
    expect(prod.result, explain(runs)).toBe('success');
    expect(dev.summary.match(row)?.[1]).toBe('orphaned');
    expect(dev.summary).toMatch(/kept because prune is off \| kept \|/);
    expect(prod.summary.match(row)?.[1]).toBe('delete');
    expect(prod.summary).toMatch(/no longer in it \| ✅ done \|/);
  }, 600_000);
});

describe('rules-deploy.yml failures', () => {
  it('a workspace that fails before its plan says why in its summary; the others still deploy', async () => {
    const config = 'workspaces:\n  dev:\n    emulator: embedded\n  down:\n    emulator: https://127.0.0.1:9\n';
    const repo = await makeRulesRepo(toolchain, { 'rulectl.yaml': config });
    const { runs } = await run('rules-deploy.yml', repo, push('main'), {});
    expect(job(runs, 'deploy', 'dev').result, explain(runs)).toBe('success');
    const down = job(runs, 'deploy', 'down');
    expect(down.result).toBe('failure');
    expect(down.summary).toMatch(
      /^### rulectl deploy: down\n\n❌ rulectl stopped \(exit code 2\) before writing its report:/,
    );
    expect(down.summary).toContain('needs its CA certificate: --emulator-ca FILE or RULECTL_EMULATOR_CA=FILE');
  }, 600_000);

  it('a query that does not parse stops every deploy: validate (KQL included) runs first', async () => {
    const repo = await makeRulesRepo(toolchain, {
      'rulectl.yaml': RULECTL_YAML,
      'rules/identity/bad-kql.yaml': BAD_KQL_RULE,
    });
    const { runs } = await run('rules-deploy.yml', repo, push('main'), {});
    const list = job(runs, 'workspaces');
    expect(list.result).toBe('failure');
    expect(step(list, 'Validate').outcome).toBe('failure');
    expect(list.summary).toContain('### rulectl validate');
    expect(list.summary).toContain('kql-syntax');
    expect(job(runs, 'deploy').result).toBe('skipped');
  }, 600_000);

  it('an empty workspace list deploys nothing and says so', async () => {
    const repo = await makeRulesRepo(toolchain, { 'rulectl.yaml': '# no workspaces yet\n' });
    const { runs } = await run('rules-deploy.yml', repo, push('main'), {});
    expect(job(runs, 'workspaces').summary).toContain('Nothing deployed: rulectl.yaml lists no workspaces.');
    expect(job(runs, 'deploy').result).toBe('skipped');
  }, 600_000);
});

describe('action.yml', () => {
  it('validates with annotations and a summary, plans a workspace, and treats inputs as data', async () => {
    const repo = await makeRulesRepo(toolchain, {
      'rulectl.yaml': RULECTL_YAML,
      'rules/identity/bad.yaml': BAD_RULE,
      'rules/identity/bad-kql.yaml': BAD_KQL_RULE,
      '.github/workflows/use-action.yml': USE_ACTION,
    });
    const { runs } = await run(path.join(repo, '.github/workflows/use-action.yml'), repo, pullRequest(), {});
    const rules = job(runs, 'rules');
    const validate = step(rules, 'Validate / Run rulectl');
    expect(validate.outcome).toBe('failure');
    expect(validate.stdout).toMatch(/^::error file=rules\/identity\/bad\.yaml,line=11,col=5,.*title=tactic-name::/m);
    expect(step(rules, 'Validate').outputs).toEqual({ 'exit-code': '1' });
    expect(rules.summary).toMatch(/### rulectl validate\n\n❌ /);
    expect(rules.summary).toContain('| rules/identity/bad.yaml:11:5 | tactic-name |');
    // `args` reach the summary's run too: with --kql off, neither lists the query that does not parse.
    expect(validate.stdout).not.toContain('kql-syntax');
    expect(rules.summary).not.toContain('kql-syntax');

    expect(step(rules, 'Plan / Run rulectl').stdout).toContain('### rulectl deploy: dev');
    expect(rules.summary).toMatch(/### rulectl deploy: dev .*\(plan, dry run\)/);
    expect(rules.summary).toContain('| create | HAFNIUM UM Service writing suspicious file');

    // An explicit format: markdown still fills the summary, and a failure before the plan is explained there.
    expect(step(rules, 'Plan an unknown workspace').outputs).toEqual({ 'exit-code': '2' });
    expect(rules.summary).toMatch(/### rulectl deploy: nope\n\n❌ rulectl stopped \(exit code 2\)/);
    expect(rules.summary).toContain('no workspace "nope" in rulectl.yaml');

    // A path is never read as an option: the action puts -- before them.
    const dashes = step(rules, 'Paths that look like options / Run rulectl');
    expect(dashes.stderr).toContain('rulectl: no such file or directory: ./--help');
    expect(step(rules, 'Paths that look like options').outputs).toEqual({ 'exit-code': '2' });

    const hostile = step(rules, 'Hostile input / Run rulectl');
    expect(hostile.outcome).toBe('failure');
    // A line break in an input cannot start a workflow command of its own, nor can an escape sequence spell one.
    expect(hostile.stdout).toContain(
      '::error title=rulectl::unknown command "validate $(touch pwned) `touch pwned`%0A::warning title=injected::x%250A::notice::y"',
    );
    expect(hostile.stdout.split('\n').filter(l => l.startsWith('::'))).toHaveLength(1);
    expect(step(rules, 'Hostile input').outputs).toEqual({ 'exit-code': '2' });
    await expect(readFile(path.join(repo, 'pwned'))).rejects.toThrow();
  }, 600_000);
});

describe('rules-drift.yml', () => {
  let emulator: Awaited<ReturnType<typeof reachableEmulator>>;
  beforeAll(async () => {
    emulator = await reachableEmulator();
  });
  afterAll(() => emulator?.emu.close());

  it('opens one pull request with the rule edited in the workspace, updates it on the next run, and none without drift', async () => {
    const repo = await makeRulesRepo(toolchain, { 'rulectl.yaml': atEmulator(emulator.emu, RULECTL_YAML) });
    const origin = await addOrigin(repo);
    const env = { ...process.env, ...emulator.env };
    for (const ws of ['dev', 'prod'])
      await promisify(execFile)('node', ['bin/rulectl.js', 'deploy', '--workspace', ws], { cwd: repo, env });
    const github = await mkdtemp(path.join(os.tmpdir(), 'rulectl-gh-'));
    let seen = 0;
    const drift = async () => {
      const log = path.join(github, `exec-${seen}.log`);
      const result = await run(
        'rules-drift.yml',
        repo,
        push('main', 'schedule'),
        {},
        {
          ...emulator.env,
          SIM_GH_DIR: github,
          SIM_EXEC_LOG: log,
        },
      );
      const state = await ghState(github);
      const calls = state.calls.slice(seen);
      seen = state.calls.length;
      const started = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
      return { ...result, calls, pulls: state.pulls, started };
    };

    // Nothing changed since the deploy: no pull request.
    const quiet = await drift();
    const quietPr = job(quiet.runs, 'pull-request');
    expect(quietPr.result, explain(quiet.runs)).toBe('success');
    expect(step(quietPr, 'Open or update').stdout).toContain('No rule changed in any workspace since it was deployed.');
    expect(quiet.calls).toEqual([]);

    // A portal edit in dev: raw GET and PUT of one rule over HTTPS, nothing of rulectl in between.
    const url =
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rulectl/providers/Microsoft.OperationalInsights/workspaces/dev-ws' +
      '/providers/Microsoft.SecurityInsights/alertRules/cbb91038-16a5-428f-a44d-be08f613af90?api-version=2024-01-01-preview';
    const got = (await emulatorRequest(emulator.emu, 'GET', url)).body as {
      kind: string;
      properties: Record<string, unknown>;
    };
    const query = String(got.properties.query).replace('failureThreshold = 20', 'failureThreshold = 30');
    expect(query).not.toBe(got.properties.query);
    const put = await emulatorRequest(emulator.emu, 'PUT', url, {
      kind: got.kind,
      properties: { ...got.properties, query },
    });
    expect(put.status).toBe(200);

    const first = await drift();
    for (const ws of ['dev', 'prod']) expect(job(first.runs, 'pull', ws).result, explain(first.runs)).toBe('success');
    const pr = job(first.runs, 'pull-request');
    expect(pr.result, explain(first.runs)).toBe('success');
    expect(pr.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    // The pushed branch holds exactly the edited rule, with the workspace's threshold.
    expect(await git(origin, 'diff', '--name-only', 'main', 'rulectl/drift')).toBe(
      'rules/identity/password-spray.yaml',
    );
    expect(await git(origin, 'diff', 'main', 'rulectl/drift')).toMatch(
      /^- {2}let failureThreshold = 20;\n\+ {2}let failureThreshold = 30;$/m,
    );
    expect(first.calls.map(c => [c.job, ...c.args.slice(0, 2)])).toEqual([
      ['pull-request', 'pr', 'list'],
      ['pull-request', 'pr', 'create'],
    ]);
    expect(first.pulls).toMatchObject([
      { number: 1, headRefName: 'rulectl/drift', baseRefName: 'main', state: 'OPEN' },
    ]);
    expect(first.pulls[0]?.body).toMatch(/pulled with `rulectl pull --drifted` from: dev\./);
    // The job with the write token started neither node nor npm; the pull jobs did (so the record works).
    expect(first.started.filter(l => l.startsWith('pull-request '))).toEqual([]);
    expect(first.started).toContain('pull node bin/rulectl.js pull --workspace dev --drifted');

    // The next run finds the same drift: it updates the open pull request instead of opening another.
    const second = await drift();
    expect(job(second.runs, 'pull-request').result, explain(second.runs)).toBe('success');
    expect(second.calls.map(c => [c.job, ...c.args.slice(0, 3)])).toEqual([
      ['pull-request', 'pr', 'list', '--head'],
      ['pull-request', 'pr', 'edit', 'rulectl/drift'],
    ]);
    expect(second.pulls).toHaveLength(1);
    expect(await git(origin, 'diff', '--name-only', 'main', 'rulectl/drift')).toBe(
      'rules/identity/password-spray.yaml',
    );
    expect(second.started.filter(l => l.startsWith('pull-request '))).toEqual([]);
  }, 600_000);
});
