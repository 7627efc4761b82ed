// actions/upload-artifact and actions/download-artifact (v4) for one simulated run: the inputs the workflows use,
// with the actions' documented layout (the root of several paths is their least common ancestor; a download by
// pattern puts each artifact in a folder of its name unless merge-multiple). Other inputs fail loudly.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ActionDouble } from './types.js';

/** An artifact: its files by path relative to its root. */
type Artifact = Map<string, Buffer>;

function refuseOthers(inputs: Record<string, string>, known: readonly string[], action: string): void {
  for (const [k, v] of Object.entries(inputs))
    if (v !== '' && !known.includes(k)) throw new Error(`${action}: input ${k} is not simulated`);
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    // v4.4 and later leave hidden files out unless include-hidden-files: true.
    if (e.name.startsWith('.')) continue;
    const abs = path.join(dir, e.name);
    out.push(...(e.isDirectory() ? await filesUnder(abs) : [abs]));
  }
  return out;
}

function commonAncestor(paths: string[]): string {
  const split = paths.map(p => p.split(path.sep));
  const common: string[] = [];
  for (let i = 0; split.every(s => i < s.length && s[i] === split[0]?.[i]); i++) common.push(split[0]?.[i] ?? '');
  return common.join(path.sep) || path.sep;
}

/** A fresh artifact store (one workflow run) and its two doubles; relative paths are taken from `workspace`. */
export function artifactDoubles(workspace: string): Record<string, ActionDouble> {
  const store = new Map<string, Artifact>();
  return {
    'actions/upload-artifact': async w => {
      refuseOthers(w, ['name', 'path', 'retention-days', 'if-no-files-found'], 'upload-artifact');
      const name = w.name || 'artifact';
      const searchPaths = (w.path ?? '')
        .split('\n')
        .map(p => p.trim())
        .filter(Boolean)
        .map(p => {
          if (/[*?[\]!]/.test(p)) throw new Error(`upload-artifact: the pattern ${p} is not simulated`);
          return path.resolve(workspace, p);
        });
      if (!searchPaths.length) throw new Error('Input required and not supplied: path');
      const found: string[] = [];
      for (const p of searchPaths) {
        const info = await stat(p).catch(() => undefined);
        if (info?.isDirectory()) found.push(...(await filesUnder(p)));
        else if (info) found.push(p);
      }
      if (!found.length) {
        const message = `No files were found with the provided path: ${w.path}. No artifacts will be uploaded.`;
        const mode = w['if-no-files-found'] || 'warn';
        if (!['warn', 'error', 'ignore'].includes(mode)) throw new Error(`if-no-files-found: ${mode} is not valid`);
        if (mode === 'error') throw new Error(message);
        return;
      }
      // One path that is a file keeps only its name; otherwise the structure under the search paths' ancestor.
      const single = searchPaths.length === 1 && found.length === 1 && found[0] === searchPaths[0];
      const root = single ? path.dirname(found[0] ?? '') : commonAncestor(searchPaths);
      if (store.has(name))
        throw new Error(
          `Failed to CreateArtifact: (409) Conflict: an artifact with this name already exists on the workflow run`,
        );
      const files: Artifact = new Map();
      for (const f of found) files.set(path.relative(root, f), await readFile(f));
      store.set(name, files);
    },
    'actions/download-artifact': async w => {
      refuseOthers(w, ['name', 'pattern', 'path', 'merge-multiple'], 'download-artifact');
      const dest = path.resolve(workspace, w.path || '.');
      const merge = w['merge-multiple'] === 'true';
      let chosen: [string, Artifact][];
      if (w.name) {
        const one = store.get(w.name);
        if (!one) throw new Error(`Unable to download artifact(s): Artifact '${w.name}' not found`);
        chosen = [[w.name, one]];
      } else {
        // minimatch on a name without slashes: `*` and `?` are all the workflows need.
        const pattern = w.pattern ? globRegExp(w.pattern) : /^/;
        chosen = [...store].filter(([n]) => pattern.test(n));
      }
      for (const [n, files] of chosen) {
        const into = w.name || merge ? dest : path.join(dest, n);
        for (const [rel, data] of files) {
          await mkdir(path.dirname(path.join(into, rel)), { recursive: true });
          await writeFile(path.join(into, rel), data);
        }
      }
    },
  };
}

function globRegExp(pattern: string): RegExp {
  if (/[[\]{}!/]/.test(pattern)) throw new Error(`download-artifact: the pattern ${pattern} is not simulated`);
  const body = pattern
    .replace(/[.+^$()|\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}
