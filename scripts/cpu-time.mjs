#!/usr/bin/env node
// Runs a node script in this process and prints the process's CPU time (user + system, seconds) as the last line of
// stderr: `cpu_s=<n>`. Benchmarks use it to compare work done when a busy machine makes wall time noisy.
// Usage: node scripts/cpu-time.mjs <script.mjs> [args..]
import { writeSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [script, ...rest] = process.argv.slice(2);
if (!script) {
  process.stderr.write('usage: node scripts/cpu-time.mjs <script.mjs> [args..]\n');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(script), ...rest];
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeSync(2, `\ncpu_s=${(user + system) / 1e6}\n`);
});
await import(pathToFileURL(path.resolve(script)).href);
