// rulectl test: test_vs_query, the harness's cost (test files read, windows, alerts, comparisons) over running the
// same queries through the engine directly, for 200 corpus rules with 2 cases each, in one process; and
// test_init_firing, the share of corpus rules that `rulectl test --init` scaffolds to a case that fires.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusDir, root } from '../bench-lib.mjs';

function ruleFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...ruleFiles(p));
    else if (/\.ya?ml$/i.test(e)) out.push(p);
  }
  return out.sort();
}

const lib = async p => import(pathToFileURL(path.join(root, 'dist', p)).href);

export async function run({ log }) {
  const corpus = corpusDir();
  const { initTests } = await lib('testing/init.js');
  const { runSuite } = await lib('testing/suite.js');
  const { runQuery } = await lib('kql/exec/run.js');
  const { readTestFile } = await lib('testing/test-file.js');
  const { schemasFor } = await lib('testing/suite.js');
  const { scheduleOf, windowTables, mappedColumns } = await lib('testing/schedule.js');
  const jsyaml = await import('js-yaml');
  const work = mkdtempSync(path.join(os.tmpdir(), 'rulectl-bench-test-'));
  let total = 0;
  let firing = 0;
  let scaffolded = 0;
  const why = new Map();
  const picked = [];
  for (const f of ruleFiles(corpus)) {
    let data;
    try {
      data = jsyaml.load(readFileSync(f, 'utf8'));
    } catch {
      continue;
    }
    if (!data || typeof data.query !== 'string' || !['Scheduled', 'NRT'].includes(data.kind)) continue;
    total++;
    const dest = path.join(work, `r${total}.yaml`);
    copyFileSync(f, dest);
    const r = initTests(dest, work, []);
    if ('error' in r) {
      const key = r.error.replace(/^.*?: /, '').slice(0, 90);
      why.set(key, (why.get(key) ?? 0) + 1);
      continue;
    }
    scaffolded++;
    if (r.fires) {
      firing++;
      if (picked.length < 200) picked.push(dest);
    }
  }
  for (const [k, n] of [...why.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) log(`not scaffolded (${n}): ${k}`);
  log(`--init: ${scaffolded}/${total} rules scaffolded, ${firing} to a firing case`);

  // 200 rules x 2 cases: the generated case twice under two names, in a folder of their own.
  const suite = mkdtempSync(path.join(os.tmpdir(), 'rulectl-bench-suite-'));
  for (const dest of picked) {
    const base = path.basename(dest, '.yaml');
    copyFileSync(dest, path.join(suite, `${base}.yaml`));
    const t = jsyaml.load(readFileSync(dest.replace(/\.yaml$/, '.tests.yaml'), 'utf8'));
    t.cases.push({ ...t.cases[0], name: 'second' });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(suite, `${base}.tests.yaml`), jsyaml.dump(t));
  }
  const schemas = schemasFor(suite, []);
  // The same queries, directly: tables already read and windowed outside the timing.
  const direct = [];
  for (const dest of picked) {
    const base = path.basename(dest, '.yaml');
    const rule = jsyaml.load(readFileSync(path.join(suite, `${base}.yaml`), 'utf8'));
    const file = path.join(suite, `${base}.tests.yaml`);
    const { test } = readTestFile(base, file, readFileSync(file), schemas.schemaOf);
    const s = scheduleOf(rule);
    for (const c of test.cases)
      direct.push({
        query: rule.query,
        now: c.now,
        tables: windowTables(c.tables, c.now, s.window),
        watchlists: c.watchlists,
        schemas,
        keepColumns: mappedColumns(rule),
      });
  }
  const time = fn => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  };
  // Warm both paths once (parser load, engine caches), then take the best of three.
  await runSuite({ paths: [suite], cwd: suite });
  for (const d of direct) runQuery(d);
  let best = Infinity;
  let bestDirect = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await runSuite({ paths: [suite], cwd: suite });
    best = Math.min(best, performance.now() - t0);
    bestDirect = Math.min(
      bestDirect,
      time(() => direct.forEach(d => runQuery(d))),
    );
  }
  log(
    `rulectl test: ${picked.length} rules x 2 cases in ${best.toFixed(0)} ms; the ${direct.length} queries directly in ${bestDirect.toFixed(0)} ms`,
  );
  void existsSync;
  return {
    test_vs_query: Number((best / bestDirect).toFixed(3)),
    test_init_firing: Number((firing / Math.max(1, total)).toFixed(3)),
    targets: { test_vs_query: '<= 1.3' },
  };
}
