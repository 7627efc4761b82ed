#!/usr/bin/env node
// `npm run bench`: every benchmark in scripts/bench/*.mjs, run side by side in one process tree, printed as
// ratios against a floor measured in the same run. `--json` prints one JSON object as the last line.
// Usage: npm run bench [-- --json] [-- --only name,name]
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const json = args.includes('--json');
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? new Set((args[onlyIdx + 1] ?? '').split(',')) : null;

const dir = path.join(import.meta.dirname, 'bench');
const files = (await readdir(dir)).filter(f => f.endsWith('.mjs')).sort();
const results = {};
let failed = false;
for (const f of files) {
  const name = f.replace(/\.mjs$/, '');
  if (only && !only.has(name)) continue;
  const mod = await import(pathToFileURL(path.join(dir, f)).href);
  const log = line => process.stderr.write(`[${name}] ${line}\n`);
  try {
    // Each module: export async function run({ log }) -> { metric: number | string, ... , targets?: {metric: '<= 1.5'} }
    const out = await mod.run({ log });
    const { targets = {}, ...metrics } = out;
    Object.assign(results, metrics);
    for (const [metric, value] of Object.entries(metrics)) {
      const target = targets[metric];
      let verdict = '';
      if (target) {
        const [op, bound] = target.split(/\s+/);
        const ok =
          op === '<='
            ? value <= Number(bound)
            : op === '<'
              ? value < Number(bound)
              : op === '>='
                ? value >= Number(bound)
                : true;
        verdict = ok ? `  (target ${target}: ok)` : `  (target ${target}: MISSED)`;
      }
      const shown = typeof value === 'number' ? (Number.isInteger(value) ? value : value.toFixed(3)) : value;
      process.stdout.write(`${metric.padEnd(28)} ${String(shown).padStart(12)}${verdict}\n`);
    }
  } catch (e) {
    failed = true;
    process.stderr.write(`[${name}] failed: ${e?.stack ?? e}\n`);
  }
}
if (json) process.stdout.write(JSON.stringify(results) + '\n');
process.exitCode = failed ? 1 : 0;
