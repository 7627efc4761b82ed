// `survey` end to end: the bundled rules/ against the emulator's query API over a fixture of logs whose alert
// counts were worked out by hand (see the comments), through @azure/monitor-query-logs.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLogs } from '../../src/emulator/logs-query.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { loadSchemas } from '../../src/kql/schemas.js';
import { loadRuleFiles } from '../../src/rules/load.js';
import { logsQueryRunner } from '../../src/survey/query-client.js';
import { survey, type SurveyResult } from '../../src/survey/survey.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const LOGS = path.join(repoRoot, 'test/fixtures/survey/logs');
const END = Date.parse('2026-11-20T00:00:00Z');
const RESOURCE =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ logs: loadLogs(LOGS, loadSchemas(repoRoot)) });
});
afterAll(() => emulator.close());

async function surveyOf(paths: string[], cwd = repoRoot): Promise<SurveyResult> {
  const { files } = await loadRuleFiles(paths, cwd);
  const runner = logsQueryRunner({
    resourceId: RESOURCE,
    emulator: { url: emulator.url, ca: emulator.ca, token: emulator.token },
  });
  return survey({ rules: files, end: END, days: 7, run: runner.run, signal: new AbortController().signal });
}

describe('survey of the bundled rules against the emulator', () => {
  let result: SurveyResult;
  beforeAll(async () => {
    result = await surveyOf(['rules']);
  }, 120_000);
  const rule = (file: string) => {
    const r = result.rules.find(x => x.file.endsWith(file));
    if (!r) throw new Error(`no survey of ${file}`);
    return r;
  };
  const days = (r: ReturnType<typeof rule>) =>
    Object.fromEntries(r.perDay.filter(d => d.alerts).map(d => [d.day, d.alerts]));

  it('encoded PowerShell (1h every 1h, row-wise): 10:15 and 10:45 on the 14th share the 11:00 run; 03:30 on the 16th', () => {
    const r = rule('encoded-powershell.yaml');
    // 2026-11-12 is before the period, cmd.exe does not match.
    expect(r).toMatchObject({ runs: 168, queries: 1, batched: true, triggered: 2, alerts: 2 });
    expect(days(r)).toEqual({ '2026-11-14': 1, '2026-11-16': 1 });
    expect(r.busiestDay).toEqual({ day: '2026-11-14', alerts: 1 });
  });

  it('password spray (1d every 1h, summarize: a query per run): 25 users at 10:01-10:25 on the 17th', () => {
    const r = rule('password-spray.yaml');
    // Every hourly run from 11-17 11:00 to 11-18 10:00 sees all 25 (>= 20): 13 runs on the 17th, 11 on the 18th,
    // one alert each (AlertPerResult, one row). The 5 users from the other address never reach the threshold.
    expect(r).toMatchObject({ runs: 168, queries: 168, batched: false, triggered: 24, alerts: 24 });
    expect(r.perRunReason).toMatch(/summarize/);
    expect(days(r)).toEqual({ '2026-11-17': 13, '2026-11-18': 11 });
    expect(r.busiestDay).toEqual({ day: '2026-11-17', alerts: 13 });
  });

  it('privileged role added (NRT, every minute, row-wise): two successful privileged additions', () => {
    const r = rule('privileged-role-added-nrt.yaml');
    // The failure and the Reports Reader addition do not match.
    expect(r).toMatchObject({ runs: 7 * 24 * 60, queries: 1, batched: true, triggered: 2, alerts: 2 });
    expect(days(r)).toEqual({ '2026-11-15': 1, '2026-11-18': 1 });
  });

  it('HAFNIUM UM service (1d every 1d, union: a query per run): the 4663 event at noon on the 16th', () => {
    const r = rule('hafnium-um-service.yaml');
    expect(r).toMatchObject({ runs: 7, queries: 7, batched: false, triggered: 1, alerts: 1 });
    expect(days(r)).toEqual({ '2026-11-17': 1 });
  });

  it('batching: far fewer queries than runs, and the emulator saw exactly the queries counted', () => {
    expect(result.runs).toBe(168 + 168 + 10080 + 7);
    expect(result.queries).toBe(1 + 168 + 1 + 7);
    expect(result.queries / result.runs).toBeLessThan(0.02);
  });
});

