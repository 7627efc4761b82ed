// validate_vs_parse: `rulectl validate <corpus> --format json` as a whole process vs. a process that only
// parses the same files with js-yaml (scripts/parse-floor.mjs). Runs alternate; medians are compared. Both run under
// scripts/cpu-time.mjs, so CPU seconds are compared too: on a busy machine wall time says little, CPU time more.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { corpusDir, median, root, showRuns, timedProcess } from '../bench-lib.mjs';

const RUNS = 7;

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
    const run = timedProcess(validateArgs, [0, 1]);
    if (i === 0) log(`validate: ${JSON.stringify(JSON.parse(run.stdout).summary)}`);
    v.push(run);
    p.push(timedProcess(floorArgs));
  }
  log(`validate runs (wall/cpu s): ${showRuns(v)}`);
  log(`parse runs (wall/cpu s):    ${showRuns(p)}`);
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
