// The KQL engine (src/kql/exec): how much of the corpus it runs, and how fast against plain JavaScript.
// kql_exec_coverage: share of the corpus queries that run to the end on empty tables of their schemas (watchlists
// empty, functions without bodies as empty tables) with no "unsupported" error; the constructs still missing are
// printed, most used first. exec_vs_js: see scripts/exec-bench-worker.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusDir, root, ruleFiles } from '../bench-lib.mjs';

async function coverage(log) {
  const corpus = corpusDir();
  const jsyaml = await import('js-yaml');
  const load = jsyaml.load ?? jsyaml.default.load;
  const { runQuery } = await import(pathToFileURL(path.join(root, 'dist/kql/exec/run.js')).href);
  const { loadSchemas } = await import(pathToFileURL(path.join(root, 'dist/kql/schemas.js')).href);
  const extra = path.resolve(corpus, '../azure-sentinel-table-schemas/.script/tests/KqlvalidationsTests');
  const schemas = loadSchemas(root, existsSync(extra) ? [extra] : []);
  let total = 0;
  let ran = 0;
  let rejected = 0;
  let waitingQueries = 0;
  const missing = new Map();
  const other = new Map();
  const waiting = new Map();
  for (const f of ruleFiles(corpus)) {
    let data;
    try {
      data = load(readFileSync(f, 'utf8'));
    } catch {
      continue;
    }
    if (!data || typeof data.query !== 'string') continue;
    total++;
    const r = runQuery({ query: data.query, now: 17_053_200_000_000_000n, schemas });
    if (r.ok) {
      ran++;
      // Runs that only stand because no row reached a refusal (see refuseOnRow): counted apart, so the figure
      // never hides them.
      if (r.waiting.length) waitingQueries++;
      for (const key of new Set(r.waiting.map(w => w.message.replace(/ \(.*$|(?: is not supported).*$/, ''))))
        waiting.set(key, (waiting.get(key) ?? 0) + 1);
      continue;
    }
    const p = r.problems[0];
    if (p.kind === 'syntax' || p.kind === 'semantic') {
      rejected++;
      continue;
    }
    const key =
      p.kind === 'unsupported'
        ? p.message.replace(/ is not supported by rulectl's KQL engine$/, '')
        : `${p.kind}: ${p.message}`;
    const bucket = p.kind === 'unsupported' ? missing : other;
    bucket.set(key, (bucket.get(key) ?? 0) + 1);
  }
  const top = m => [...m.entries()].sort((a, b) => b[1] - a[1]);
  for (const [k, n] of top(missing).slice(0, 40)) log(`missing (${n} queries): ${k}`);
  for (const [k, n] of top(other).slice(0, 15)) log(`failed (${n} queries): ${k}`);
  for (const [k, n] of top(waiting)) log(`ran, with a refusal no row reached (${n} queries): ${k}`);
  log(
    `${total} queries: ${ran} ran (${waitingQueries} of them hold a refusal that a row reaching it would raise), ${rejected} refused by the analyzer (syntax/semantic), ${total - ran - rejected} failed in the engine`,
  );
  return { ran, total, analysable: total - rejected, waiting: waitingQueries };
}

export async function run({ log }) {
  if (!existsSync(path.join(root, 'dist/kql/exec/run.js'))) throw new Error('dist/ missing: run npm run build first');
  const cov = await coverage(log);
  const worker = spawnSync(process.execPath, [path.join(root, 'scripts/exec-bench-worker.mjs'), '1000000'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (worker.status !== 0) throw new Error(`exec worker failed: ${worker.stderr}`);
  const m = JSON.parse(worker.stdout.trim().split('\n').pop());
  log(
    `1,000,000 rows: engine ${m.engineMs.toFixed(0)} ms, JavaScript loop ${m.jsMs.toFixed(0)} ms, ${m.groups} groups, peak RSS ${m.maxRssMiB.toFixed(0)} MiB`,
  );
  return {
    kql_exec_coverage: cov.ran / cov.total,
    kql_exec_coverage_analysable: cov.ran / cov.analysable,
    kql_exec_coverage_no_waiting: (cov.ran - cov.waiting) / cov.total,
    exec_vs_js: m.engineMs / m.jsMs,
    exec_peak_mib: m.maxRssMiB,
    targets: { kql_exec_coverage: '>= 0.95', exec_vs_js: '<= 4', exec_peak_mib: '<= 1536' },
  };
}
