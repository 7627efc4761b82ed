// The GitHub CLI stand-in (gh.sh) and what it recorded: the calls a run made and the pull requests it left.
import { chmod, copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Installs gh.sh as `gh` in `bin` (a folder first on PATH). */
export async function installGh(bin: string): Promise<void> {
  await copyFile(path.join(import.meta.dirname, 'gh.sh'), path.join(bin, 'gh'));
  await chmod(path.join(bin, 'gh'), 0o755);
}

export interface GhCall {
  /** $GITHUB_JOB of the step that ran gh. */
  job: string;
  args: string[];
}
export interface PullRequest {
  number: number;
  headRefName: string;
  baseRefName: string;
  title: string;
  body: string;
  state: string;
}

/** What the stand-in recorded in `dir` (its SIM_GH_DIR). */
export async function ghState(dir: string): Promise<{ calls: GhCall[]; pulls: PullRequest[] }> {
  const text = (f: string) => readFile(path.join(dir, f), 'utf8').catch(() => '');
  const calls = (await text('calls.jsonl'))
    .split('\n')
    .filter(Boolean)
    .map(l => JSON.parse(l) as GhCall);
  return { calls, pulls: JSON.parse((await text('pulls.json')) || '[]') as PullRequest[] };
}
