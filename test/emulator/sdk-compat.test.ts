// The emulator's shapes as the Azure SDK parses them: tables for `schemas pull` (arm-operationalinsights v9)
// and paged alertRules LIST with nextLink, and a 429 the SDK pipeline retries (arm-securityinsight).
import { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights';
import { SecurityInsights } from '@azure/arm-securityinsight';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { request, ruleUrl, scheduled, SUB } from './client.js';

let emu: RunningEmulator;
const credential: TokenCredential = {
  getToken: (): Promise<AccessToken> =>
    Promise.resolve({ token: emu.token, expiresOnTimestamp: Date.now() + 3_600_000 }),
};
const clientOptions = () => ({ endpoint: emu.url, tlsOptions: { ca: emu.ca }, retryOptions: { maxRetries: 5 } });

beforeAll(async () => {
  emu = await startEmulator({
    pageSize: 2,
    tables: { 'ws-one': { Heartbeat: [{ name: 'Computer', type: 'string' }] } },
  });
});
afterAll(() => emu.close());

describe('SDK compatibility', () => {
  it('tables.listByWorkspace parses the tables list', async () => {
    const client = new OperationalInsightsManagementClient(credential, SUB, clientOptions());
    const tables = [];
    for await (const t of client.tables.listByWorkspace('rg-soc', 'ws-one')) tables.push(t);
    expect(tables.map(t => [t.name, t.schema?.columns])).toEqual([
      ['Heartbeat', [{ name: 'Computer', type: 'string' }]],
    ]);
  });

  it('alertRules.list follows nextLink across pages', async () => {
    for (const id of ['s1', 's2', 's3']) await request(emu, 'PUT', ruleUrl(id), scheduled());
    const client = new SecurityInsights(credential, SUB, clientOptions());
    const names = [];
    for await (const r of client.alertRules.list('rg-soc', 'ws-one')) names.push(r.name);
    expect(names).toEqual(['BuiltInFusion', 's1', 's2', 's3']);
  });

  it('the pipeline retries a 429 after retry-after-ms and the list completes', async () => {
    const tight = await startEmulator({ pageSize: 1, throttle: { burst: 1, perSecond: 2, scope: 'all' } });
    try {
      const cred: TokenCredential = {
        getToken: (): Promise<AccessToken> =>
          Promise.resolve({ token: tight.token, expiresOnTimestamp: Date.now() + 3_600_000 }),
      };
      const client = new SecurityInsights(cred, SUB, { endpoint: tight.url, tlsOptions: { ca: tight.ca } });
      const started = performance.now();
      const names = [];
      for await (const r of client.alertRules.list('rg-soc', 'ws-two')) names.push(r.name);
      expect(names).toEqual(['BuiltInFusion']);
      expect(tight.stats().reads).toBe(1);
      expect(performance.now() - started).toBeLessThan(2_000);
      // The bucket refills every 500 ms: quick GETs are throttled, then retried by the SDK.
      await client.alertRules.get('rg-soc', 'ws-two', 'BuiltInFusion');
      await client.alertRules.get('rg-soc', 'ws-two', 'BuiltInFusion');
      expect(tight.stats().throttled).toBeGreaterThanOrEqual(1);
      expect(tight.stats().reads).toBe(3);
    } finally {
      await tight.close();
    }
  });
});
