// coverage_vs_parse: `rulectl coverage <corpus> --out <tmp>.html` as a whole process vs. the js-yaml parse floor
// (scripts/parse-floor.mjs), both under scripts/cpu-time.mjs; runs alternate, medians are compared (wall and CPU).
// Also reports the size of the corpus's HTML report (target: under 2 MB).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
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
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = Number(/cpu_s=([\d.]+)\s*$/.exec(r.stderr)?.[1]);
  return { seconds, cpu };
}

export async function run({ log }) {
  const corpus = corpusDir();
  if (!existsSync(path.join(root, 'dist/cli/main.js'))) throw new Error('dist/ missing: run npm run build first');
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'rulectl-bench-coverage-'));
  try {
    const html = path.join(tmp, 'coverage.html');
    const coverageArgs = ['bin/rulectl.js', 'coverage', corpus, '--out', html];
    const floorArgs = [path.join(root, 'scripts/parse-floor.mjs'), corpus];
    const c = [];
    const p = [];
    for (let i = 0; i < RUNS; i++) {
      c.push(timed(coverageArgs));
      p.push(timed(floorArgs));
    }
    const show = runs => runs.map(r => `${r.seconds.toFixed(2)}/${r.cpu.toFixed(2)}`).join(' ');
    log(`coverage runs (wall/cpu s): ${show(c)}`);
    log(`parse runs (wall/cpu s):    ${show(p)}`);
    const bytes = statSync(html).size;
    const coverageS = median(c.map(r => r.seconds));
    const parseS = median(p.map(r => r.seconds));
    return {
      coverage_s: coverageS,
      coverage_parse_floor_s: parseS,
      coverage_vs_parse: coverageS / parseS,
      coverage_vs_parse_cpu: median(c.map(r => r.cpu)) / median(p.map(r => r.cpu)),
      coverage_html_bytes: bytes,
      targets: { coverage_vs_parse: '<= 1.5', coverage_html_bytes: '< 2097152' },
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
