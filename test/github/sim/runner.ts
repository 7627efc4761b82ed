// Runs a workflow's jobs the way a GitHub-hosted runner would, offline: `run:` steps in bash with the runner's
// environment variables and files, `${{ }}` evaluated from given contexts, `uses:` steps handed to test doubles.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { condition, evaluate, interpolate, toText, type Contexts, type Status, type Value } from './expression.js';

export type Outcome = 'success' | 'failure' | 'skipped';

export interface StepRun {
  name: string;
  outcome: Outcome;
  stdout: string;
  stderr: string;
  outputs?: Record<string, string>;
}

export interface JobRun {
  id: string;
  name: string;
  matrix?: Record<string, Value>;
  result: Outcome;
  environment?: string;
  concurrency?: string;
  permissions?: Value;
  steps: StepRun[];
  /** Everything the steps wrote to $GITHUB_STEP_SUMMARY, in order (what the job summary page shows). */
  summary: string;
  outputs: Record<string, string>;
}

/** A double for a `uses:` action: gets the evaluated `with:` inputs; throwing fails the step. */
export type ActionDouble = (inputs: Record<string, string>, job: JobRun) => void | Promise<void>;

export interface RunnerSetup {
  /** The checked-out repository: GITHUB_WORKSPACE and every step's working directory. */
  workspace: string;
  github: Record<string, Value>;
  vars: Record<string, Value>;
  /** Keyed by action without the `@ref`, e.g. `actions/checkout`. */
  actions: Record<string, ActionDouble>;
  /** Prepended to PATH (stand-ins such as an offline `npm ci`). */
  path?: string[];
  /** Extra variables for every process (kept small: the runner's own environment is not inherited). */
  env?: Record<string, string>;
}

interface StepDef {
  id?: string;
  name?: string;
  if?: string | boolean;
  uses?: string;
  run?: string;
  with?: Record<string, Value>;
  env?: Record<string, Value>;
  shell?: string;
  'working-directory'?: string;
  'continue-on-error'?: boolean;
}

interface JobDef {
  name?: string;
  needs?: string | string[];
  if?: string | boolean;
  permissions?: Value;
  environment?: string | { name: string };
  concurrency?: string | { group: string };
  strategy?: { matrix?: string | Record<string, Value> };
  outputs?: Record<string, string>;
  env?: Record<string, Value>;
  steps: StepDef[];
}

interface WorkflowDef {
  env?: Record<string, Value>;
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, JobDef>;
}

/** Reads `name=value` lines and `name<<DELIM` blocks, the formats of $GITHUB_OUTPUT and $GITHUB_ENV. */
export function parseKeyValueFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] ?? '', i + 1);
      if (end < 0) throw new Error(`unterminated ${heredoc[1]}<<${heredoc[2]}`);
      out[heredoc[1] ?? ''] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

function shellCommand(shell: string | undefined, script: string): [string, string[]] {
  // GitHub's templates: an explicit `bash` adds -o pipefail; no shell at all means `bash -e {0}`.
  if (shell === 'bash') return ['bash', ['--noprofile', '--norc', '-eo', 'pipefail', script]];
  if (shell === undefined) return ['bash', ['-e', script]];
  throw new Error(`shell ${shell} is not simulated`);
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(resolve => {
    execFile(cmd, args, { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

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

export async function runWorkflow(file: string, setup: RunnerSetup): Promise<JobRun[]> {
  const wf = parse(await readFile(file, 'utf8')) as WorkflowDef;
  const runs: JobRun[] = [];
  const needsCtx: Record<string, { result: Outcome; outputs: Record<string, string> }> = {};
  for (const id of order(wf.jobs)) {
    const job = wf.jobs[id] as JobDef;
    const needs = typeof job.needs === 'string' ? [job.needs] : (job.needs ?? []);
    const needed = Object.fromEntries(needs.map(n => [n, needsCtx[n] ?? { result: 'skipped', outputs: {} }]));
    const base: Contexts = { github: setup.github, vars: setup.vars, needs: needed, secrets: {} };
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

interface CompositeDef {
  inputs?: Record<string, { default?: string }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: StepDef[] };
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
