// validate_vs_parse: `rulectl validate <corpus> --format json` as a whole process vs. a process that only
// parses the same files with js-yaml (scripts/parse-floor.mjs). Runs alternate; medians are compared. Both run under
// scripts/cpu-time.mjs, so CPU seconds are compared too: on a busy machine wall time says little, CPU time more.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { corpusDir, median, root } from '../bench-lib.mjs';

const RUNS = 7;

function timed(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/cpu-time.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // validate exits 1 when the corpus has errors (it does); anything else means it did not finish its job.
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = Number(/cpu_s=([\d.]+)\s*$/.exec(r.stderr)?.[1]);
  return { seconds, cpu, stdout: r.stdout };
}

export async function run({ log }) {
  const corpus = corpusDir();
  if (!existsSync(path.join(root, 'dist/cli/main.js'))) throw new Error('dist/ missing: run npm run build first');
  const help = spawnSync(process.execPath, ['bin/rulectl.js', 'validate', '--help'], { cwd: root, encoding: 'utf8' });
  const validateArgs = ['bin/rulectl.js', 'validate', corpus, '--format', 'json'];
  if (/--kql\b/.test(help.stdout)) validateArgs.push('--kql', 'off');
  const floorArgs = [path.join(root, 'scripts/parse-floor.mjs'), corpus];
  const v = [];
  const p = [];
  for (let i = 0; i < RUNS; i++) {
    const run = timed(validateArgs);
    if (i === 0) log(`validate: ${JSON.stringify(JSON.parse(run.stdout).summary)}`);
    v.push(run);
    p.push(timed(floorArgs));
  }
  const show = runs => runs.map(r => `${r.seconds.toFixed(2)}/${r.cpu.toFixed(2)}`).join(' ');
  log(`validate runs (wall/cpu s): ${show(v)}`);
  log(`parse runs (wall/cpu s):    ${show(p)}`);
  const validateS = median(v.map(r => r.seconds));
  const parseS = median(p.map(r => r.seconds));
  const validateCpu = median(v.map(r => r.cpu));
  const parseCpu = median(p.map(r => r.cpu));
  return {
    validate_s: validateS,
    parse_floor_s: parseS,
    validate_vs_parse: validateS / parseS,
    validate_vs_parse_cpu: validateCpu / parseCpu,
    targets: { validate_vs_parse: '<= 1.5' },
  };
}
