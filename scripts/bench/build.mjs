// build_vs_parse: `rulectl build-arm <corpus> --out <tmp> --kql off` as a whole process vs. the same js-yaml parse
// floor as the validate bench (scripts/parse-floor.mjs). Runs alternate; medians are compared. Also checks that
// two builds into fresh folders write byte-identical files.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { corpusDir, median, root, timedProcess } from '../bench-lib.mjs';

const RUNS = 7;

async function snapshot(dir) {
  const out = new Map();
  for (const name of (await readdir(dir)).sort()) out.set(name, await readFile(path.join(dir, name)));
  return out;
}

export async function run({ log }) {
  const corpus = corpusDir();
  if (!existsSync(path.join(root, 'dist/cli/main.js'))) throw new Error('dist/ missing: run npm run build first');
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'rulectl-bench-build-'));
  try {
    const buildArgs = out => ['bin/rulectl.js', 'build-arm', corpus, '--out', out, '--kql', 'off'];
    const floorArgs = [path.join(root, 'scripts/parse-floor.mjs'), corpus];
    const b = [];
    const p = [];
    for (let i = 0; i < RUNS; i++) {
      // A fresh folder each time: the timed run writes every template, as a first build in CI does.
      // build-arm exits 1 when some corpus rules have errors (some do); anything else means it did not finish.
      const { seconds, stdout } = timedProcess(buildArgs(path.join(tmp, `run-${i}`)), [0, 1]);
      if (i === 0) log(stdout.trim().split('\n').pop());
      b.push(seconds);
      p.push(timedProcess(floorArgs).seconds);
    }
    const [first, second] = [await snapshot(path.join(tmp, 'run-0')), await snapshot(path.join(tmp, 'run-1'))];
    const identical =
      first.size > 0 &&
      first.size === second.size &&
      [...first].every(([name, bytes]) => second.get(name)?.equals(bytes) === true);
    if (!identical) throw new Error('two builds of the same corpus wrote different bytes');
    log(`${first.size} templates, byte-identical across runs`);
    log(`build runs (s): ${b.map(x => x.toFixed(3)).join(' ')}`);
    log(`parse runs (s): ${p.map(x => x.toFixed(3)).join(' ')}`);
    const buildS = median(b);
    const parseS = median(p);
    return {
      build_s: buildS,
      build_parse_floor_s: parseS,
      build_vs_parse: buildS / parseS,
      build_identical: identical ? 1 : 0,
      targets: { build_vs_parse: '<= 2.0', build_identical: '>= 1' },
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
