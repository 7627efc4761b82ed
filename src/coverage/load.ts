// Rules for coverage: from paths on disk, or from the same paths at a git ref (read with `git archive` into a
// temporary folder, so neither the working tree nor the index is touched).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { applyOverrides } from '../config/overrides.js';
import type { Overrides } from '../config/config.js';
import { InputError, loadRuleFiles } from '../rules/load.js';
import type { AnalyticRule } from '../rules/model.js';
import { coverageRule, type CoverageRule } from './model.js';

const run = promisify(execFile);

export interface LoadedRules {
  rules: CoverageRule[];
  /** Display paths of files that did not parse as a rule mapping (left out; `validate` says why). */
  unreadable: string[];
}

/**
 * The rules under `paths` as the workspace gets them (`overrides`: excluded rules are left out, disabled ones
 * kept with enabled false). `display` maps a file's absolute path to the path shown and linked.
 */
export async function loadCoverageRules(
  paths: readonly string[],
  cwd: string,
  overrides: Overrides = {},
  display: (absPath: string, shown: string) => string = (_abs, shown) => shown,
): Promise<LoadedRules> {
  const { files } = await loadRuleFiles(paths, cwd);
  const rules: CoverageRule[] = [];
  const unreadable: string[] = [];
  for (const f of files) {
    if (!f.data) {
      unreadable.push(f.file);
      continue;
    }
    const rule = applyOverrides(f.data as AnalyticRule, overrides);
    if (rule) rules.push(coverageRule(rule, display(f.absPath, f.file)));
  }
  return { rules, unreadable };
}

async function git(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 1 << 30, encoding: 'utf8' });
    return stdout;
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new InputError('--base-ref needs git, which is not on PATH');
    throw new InputError(`git ${args[0]} failed: ${(err.stderr ?? err.message).trim().split('\n')[0]}`);
  }
}

/**
 * The rules under `paths` as they are at git `ref` of the repository holding `cwd`. Paths that do not exist at
 * the ref hold no rules there (a pull request that adds a folder). Display paths are those of the working tree.
 */
export async function loadCoverageRulesAtRef(
  ref: string,
  paths: readonly string[],
  cwd: string,
  overrides: Overrides = {},
): Promise<LoadedRules> {
  if (ref.startsWith('-')) throw new InputError(`--base-ref ${ref}: not a git ref`);
  const top = (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
  try {
    await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd);
  } catch {
    throw new InputError(`--base-ref ${ref}: no such commit, branch or tag in this repository`);
  }
  const rel = paths.map(p => path.relative(top, path.resolve(cwd, p)).split(path.sep).join('/') || '.');
  const outside = rel.find(r => r.startsWith('..'));
  if (outside !== undefined) throw new InputError(`--base-ref: ${outside} is outside the git repository ${top}`);
  const present: string[] = [];
  for (const r of rel) if ((await git(['ls-tree', '--name-only', ref, '--', r], top)).trim()) present.push(r);
  if (!present.length) return { rules: [], unreadable: [] };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rulectl-base-'));
  try {
    const tar = path.join(dir, 'base.tar');
    await git(['archive', '--format=tar', '-o', tar, ref, '--', ...present], top);
    const tree = path.join(dir, 'tree');
    mkdirSync(tree);
    try {
      await run('tar', ['-xf', tar, '-C', tree]);
    } catch (e) {
      throw new InputError(`--base-ref: cannot unpack ${ref}'s files with tar: ${(e as Error).message.split('\n')[0]}`);
    }
    return await loadCoverageRules(
      present.map(r => path.join(tree, r)),
      tree,
      overrides,
      (abs: string) =>
        path
          .relative(cwd, path.join(top, path.relative(tree, abs)))
          .split(path.sep)
          .join('/'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
