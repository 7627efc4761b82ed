// validate_vs_parse: `rulectl validate <corpus> --format json` as a whole process vs. a process that only
// parses the same files with js-yaml (scripts/parse-floor.mjs). Runs alternate; medians are compared.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const RUNS = 7;

function corpusDir() {
  const dir = process.env.RULECTL_CORPUS ?? path.resolve(root, '../shared/corpus/azure-sentinel');
  if (!existsSync(dir)) throw new Error(`corpus not found at ${dir}; set RULECTL_CORPUS`);
  return dir;
}

function timed(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // validate exits 1 when the corpus has errors (it does); anything else means it did not finish its job.
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { seconds, stdout: r.stdout };
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

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
    const { seconds, stdout } = timed(validateArgs);
    if (i === 0) log(`validate: ${JSON.stringify(JSON.parse(stdout).summary)}`);
    v.push(seconds);
    p.push(timed(floorArgs).seconds);
  }
  const validateS = median(v);
  const parseS = median(p);
  log(`validate runs (s): ${v.map(x => x.toFixed(3)).join(' ')}`);
  log(`parse runs (s):    ${p.map(x => x.toFixed(3)).join(' ')}`);
  return {
    validate_s: validateS,
    parse_floor_s: parseS,
    validate_vs_parse: validateS / parseS,
    targets: { validate_vs_parse: '<= 1.5' },
  };
}
