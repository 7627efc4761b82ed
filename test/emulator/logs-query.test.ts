// The emulator's Log Analytics query API: routes, the timespan, the result and error shapes.
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isQueryPath, loadLogs, parseTimespan } from '../../src/emulator/logs-query.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { loadSchemas } from '../../src/kql/schemas.js';

/** The parts of the API's answers the tests read. */
interface Reply {
  tables: { name: string; columns: { name: string; type: string }[]; rows: unknown[][] }[];
  error: { code: string; innererror: { code: string; message: string; innererror?: Record<string, unknown> } };
}

const repoRoot = path.resolve(import.meta.dirname, '../..');
const LOGS = path.join(repoRoot, 'test/fixtures/survey/logs');

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({
    logs: loadLogs(LOGS, loadSchemas(repoRoot)),
    clock: () => Date.parse('2026-11-20T00:00:00Z'),
  });
});
afterAll(() => emulator.close());

function post(
  pathname: string,
  body: unknown,
  token: string | undefined = emulator.token,
): Promise<{ status: number; json: Reply }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${emulator.url}${pathname}`,
      {
        method: 'POST',
        ca: emulator.ca,
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      },
      res => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Reply }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('Log Analytics query API', () => {
  it('answers POST /v1/workspaces/{id}/query with the tables shape, the timespan bounding TimeGenerated', async () => {
    const all = await post('/v1/workspaces/ws-guid/query', { query: 'SigninLogs | count' });
    expect(all.status).toBe(200);
    expect(all.json.tables[0]).toEqual({
      name: 'PrimaryResult',
      columns: [{ name: 'Count', type: 'long' }],
      rows: [[30]],
    });
    // The 25 sign-ins of 10:01-10:25 on the 17th; the 5 of the 15th are outside.
    const some = await post('/v1/workspaces/ws-guid/query', {
      query: 'SigninLogs | count',
      timespan: '2026-11-17T00:00:00.000Z/2026-11-18T00:00:00.000Z',
    });
    expect(some.json.tables[0]?.rows).toEqual([[25]]);
    // A duration alone ends at the emulator's clock (2026-11-20): 4 days reach back to the 16th.
    const recent = await post('/v1/workspaces/ws-guid/query', { query: 'SigninLogs | count', timespan: 'P4D' });
    expect(recent.json.tables[0]?.rows).toEqual([[25]]);
    // The first query loads Kusto.Language: seconds on a busy machine.
  }, 180_000);

  it('answers the workspace resource id route too', async () => {
    const r = await post(
      '/v1/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws/query',
      { query: 'AuditLogs | summarize n = count()' },
    );
    expect(r.json.tables[0]?.rows).toEqual([[4]]);
  });

  it('an engine refusal is a 400 BadArgumentError naming the construct, with line and position', async () => {
    const r = await post('/v1/workspaces/ws/query', { query: 'SigninLogs\n| evaluate autocluster()' });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('BadArgumentError');
    expect(r.json.error.innererror.code).toBe('EmulatorUnsupported');
    expect(r.json.error.innererror.message).toMatch(/autocluster.*not supported by rulectl's KQL engine/);
    expect(r.json.error.innererror.innererror).toMatchObject({ line: 2 });
  });

  it('refuses a bad timespan, an empty query and a missing token in the API error shape', async () => {
    const span = await post('/v1/workspaces/ws/query', { query: 'SigninLogs', timespan: 'last week' });
    expect(span.status).toBe(400);
    expect(span.json.error.innererror.code).toBe('InvalidTimespan');
    const empty = await post('/v1/workspaces/ws/query', { query: ' ' });
    expect(empty.json.error.innererror.code).toBe('QueryValidationError');
    const anonymous = await post('/v1/workspaces/ws/query', { query: 'SigninLogs' }, '');
    expect(anonymous.status).toBe(401);
  });

  it('counts the queries it answered', () => {
    expect(emulator.stats().queries).toBeGreaterThanOrEqual(7);
  });
});

describe('timespan and routes', () => {
  const now = 1_000_000n * 10_000n;
  it('reads the four ISO 8601 interval forms', () => {
    const t = (s: string) => BigInt(Date.parse(s)) * 10_000n;
    expect(parseTimespan('2026-01-01T00:00:00Z/2026-01-02T00:00:00Z', now)).toEqual({
      start: t('2026-01-01T00:00:00Z'),
      end: t('2026-01-02T00:00:00Z'),
    });
    expect(parseTimespan('2026-01-01T00:00:00Z/PT1H', now)).toEqual({
      start: t('2026-01-01T00:00:00Z'),
      end: t('2026-01-01T01:00:00Z'),
    });
    expect(parseTimespan('P1D/2026-01-02T00:00:00Z', now)).toEqual({
      start: t('2026-01-01T00:00:00Z'),
      end: t('2026-01-02T00:00:00Z'),
    });
    expect(parseTimespan('PT30M', now)).toEqual({ start: now - 30n * 60n * 10_000_000n, end: now });
    for (const bad of ['P', 'PT', '1d', '2026-01-02T00:00:00Z/2026-01-01T00:00:00Z', 'a/b/c'])
      expect(parseTimespan(bad, now)).toBeUndefined();
  });
  it('knows the query paths and nothing else', () => {
    expect(isQueryPath('/v1/workspaces/abc/query')).toBe(true);
    expect(
      isQueryPath('/v1/subscriptions/s/resourcegroups/r/providers/microsoft.operationalinsights/workspaces/w/query'),
    ).toBe(true);
    expect(isQueryPath('/v1/workspaces/abc/tables')).toBe(false);
    expect(
      isQueryPath('/subscriptions/s/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w/query'),
    ).toBe(false);
  });
});
