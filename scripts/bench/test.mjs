// rulectl test: test_vs_query, the harness's cost (test files read, windows, alerts, comparisons) over running the
// same queries through the engine directly, for 200 corpus rules with 2 cases each (one firing, one quiet), in one
// process. The 200 are the first corpus rules, in path order, that `rulectl test --init` scaffolds to a firing case.
// test_init_firing, the share of all corpus rules --init scaffolds to a firing case, scaffolds the whole corpus
// and is slow on a busy machine: it runs only with RULECTL_BENCH_INIT_ALL=1.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusDir, root, ruleFiles } from '../bench-lib.mjs';

const RULES = 200;
const lib = async p => import(pathToFileURL(path.join(root, 'dist', p)).href);

export async function run({ log }) {
  const corpus = corpusDir();
  const all = process.env.RULECTL_BENCH_INIT_ALL === '1';
  const { scaffoldCase } = await lib('testing/init.js');
  const { runSuite, schemasFor } = await lib('testing/suite.js');
  const { runQuery } = await lib('kql/exec/run.js');
  const { readTestFile } = await lib('testing/test-file.js');
  const { parseRuleText } = await lib('rules/parse-rule.js');
  const { scheduleOf, windowTables, mappedColumns } = await lib('testing/schedule.js');
  const { parseDatetime, formatDatetime, TICKS_PER_HOUR } = await lib('kql/exec/values.js');
  const jsyaml = await import('js-yaml');
  const schemas = schemasFor(root, []);
  const known = new Set([
    ...schemas.tables.map(t => t.name),
    ...schemas.functions.filter(f => !f.body && f.columns).map(f => f.name),
  ]);
  const suite = mkdtempSync(path.join(os.tmpdir(), 'rulectl-bench-suite-'));

  // The walk: scaffold each rule in memory (no file written), in path order, until 200 fire (all of them with
  // RULECTL_BENCH_INIT_ALL=1). Each picked rule gets a second case: the same rows an hour before its window,
  // which the rule does not see, so it stays quiet unless it alerts on absence.
  const walkStart = performance.now();
  let total = 0;
  let scaffolded = 0;
  let firing = 0;
  const why = new Map();
  const picked = [];
  for (const f of ruleFiles(corpus).sort()) {
    if (!all && picked.length >= RULES) break;
    const { rule, diagnostics } = parseRuleText(f, f, readFileSync(f));
    const data = rule.data;
    if (diagnostics.length || typeof data?.query !== 'string' || !['Scheduled', 'NRT'].includes(data.kind)) continue;
    total++;
    // Half the corpus reads solution parsers the schemas do not describe: --init would refuse them ("reads no
    // table with a known schema"), told here from the query's words without binding it.
    if (!(data.query.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).some(w => known.has(w))) {
      const key = 'the query reads no table with a known schema';
      why.set(key, (why.get(key) ?? 0) + 1);
      continue;
    }
    const made = scaffoldCase(rule, schemas);
    if ('error' in made) {
      const key = made.error.replace(/^.*?: /, '').slice(0, 90);
      why.set(key, (why.get(key) ?? 0) + 1);
      continue;
    }
    scaffolded++;
    if (made.alerts === 0) continue;
    firing++;
    if (picked.length >= RULES) continue;
    const schedule = scheduleOf(data);
    const now = parseDatetime(made.draft.cases[0].now);
    const before = formatDatetime(now - schedule.window - TICKS_PER_HOUR);
    const first = made.draft.cases[0];
    const second = {
      name: 'the same rows before the window',
      now: first.now,
      data: Object.fromEntries(
        Object.entries(first.data).map(([t, rows]) => [
          t,
          rows.map(r => ('TimeGenerated' in r ? { ...r, TimeGenerated: before } : r)),
        ]),
      ),
      expect: { alerts: 0 },
    };
    const base = `r${String(picked.length).padStart(3, '0')}`;
    const ruleFile = path.join(suite, `${base}.yaml`);
    const testFile = path.join(suite, `${base}.tests.yaml`);
    copyFileSync(f, ruleFile);
    writeFileSync(testFile, jsyaml.dump({ cases: [first, second] }, { lineWidth: 120, noRefs: true }));
    picked.push({ rule, ruleFile, testFile });
  }
  const walkMs = performance.now() - walkStart;
  for (const [k, n] of [...why.entries()].sort((a, b) => b[1] - a[1]).slice(0, all ? 15 : 5))
    log(`not scaffolded (${n}): ${k}`);
  log(
    `--init walk: ${total} rules, ${scaffolded} scaffolded, ${firing} to a firing case, in ${(walkMs / 1000).toFixed(0)} s; ` +
      `${picked.length} picked`,
  );
  if (picked.length < RULES) log(`only ${picked.length} corpus rules scaffold to a firing case (wanted ${RULES})`);

  // The same queries, directly: tables already read and windowed outside the timing.
  const direct = [];
  for (const p of picked) {
    const { test } = readTestFile(p.testFile, p.testFile, readFileSync(p.testFile), schemas.schemaOf);
    const s = scheduleOf(p.rule.data);
    for (const c of test.cases)
      direct.push({
        query: p.rule.data.query,
        now: c.now,
        tables: windowTables(c.tables, c.now, s.window),
        watchlists: c.watchlists,
        schemas,
        keepColumns: mappedColumns(p.rule.data),
      });
  }
  // One pass each, after the walk has loaded the parser: each pass binds every rule against its own data's
  // columns once, so neither path starts with the other's work cached.
  let t0 = performance.now();
  for (const d of direct) runQuery(d);
  const directMs = performance.now() - t0;
  t0 = performance.now();
  const out = await runSuite({ paths: [suite], cwd: suite });
  const suiteMs = performance.now() - t0;
  const failed = out.results.filter(r => !r.passed).length;
  // A quiet case that fires (a rule that alerts on absence) fails; it still ran, so the timing holds.
  if (failed || out.badInput.length)
    log(`${failed} case(s) failed (quiet cases of rules that fire without rows?), ${out.badInput.length} bad input(s)`);
  log(
    `rulectl test: ${picked.length} rules x 2 cases (${out.results.length} run) in ${suiteMs.toFixed(0)} ms; ` +
      `the ${direct.length} queries directly in ${directMs.toFixed(0)} ms`,
  );
  return {
    test_vs_query: Number((suiteMs / directMs).toFixed(3)),
    ...(all ? { test_init_firing: Number((firing / Math.max(1, total)).toFixed(3)) } : {}),
    targets: { test_vs_query: '<= 1.3' },
  };
}
