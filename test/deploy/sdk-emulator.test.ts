// The real SDK pipeline against the emulator over loopback HTTPS: passthrough properties, paging, TLS trust.
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecurityInsights } from '@azure/arm-securityinsight';
import { startEmulator } from '../../src/emulator/server.js';
import type { RunningEmulator } from '../../src/emulator/options.js';
import { createSentinelClient } from '../../src/deploy/client.js';
import { emulatorClient, ruleId, TARGET } from './helpers.js';

const PREVIEW = '2024-01-01-preview';

function properties(n: number): Record<string, unknown> {
  return {
    displayName: `Passthrough ${n}`,
    severity: 'High',
    enabled: true,
    query: 'SecurityEvent | extend Entities = pack_array(Computer)',
    queryFrequency: 'PT1H',
    queryPeriod: 'P1D',
    triggerOperator: 'GreaterThan',
    triggerThreshold: 0,
    suppressionDuration: 'PT1H',
    suppressionEnabled: false,
    tactics: ['Execution'],
    techniques: ['T1059'],
    subTechniques: ['T1059.001'],
    sentinelEntitiesMappings: [{ columnName: 'Entities' }],
    tags: [{ Schema: 'ASIMFileEvent', SchemaVersion: '0.1.0' }],
  };
}

describe('SentinelClient over the SDK pipeline (emulator)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ pageSize: 2 });
  });
  afterAll(() => emu.close());

  it('the plain SDK operation drops subTechniques, sentinelEntitiesMappings and tags (why client.ts exists)', async () => {
    const credential = {
      getToken: () => Promise.resolve({ token: emu.token, expiresOnTimestamp: Date.now() + 60_000 }),
    };
    const sdk = new SecurityInsights(credential, TARGET.subscriptionId, {
      endpoint: emu.url,
      $host: emu.url,
      tlsOptions: { ca: emu.ca },
      apiVersion: PREVIEW,
    });
    const back = (await sdk.alertRules.createOrUpdate(TARGET.resourceGroup, 'ws-plain', ruleId(1), {
      kind: 'Scheduled',
      ...properties(1),
    })) as unknown as Record<string, unknown>;
    expect(back.displayName).toBe('Passthrough 1');
    expect(back.subTechniques).toBeUndefined();
    expect(back.sentinelEntitiesMappings).toBeUndefined();
    expect(back.tags).toBeUndefined();
  });

  it('sends and reads back every property through the same client (put, get, list)', async () => {
    const client = emulatorClient(emu);
    const put = await client.putRule({
      name: ruleId(2),
      kind: 'Scheduled',
      apiVersion: PREVIEW,
      properties: properties(2),
    });
    const got = await client.getRule(ruleId(2));
    const listed = (await client.listRules()).find(r => r.name === ruleId(2));
    for (const r of [put, got, listed]) {
      expect(r?.properties.subTechniques).toEqual(['T1059.001']);
      expect(r?.properties.sentinelEntitiesMappings).toEqual([{ columnName: 'Entities' }]);
      expect(r?.properties.tags).toEqual([{ Schema: 'ASIMFileEvent', SchemaVersion: '0.1.0' }]);
    }
  });

  it('follows nextLink paging and sees the built-in Fusion rule', async () => {
    const client = emulatorClient(emu);
    for (const n of [3, 4, 5])
      await client.putRule({ name: ruleId(n), kind: 'Scheduled', apiVersion: PREVIEW, properties: properties(n) });
    const names = (await client.listRules()).map(r => r.name);
    expect(names).toEqual(expect.arrayContaining([ruleId(2), ruleId(3), ruleId(4), ruleId(5), 'BuiltInFusion']));
  });

  it('records, lists and deletes ownership as Sentinel metadata', async () => {
    const client = emulatorClient(emu);
    await client.putOwnership({ ruleName: ruleId(3), repository: 'repo-x', hash: 'abc' });
    const records = await client.listOwnership();
    const mine = records.find(r => r.ruleName === ruleId(3));
    expect(mine).toEqual({
      metadataName: `analyticsrule-${ruleId(3)}`,
      ruleName: ruleId(3),
      repository: 'repo-x',
      hash: 'abc',
    });
    if (mine) await client.deleteOwnership(mine);
    expect((await client.listOwnership()).some(r => r.ruleName === ruleId(3))).toBe(false);
  });

  it("reports the service's error code and message for a rejected rule", async () => {
    const client = emulatorClient(emu);
    const bad = { ...properties(6), techniques: ['T1059.001'] };
    await expect(
      client.putRule({ name: ruleId(6), kind: 'Scheduled', apiVersion: PREVIEW, properties: bad }),
    ).rejects.toThrow(/HTTP 400 BadRequest: .*T1059\.001/);
  });

  it('trusts the emulator only through its CA: without it TLS verification fails', async () => {
    // Point the default (Azure) client at the emulator's URL: the self-signed certificate must be refused.
    const wrong = createSentinelClient({
      target: { ...TARGET, endpoint: emu.url },
      readApiVersion: PREVIEW,
      credential: { getToken: () => Promise.resolve({ token: emu.token, expiresOnTimestamp: Date.now() + 60_000 }) },
      retry: { maxRetries: 0 },
    });
    await expect(wrong.listRules()).rejects.toThrow(/certificate/i);
  });

  it('gives up at once on a refused connection instead of retrying for minutes', async () => {
    const closed = await new Promise<number>(resolve => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const client = createSentinelClient({
      target: TARGET,
      readApiVersion: PREVIEW,
      emulator: { url: `https://127.0.0.1:${closed}`, ca: emu.ca, token: emu.token },
      // A retry would wait a minute, far beyond the test's timeout.
      retry: { maxRetries: 10, retryDelayInMs: 60_000, maxRetryDelayInMs: 60_000 },
    });
    await expect(client.listRules()).rejects.toThrow(
      `list alert rules: UNREACHABLE: cannot connect to 127.0.0.1:${closed} (ECONNREFUSED)`,
    );
  });
});
