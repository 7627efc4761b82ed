// Runs a workflow's jobs the way a GitHub-hosted runner would, offline: `run:` steps in bash with the runner's
// environment variables and files, `${{ }}` evaluated from given contexts, `uses:` steps handed to test doubles.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { condition, evaluate, interpolate, toText, type Contexts, type Status, type Value } from './expression.js';
import { parseKeyValueFile, run, shellCommand } from './process.js';
import type { CompositeDef, JobDef, JobRun, Outcome, RunnerSetup, StepDef, WorkflowDef } from './types.js';

export type { ActionDouble, JobRun, RunnerSetup, StepRun } from './types.js';
export { parseKeyValueFile } from './process.js';

const strings = (record: Record<string, Value> | undefined, ctx: Contexts, status: Status) =>
  Object.fromEntries(Object.entries(record ?? {}).map(([k, v]) => [k, interpolate(toText(v), ctx, status)]));

function order(jobs: Record<string, JobDef>): string[] {
  const done: string[] = [];
  const visit = (id: string, seen: Set<string>) => {
    if (done.includes(id)) return;
    if (seen.has(id)) throw new Error(`job cycle at ${id}`);
    const needs = jobs[id]?.needs;
    for (const n of typeof needs === 'string' ? [needs] : (needs ?? [])) visit(n, new Set([...seen, id]));
    done.push(id);
  };
  for (const id of Object.keys(jobs)) visit(id, new Set());
  return done;
}

const SIM_TOKEN = 'ghs_simulated-job-token';

export async function runWorkflow(file: string, setup: RunnerSetup): Promise<JobRun[]> {
  const wf = parse(await readFile(file, 'utf8')) as WorkflowDef;
  const runs: JobRun[] = [];
  const needsCtx: Record<string, { result: Outcome; outputs: Record<string, string> }> = {};
  for (const id of order(wf.jobs)) {
    const job = wf.jobs[id] as JobDef;
    const needs = typeof job.needs === 'string' ? [job.needs] : (job.needs ?? []);
    const needed = Object.fromEntries(needs.map(n => [n, needsCtx[n] ?? { result: 'skipped', outputs: {} }]));
    // github.workspace, as a runner sets it: the checkout this simulated run works in.
    // github.token (secrets.GITHUB_TOKEN): the job's token, which a runner always has; here a placeholder.
    const base: Contexts = {
      github: { token: SIM_TOKEN, ...setup.github, workspace: setup.workspace },
      vars: setup.vars,
      needs: needed,
      secrets: { GITHUB_TOKEN: SIM_TOKEN },
    };
    const upstream: Status = { failed: needs.some(n => needed[n]?.result !== 'success'), cancelled: false };
    if (!condition(job.if, base, upstream)) {
      needsCtx[id] = { result: 'skipped', outputs: {} };
      runs.push({ id, name: job.name ?? id, result: 'skipped', steps: [], summary: '', outputs: {} });
      continue;
    }
    const matrixValue = job.strategy?.matrix;
    const evaluated =
      typeof matrixValue === 'string'
        ? evaluate(matrixValue.replace(/^\$\{\{|\}\}$/g, ''), base, upstream)
        : matrixValue;
    let entries: (Record<string, Value> | undefined)[] = [undefined];
    if (evaluated !== undefined) {
      const m = evaluated as Record<string, Value>;
      if (Object.keys(m).some(k => k !== 'include')) throw new Error('only matrix include lists are simulated');
      entries = (m.include as Record<string, Value>[] | undefined) ?? [];
    }
    const results: JobRun[] = [];
    for (const matrix of entries) results.push(await runJob(id, job, wf, setup, { ...base, matrix: matrix ?? {} }));
    runs.push(...results);
    needsCtx[id] = {
      result: results.every(r => r.result === 'success') ? 'success' : 'failure',
      outputs: results.at(-1)?.outputs ?? {},
    };
  }
  return runs;
}

async function runJob(id: string, job: JobDef, wf: WorkflowDef, setup: RunnerSetup, base: Contexts): Promise<JobRun> {
  const temp = await mkdtemp(path.join(os.tmpdir(), 'rulectl-runner-'));
  const status: Status = { failed: false, cancelled: false };
  const stepsCtx: Record<string, { outputs: Record<string, string>; outcome: Outcome }> = {};
  const runner = { temp, os: 'Linux', arch: 'X64' };
  const ctx = (env: Record<string, string>): Contexts => ({
    ...base,
    runner,
    steps: stepsCtx,
    env,
  });
  const envName = typeof job.environment === 'string' ? job.environment : job.environment?.name;
  const group = typeof job.concurrency === 'string' ? job.concurrency : job.concurrency?.group;
  const matrix = base.matrix as Record<string, Value>;
  const record: JobRun = {
    id,
    name: interpolate(job.name ?? id, ctx({}), status),
    ...(Object.keys(matrix).length ? { matrix } : {}),
    result: 'success',
    ...(envName ? { environment: interpolate(envName, ctx({}), status) } : {}),
    ...(group ? { concurrency: interpolate(group, ctx({}), status) } : {}),
    ...(job.permissions !== undefined ? { permissions: job.permissions } : {}),
    steps: [],
    summary: '',
    outputs: {},
  };
  const scope: Scope = {
    setup,
    temp,
    record,
    status,
    counter: { n: 0 },
    shell: wf.defaults?.run?.shell,
    contexts: { ...base, runner },
    env: { ...strings(wf.env, ctx({}), status), ...strings(job.env, ctx({}), status) },
    steps: stepsCtx,
    processEnv: { GITHUB_JOB: id },
  };
  await runSteps(job.steps, scope, '');
  record.result = status.failed ? 'failure' : 'success';
  record.outputs = strings(job.outputs, ctx(scope.env), status);
  return record;
}

