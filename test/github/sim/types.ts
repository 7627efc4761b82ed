// The shapes the workflow runner reads (workflow and action YAML) and reports (job and step runs).
import type { Value } from './expression.js';

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

export interface StepDef {
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

export interface JobDef {
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

export interface WorkflowDef {
  env?: Record<string, Value>;
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, JobDef>;
}

export interface CompositeDef {
  inputs?: Record<string, { default?: string }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: StepDef[] };
}
