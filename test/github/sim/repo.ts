// Temporary rules repositories for the workflow runs: git repositories holding a copy of this one (rules, templates,
// the tool) with their own rulectl.yaml; an offline `npm ci` that links the installed dependencies and a build made
// once; `node` and `npm` that note which job started them; and the GitHub CLI stand-in.
import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { installGh } from './gh.js';

export const REPO = path.resolve(import.meta.dirname, '../../..');
const exec = promisify(execFile);

/** Top-level entries a rules repository needs: the rules, their templates and schemas, and the tool itself. */
const REPO_ENTRIES = [
  '.gitignore',
  '.github',
  'action.yml',
  'bin',
  'data',
  'package.json',
  'rules',
  'schemas',
  'templates',
];
/** What `prepare` (tsc + the schema validator step) needs. */
const BUILD_ENTRIES = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'scripts', 'schemas', 'data'];

async function copyEntries(entries: readonly string[], to: string): Promise<void> {
  const present = new Set(await readdir(REPO));
  for (const entry of entries)
    if (present.has(entry)) await cp(path.join(REPO, entry), path.join(to, entry), { recursive: true });
  await symlink(path.join(REPO, 'node_modules'), path.join(to, 'node_modules'), 'dir');
}

export interface Toolchain {
  /** A directory holding `npm`, the offline stand-in, to put first on PATH. */
  bin: string;
  env: Record<string, string>;
  /** A rules repository made once with this build and fresh templates, copied for each test. */
  base: string;
}

/**
 * Builds the current sources once with the package's own build script (what `npm ci` runs as `prepare`), and
 * writes an `npm` whose `ci` copies that build into the checkout; any other npm command fails loudly. Also makes
 * the base rules repository, so the cold start of build-arm (a Kusto load and the KQL analysis of every bundled rule,
 * seconds of CPU) is paid once, not once per test.
 */
export async function prepareToolchain(): Promise<Toolchain> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'rulectl-toolchain-'));
  const pkg = path.join(root, 'pkg');
  await mkdir(pkg);
  await copyEntries(BUILD_ENTRIES, pkg);
  await exec('npm', ['run', '--silent', 'build'], { cwd: pkg }).catch(
    (e: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`the build (npm ci's prepare step) failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    },
  );
  const bin = path.join(root, 'bin');
  await mkdir(bin);
  // Each notes `$GITHUB_JOB` in $SIM_EXEC_LOG when set: a run can tell which jobs ran the repository's code.
  const note = 'if [ -n "${SIM_EXEC_LOG:-}" ]; then echo "${GITHUB_JOB:-} $(basename "$0") $*" >> "$SIM_EXEC_LOG"; fi';
  await script(bin, 'npm', [
    '# Offline `npm ci`: the lockfile dependencies are already installed, and `prepare` was run once for the test.',
    note,
    'if [ "$1" = ci ]; then',
    '  rm -rf node_modules dist && ln -s "$SIM_NODE_MODULES" node_modules && cp -R "$SIM_DIST" dist && exit 0',
    'fi',
    'echo "npm $* is not simulated" >&2',
    'exit 1',
  ]);
  await script(bin, 'node', [note, 'exec "$SIM_NODE" "$@"']);
  await installGh(bin);
  const dist = path.join(pkg, 'dist');
  const base = path.join(root, 'base');
  await mkdir(base);
  await copyEntries(REPO_ENTRIES, base);
  await cp(dist, path.join(base, 'dist'), { recursive: true });
  // The committed templates may lag the sources while the team works; a repository that merged cleanly has fresh ones.
  await exec('node', ['bin/rulectl.js', 'build-arm'], { cwd: base });
  // The simulation links node_modules (a symlink, which `node_modules/` does not match) instead of installing it.
  const ignore = await readFile(path.join(base, '.gitignore'), 'utf8').catch(() => '');
  await writeFile(path.join(base, '.gitignore'), `${ignore}/node_modules\n`);
  await git(base, 'init', '--quiet', '--initial-branch=main');
  await commitAll(base, 'The rules repository');
  return {
    bin,
    env: { SIM_NODE_MODULES: path.join(REPO, 'node_modules'), SIM_DIST: dist, SIM_NODE: process.execPath },
    base,
  };
}

async function script(bin: string, name: string, lines: string[]): Promise<void> {
  await writeFile(path.join(bin, name), ['#!/usr/bin/env bash', ...lines, ''].join('\n'));
  await chmod(path.join(bin, name), 0o755);
}

/** git in `dir`, as a fixed author (so no user configuration is needed); its standard output, trimmed. */
export async function git(dir: string, ...args: string[]): Promise<string> {
  const who = { GIT_AUTHOR_NAME: 'Rules Author', GIT_AUTHOR_EMAIL: 'author@example.com' };
  const env = {
    ...process.env,
    ...who,
    GIT_COMMITTER_NAME: who.GIT_AUTHOR_NAME,
    GIT_COMMITTER_EMAIL: who.GIT_AUTHOR_EMAIL,
  };
  const { stdout } = await exec('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: dir, env });
  return stdout.trim();
}

/** Commits every change in `dir`; returns the new commit. */
export async function commitAll(dir: string, message: string): Promise<string> {
  await git(dir, 'add', '--all');
  await git(dir, 'commit', '--quiet', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/** Gives `dir` an `origin` (a bare repository beside it) to push to, as a checkout has; returns its path. */
export async function addOrigin(dir: string): Promise<string> {
  const origin = `${dir}-origin.git`;
  await exec('git', ['clone', '--quiet', '--bare', dir, origin]);
  await git(dir, 'remote', 'add', 'origin', origin);
  return origin;
}

/**
 * A fresh rules repository: a copy of the base (this one's files, fresh templates, one commit on main), `extra` files
 * on top in a second commit (a checkout holds only what is committed).
 */
export async function makeRulesRepo(toolchain: Toolchain, extra: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-rules-repo-'));
  await cp(toolchain.base, dir, { recursive: true, verbatimSymlinks: true });
  for (const [file, text] of Object.entries(extra)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  if (Object.keys(extra).length) await commitAll(dir, 'The change under test');
  return dir;
}