interface Scope {
  setup: RunnerSetup;
  temp: string;
  record: JobRun;
  /** The job's status (shared with a composite action's steps, as on a runner). */
  status: Status;
  counter: { n: number };
  shell: string | undefined;
  contexts: Contexts;
  /** The environment that `env:` and $GITHUB_ENV build up. */
  env: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string>; outcome: Outcome }>;
  processEnv: Record<string, string>;
}

/** Runs steps in order; a failed step fails the job unless `continue-on-error`; returns the steps' outcome. */
async function runSteps(steps: readonly StepDef[], scope: Scope, prefix: string): Promise<Outcome> {
  let failed = false;
  const { setup, temp, record, status } = scope;
  for (const step of steps) {
    const index = scope.counter.n++;
    const name = prefix + (step.name ?? step.uses ?? step.run?.split('\n')[0] ?? `step ${index}`);
    const stepCtx: Contexts = { ...scope.contexts, steps: scope.steps, env: scope.env };
    if (!condition(step.if, stepCtx, status)) {
      record.steps.push({ name, outcome: 'skipped', stdout: '', stderr: '' });
      if (step.id) scope.steps[step.id] = { outputs: {}, outcome: 'skipped' };
      continue;
    }
    const files = {
      summary: path.join(temp, `summary-${index}`),
      output: path.join(temp, `output-${index}`),
      env: path.join(temp, `env-${index}`),
    };
    await Promise.all(Object.values(files).map(f => writeFile(f, '')));
    const stepEnv = { ...scope.env, ...strings(step.env, stepCtx, status) };
    const processEnv: Record<string, string> = {
      PATH: [...(setup.path ?? []), process.env.PATH ?? ''].join(path.delimiter),
      HOME: process.env.HOME ?? temp,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: setup.workspace,
      GITHUB_REPOSITORY: toText(setup.github.repository ?? null),
      GITHUB_EVENT_NAME: toText(setup.github.event_name ?? null),
      GITHUB_REF: toText(setup.github.ref ?? null),
      GITHUB_REF_NAME: toText(setup.github.ref_name ?? null),
      GITHUB_SHA: toText(setup.github.sha ?? null),
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_OUTPUT: files.output,
      GITHUB_ENV: files.env,
      RUNNER_TEMP: temp,
      RUNNER_OS: 'Linux',
      ...scope.processEnv,
      ...setup.env,
      ...stepEnv,
    };
    let outcome: Outcome = 'success';
    let stdout = '';
    let stderr = '';
    let outputs: Record<string, string> = {};
    if (step.uses?.startsWith('./')) {
      // A local composite action: its steps run here with `inputs` and GITHUB_ACTION_PATH, as the runner does.
      const actionPath = path.resolve(setup.workspace, step.uses);
      const def = parse(await readFile(path.join(actionPath, 'action.yml'), 'utf8')) as CompositeDef;
      if (def.runs.using !== 'composite') throw new Error(`${step.uses} is not a composite action`);
      const given = strings(step.with, stepCtx, status);
      const inputs = Object.fromEntries(
        Object.entries(def.inputs ?? {}).map(([k, v]) => [k, given[k] ?? v.default ?? '']),
      );
      // Inside a composite action, success() and failure() describe the action's own steps (the runner's
      // action_status), so its steps run even when an earlier step of the job failed.
      const inner: Scope = {
        ...scope,
        status: { failed: false, cancelled: status.cancelled },
        contexts: { ...scope.contexts, inputs },
        steps: {},
        processEnv: { ...scope.processEnv, GITHUB_ACTION_PATH: actionPath },
        env: stepEnv,
      };
      outcome = await runSteps(def.runs.steps, inner, `${name} / `);
      const innerCtx = { ...inner.contexts, steps: inner.steps as unknown as Value };
      outputs = Object.fromEntries(
        Object.entries(def.outputs ?? {}).map(([k, v]) => [k, interpolate(v.value, innerCtx, status)]),
      );
    } else if (step.uses) {
      const action = step.uses.replace(/@.*$/, '');
      const double = setup.actions[action];
      if (!double) throw new Error(`no double for action ${action}`);
      try {
        await double(strings(step.with, stepCtx, status), record);
      } catch (e) {
        outcome = 'failure';
        stderr = (e as Error).message;
      }
    } else if (step.run !== undefined) {
      const script = path.join(temp, `step-${index}.sh`);
      await writeFile(script, interpolate(step.run, stepCtx, status));
      const [cmd, args] = shellCommand(step.shell ?? scope.shell, script);
      const dir = step['working-directory'] ? interpolate(step['working-directory'], stepCtx, status) : '.';
      const result = await run(cmd, args, path.resolve(setup.workspace, dir), processEnv);
      ({ stdout, stderr } = result);
      if (result.code !== 0) outcome = 'failure';
    }
    record.summary += await readFile(files.summary, 'utf8');
    if (!step.uses?.startsWith('./')) outputs = parseKeyValueFile(await readFile(files.output, 'utf8'));
    scope.env = { ...scope.env, ...parseKeyValueFile(await readFile(files.env, 'utf8')) };
    if (step.id) scope.steps[step.id] = { outputs, outcome };
    record.steps.push({ name, outcome, stdout, stderr, outputs });
    if (outcome === 'failure' && !step['continue-on-error']) {
      status.failed = true;
      failed = true;
    }
  }
  return failed ? 'failure' : 'success';
}
