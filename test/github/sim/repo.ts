// Temporary rules repositories for the workflow runs: a copy of this repository (rules, templates, the tool) with
// its own rulectl.yaml, and an offline `npm ci` that links the installed dependencies and a build made once.
import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const REPO = path.resolve(import.meta.dirname, '../../..');
const exec = promisify(execFile);

/** Top-level entries a rules repository needs: the rules, their templates and schemas, and the tool itself. */
const REPO_ENTRIES = ['.github', 'action.yml', 'bin', 'data', 'package.json', 'rules', 'schemas', 'templates'];
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
  const npm = path.join(bin, 'npm');
  await writeFile(
    npm,
    [
      '#!/usr/bin/env bash',
      '# Offline `npm ci`: the lockfile dependencies are already installed, and `prepare` was run once for the test.',
      'if [ "$1" = ci ]; then',
      '  rm -rf node_modules dist && ln -s "$SIM_NODE_MODULES" node_modules && cp -R "$SIM_DIST" dist && exit 0',
      'fi',
      'echo "npm $* is not simulated" >&2',
      'exit 1',
      '',
    ].join('\n'),
  );
  await chmod(npm, 0o755);
  const dist = path.join(pkg, 'dist');
  const base = path.join(root, 'base');
  await mkdir(base);
  await copyEntries(REPO_ENTRIES, base);
  await cp(dist, path.join(base, 'dist'), { recursive: true });
  // The committed templates may lag the sources while the team works; a repository that merged cleanly has fresh ones.
  await exec('node', ['bin/rulectl.js', 'build-arm'], { cwd: base });
  return { bin, env: { SIM_NODE_MODULES: path.join(REPO, 'node_modules'), SIM_DIST: dist }, base };
}

/** A fresh rules repository: a copy of the base (this one's files, fresh templates), `extra` files on top. */
export async function makeRulesRepo(toolchain: Toolchain, extra: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-rules-repo-'));
  await cp(toolchain.base, dir, { recursive: true, verbatimSymlinks: true });
  for (const [file, text] of Object.entries(extra)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}