describe('survey edge cases', () => {
  it('a rule whose query the engine refuses is reported with the construct, and the others are still surveyed', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-survey-'));
    const rule = (name: string, query: string) =>
      [
        `id: ${name === 'refused' ? '6f1c7a3e-1b2c-4d5e-8f90-0a1b2c3d4e5f' : '7a2d8b4f-2c3d-4e5f-9a01-1b2c3d4e5f60'}`,
        `name: ${name}`,
        'severity: Low',
        'queryFrequency: 1d',
        'queryPeriod: 1d',
        'triggerOperator: gt',
        'triggerThreshold: 0',
        'tactics: [Execution]',
        'query: |',
        `  ${query}`,
      ].join('\n') + '\n';
    await writeFile(path.join(dir, 'refused.yaml'), rule('refused', 'SigninLogs | evaluate autocluster()'));
    await writeFile(path.join(dir, 'fine.yaml'), rule('fine', 'SigninLogs | where IPAddress == "203.0.113.7"'));
    const result = await surveyOf([dir], dir);
    const refused = result.rules.find(r => r.name === 'refused');
    expect(refused?.error).toMatch(/autocluster.*not supported by rulectl's KQL engine/);
    // Only the first run was tried: a refused query fails every run the same way.
    expect(refused?.queries).toBe(1);
    const fine = result.rules.find(r => r.name === 'fine');
    // Row-wise, daily: the run at 11-18 00:00 holds the 25 sign-ins of the 17th.
    expect(fine?.error).toBeUndefined();
    expect(fine).toMatchObject({ queries: 1, triggered: 1, alerts: 1 });
  });

  it('a result over the row limit is split until each part fits, and the counts do not change', async () => {
    const small = await startEmulator({ logs: loadLogs(LOGS, loadSchemas(repoRoot)), maxResultRows: 10 });
    try {
      const { files } = await loadRuleFiles(['rules/identity/privileged-role-added-nrt.yaml'], repoRoot);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-survey-'));
      await writeFile(
        path.join(dir, 'all-signins.yaml'),
        [
          'id: 8b3e9c5a-3d4e-4f60-8b12-2c3d4e5f6071',
          'name: every sign-in',
          'severity: Low',
          'queryFrequency: 1h',
          'queryPeriod: 1h',
          'triggerOperator: gt',
          'triggerThreshold: 0',
          'tactics: [Execution]',
          'query: SigninLogs',
        ].join('\n') + '\n',
      );
      const more = await loadRuleFiles([dir], dir);
      const runner = logsQueryRunner({
        resourceId: RESOURCE,
        emulator: { url: small.url, ca: small.ca, token: small.token },
      });
      const result = await survey({
        rules: [...files, ...more.files],
        end: END,
        days: 7,
        run: runner.run,
        signal: new AbortController().signal,
      });
      const all = result.rules.find(r => r.name === 'every sign-in');
      // 30 sign-ins over the week: 25 in the 10:00-11:00 window of the 17th (one run, SingleAlert), 5 on the 15th.
      expect(all).toMatchObject({ triggered: 2, alerts: 2, truncatedRuns: 1 });
      expect(all!.queries).toBeGreaterThan(1);
      expect(small.stats().queries).toBe(result.queries);
    } finally {
      await small.close();
    }
  });
});

describe('stopping', () => {
  it('an aborted survey stops making queries and says it was interrupted, without throwing', async () => {
    const { files } = await loadRuleFiles(['rules'], repoRoot);
    const runner = logsQueryRunner({
      resourceId: RESOURCE,
      emulator: { url: emulator.url, ca: emulator.ca, token: emulator.token },
    });
    const stop = new AbortController();
    const result = await survey({
      rules: files,
      end: END,
      days: 7,
      run: runner.run,
      signal: stop.signal,
      progress: (_done, _all, queries) => {
        if (queries >= 5) stop.abort(new Error('interrupted'));
      },
    });
    expect(result.interrupted).toBe(true);
    // The queries already in flight finish (at most the gate's 5 at once), none starts after the abort.
    expect(runner.calls()).toBeLessThan(12);
  }, 60_000);

  it('Ctrl+C during rulectl survey exits 130 with one line and no stack', async () => {
    const io = memoryIo(repoRoot);
    // Ctrl+C as soon as the command listens for it.
    const before = process.listenerCount('SIGINT');
    const timer = setInterval(() => {
      if (process.listenerCount('SIGINT') > before) process.emit('SIGINT');
    }, 50);
    try {
      const code = await runCli(['survey', '-w', 'local', '--days', '14', '--logs', LOGS], io);
      expect(code).toBe(130);
      expect(io.err).toMatch(/^rulectl: interrupted/m);
      expect(io.err).not.toMatch(/\n\s+at /);
      expect(io.out).toBe('');
    } finally {
      clearInterval(timer);
    }
  }, 60_000);
});

describe('rulectl survey (CLI)', () => {
  it('emulator --logs and survey --logs refuse what they cannot use, with a usage error', async () => {
    const io = memoryIo(repoRoot);
    expect(await runCli(['emulator', '--logs', 'no-such-folder'], io)).toBe(2);
    expect(io.err).toMatch(/--logs no-such-folder: not a folder/);
    const bad = memoryIo(repoRoot);
    expect(
      await runCli(
        ['survey', '--subscription', 's', '--resource-group', 'r', '--workspace-name', 'w', '--logs', LOGS],
        bad,
      ),
    ).toBe(2);
    expect(bad.err).toMatch(/--logs is for a workspace with emulator: embedded/);
  });

  it('refuses --days over 14 with a usage error', async () => {
    const io = memoryIo(repoRoot);
    const code = await runCli(['survey', '-w', 'local', '--days', '15'], io);
    expect(code).toBe(2);
    expect(io.err).toMatch(/--days must be a whole number from 1 to 14, got 15/);
  });

  it('surveys the bundled rules against an embedded emulator with --logs (no data in the period: no alerts)', async () => {
    const io = memoryIo(repoRoot);
    const code = await runCli(['survey', '-w', 'local', '--days', '1', '--logs', LOGS, '-f', 'json'], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(io.out) as SurveyResult;
    expect(out.rules.map(r => r.file).sort()).toEqual([
      'rules/endpoint/encoded-powershell.yaml',
      'rules/endpoint/hafnium-um-service.yaml',
      'rules/identity/password-spray.yaml',
      'rules/identity/privileged-role-added-nrt.yaml',
    ]);
    expect(out.rules.every(r => r.alerts === 0 && !r.error)).toBe(true);
  }, 60_000);
});
