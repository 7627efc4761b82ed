// KQL analysis over the corpus as whole `rulectl validate` processes: a cold run (empty cache) and a warm rerun.
// kql_overhead = share of the cold run's wall time spent outside Kusto.Language (loading it, building the schema
// symbols, parsing and binding queries); the stage reports its inside time through RULECTL_KQL_STATS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { corpusDir, root } from '../bench-lib.mjs';

function validate(corpus, cacheDir, statsFile) {
  const schemas = path.resolve(corpus, '../azure-sentinel-table-schemas/.script/tests/KqlvalidationsTests');
  const args = ['bin/rulectl.js', 'validate', corpus, '--format', 'json', '--kql', 'full', '--cache-dir', cacheDir];
  if (existsSync(schemas)) args.push('--schema-dir', schemas);
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, RULECTL_KQL_STATS: statsFile, CI: '1' },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`validate exited ${r.status}: ${r.stderr}`);
  return { seconds, stats: JSON.parse(readFileSync(statsFile, 'utf8')) };
}

export async function run({ log }) {
  const corpus = corpusDir();
  if (!existsSync(path.join(root, 'dist/cli/main.js'))) throw new Error('dist/ missing: run npm run build first');
  const work = mkdtempSync(path.join(tmpdir(), 'rulectl-bench-kql-'));
  try {
    const cache = path.join(work, 'cache');
    const cold = validate(corpus, cache, path.join(work, 'cold.json'));
    log(
      `cold: ${cold.seconds.toFixed(2)} s wall, ${(cold.stats.kustoMs / 1000).toFixed(2)} s in Kusto.Language, ` +
        `${cold.stats.analysed}/${cold.stats.queries} queries analysed`,
    );
    const warm = [1, 2, 3].map(i => validate(corpus, cache, path.join(work, `warm${i}.json`)));
    for (const w of warm) {
      if (w.stats.analysed !== 0 || w.stats.kustoLoaded) throw new Error('warm run analysed queries or loaded Kusto');
    }
    const warmS = warm.map(w => w.seconds).sort((a, b) => a - b)[1];
    log(
      `warm runs (s): ${warm.map(w => w.seconds.toFixed(3)).join(' ')} (${warm[0].stats.cacheHits} cache hits, Kusto not loaded)`,
    );
    return {
      kql_cold_s: cold.seconds,
      kql_queries_per_s: cold.stats.analysed / (cold.stats.kustoMs / 1000),
      kql_overhead: (cold.seconds - cold.stats.kustoMs / 1000) / cold.seconds,
      kql_warm_s: warmS,
      targets: { kql_overhead: '<= 0.10', kql_warm_s: '< 2' },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
