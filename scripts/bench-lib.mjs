// What the benchmarks in scripts/bench/ share: the repository root, the corpus they measure, and medians.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

/** The 1,054-rule corpus: RULECTL_CORPUS, else ../shared/corpus/azure-sentinel beside the repository. */
export function corpusDir() {
  const dir = process.env.RULECTL_CORPUS ?? path.resolve(root, '../shared/corpus/azure-sentinel');
  if (!existsSync(dir)) throw new Error(`corpus not found at ${dir}; set RULECTL_CORPUS`);
  return dir;
}

export const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Every rule file (*.yaml, *.yml) under `dir`. */
export function ruleFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...ruleFiles(p));
    else if (/\.ya?ml$/i.test(e)) out.push(p);
  }
  return out;
}
