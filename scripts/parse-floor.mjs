#!/usr/bin/env node
// The floor for `validate_vs_parse`: a process that only finds, reads and parses the same rule files with
// js-yaml (the fastest mainstream parser here), the least any validator must do. Used by scripts/bench/validate.mjs.
// Usage: node scripts/parse-floor.mjs <dir>
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';

async function walk(dir, out) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (/\.ya?ml$/i.test(e.name)) out.push(p);
  }
  return out;
}

let parsed = 0;
for (const file of (await walk(path.resolve(process.argv[2] ?? '.'), [])).sort()) {
  try {
    if (load(await readFile(file, 'utf8'), { schema: CORE_SCHEMA }) !== undefined) parsed++;
  } catch {
    // A file the parser refuses still cost its parse; the floor counts the work, not the outcome.
  }
}
process.stdout.write(`${parsed}\n`);
