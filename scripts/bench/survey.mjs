// survey_queries_per_run: `survey` of 50 generated rules over 7 days against the emulator's query API (through
// @azure/monitor-query-logs, in this process): query API calls made against schedule runs replayed. The rules mix
// the shapes met in practice: row-wise filters (one query for all runs), aggregations (one query per run) and
// queries that read now() through ago() (one query per run, the run's time substituted).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../bench-lib.mjs';

const RULES = 50;
const DAYS = 7;
const END = Date.parse('2026-11-20T00:00:00Z');

function rule(n) {
  const id = `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;
  const event = 4000 + n;
  // 35 row-wise (every 5 minutes, hourly, or hourly over a day), 10 aggregations (daily), 5 with ago() (6-hourly).
  const [frequency, period, query] =
    n <= 35
      ? [
          ['5m', '5m'],
          ['1h', '1h'],
          ['1h', '1d'],
        ][n % 3].concat(`SecurityEvent | where EventID == ${event} | project TimeGenerated, Computer, Account`)
      : n <= 45
        ? [
            '1d',
            '1d',
            `SecurityEvent | where EventID == ${event} | summarize Events = count() by Computer | where Events > 2`,
          ]
        : ['6h', '6h', `SecurityEvent | where TimeGenerated > ago(6h) | where EventID == ${event}`];
  return `id: ${id}
name: Survey bench rule ${n}
severity: Medium
queryFrequency: ${frequency}
queryPeriod: ${period}
triggerOperator: gt
triggerThreshold: 0
tactics:
  - Execution
query: |
  ${query}
kind: Scheduled
`;
}

/** 3,000 events over the 7 days, spread over the 50 event ids and 20 computers (a fixed pseudo-random walk). */
function events() {
  const lines = [];
  let x = 7;
  for (let i = 0; i < 3000; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const t = END - 1 - (x % (DAYS * 86_400_000));
    lines.push(
      JSON.stringify({
        TimeGenerated: new Date(t).toISOString(),
        EventID: 4001 + (x % RULES),
        Computer: `host-${x % 20}.contoso.com`,
        Account: `CONTOSO\\user${x % 37}`,
      }),
    );
  }
  return lines.join('\n') + '\n';
}

export async function run({ log }) {
  if (!existsSync(path.join(root, 'dist/survey/survey.js'))) throw new Error('dist/ missing: run npm run build first');
  const load = rel => import(pathToFileURL(path.join(root, 'dist', rel)).href);
  const { startEmulator } = await load('emulator/server.js');
  const { loadLogs } = await load('emulator/logs-query.js');
  const { loadSchemas } = await load('kql/schemas.js');
  const { loadRuleFiles } = await load('rules/load.js');
  const { logsQueryRunner } = await load('survey/query-client.js');
  const { survey } = await load('survey/survey.js');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-bench-survey-'));
  try {
    await mkdir(path.join(dir, 'rules'));
    await mkdir(path.join(dir, 'logs'));
    for (let n = 1; n <= RULES; n++) await writeFile(path.join(dir, 'rules', `rule-${n}.yaml`), rule(n));
    await writeFile(path.join(dir, 'logs', 'SecurityEvent.jsonl'), events());
    const emu = await startEmulator({ logs: loadLogs(path.join(dir, 'logs'), loadSchemas(root)) });
    try {
      const { files } = await loadRuleFiles([path.join(dir, 'rules')], dir);
      const runner = logsQueryRunner({
        resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/bench',
        emulator: { url: emu.url, ca: emu.ca, token: emu.token },
      });
      const t0 = performance.now();
      const result = await survey({
        rules: files,
        end: END,
        days: DAYS,
        run: runner.run,
        signal: new AbortController().signal,
      });
      const seconds = (performance.now() - t0) / 1000;
      const failed = result.rules.filter(r => r.error);
      if (failed.length) throw new Error(`${failed.length} rule(s) not surveyed: ${failed[0].error}`);
      const calls = emu.stats().queries;
      const alerts = result.rules.reduce((n, r) => n + r.alerts, 0);
      log(
        `${result.rules.length} rules, ${result.runs} runs, ${calls} query API calls, ${alerts} alerts, ${seconds.toFixed(1)} s`,
      );
      return {
        survey_runs_replayed: result.runs,
        survey_query_calls: calls,
        survey_queries_per_run: calls / result.runs,
        survey_seconds: seconds,
        targets: { survey_queries_per_run: '<= 0.05' },
      };
    } finally {
      await emu.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
