// What the benchmarks in scripts/bench/ share: the repository root, the corpus they measure, and medians.
import { spawnSync } from 'node:child_process';
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

/**
 * Runs `node scripts/cpu-time.mjs ...args` (a whole process) and returns its wall seconds, the CPU seconds it
 * reports and its stdout. An exit status outside `ok` means the command did not finish its job: an error.
 */
export function timedProcess(args, ok = [0]) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/cpu-time.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (!ok.includes(r.status)) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = Number(/cpu_s=([\d.]+)\s*$/.exec(r.stderr)?.[1]);
  return { seconds, cpu, stdout: r.stdout };
}

/** timedProcess() runs as `wall/cpu` seconds, for a bench's log. */
export const showRuns = runs => runs.map(r => `${r.seconds.toFixed(2)}/${r.cpu.toFixed(2)}`).join(' ');
