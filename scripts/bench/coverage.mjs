// coverage_vs_parse: `rulectl coverage <corpus> --out <tmp>.html` as a whole process vs. the js-yaml parse floor
// (scripts/parse-floor.mjs), both under scripts/cpu-time.mjs; runs alternate, medians are compared (wall and CPU).
// Also reports the size of the corpus's HTML report (target: under 2 MB).
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { corpusDir, median, root, showRuns, timedProcess } from '../bench-lib.mjs';

const RUNS = 7;

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
      c.push(timedProcess(coverageArgs));
      p.push(timedProcess(floorArgs));
    }
    log(`coverage runs (wall/cpu s): ${showRuns(c)}`);
    log(`parse runs (wall/cpu s):    ${showRuns(p)}`);
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
