// The repository a run is about: where its rulectl.yaml, schemas/ and KQL cache are, wherever rulectl runs from.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository that holds `from` (a rule path, or the current folder): the nearest folder upward with
 * rulectl.yaml, else the top of its git work tree (a `.git` folder or file), else `cwd`. The search stops at the
 * git root, so a rulectl.yaml outside the repository is never picked up.
 */
export function repositoryRoot(from: string, cwd: string): string {
  const start = path.resolve(cwd, from);
  let dir = statSync(start, { throwIfNoEntry: false })?.isDirectory() ? start : path.dirname(start);
  for (;;) {
    if (existsSync(path.join(dir, 'rulectl.yaml')) || existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return cwd;
    dir = parent;
  }
}
