// The Sentinel metadata endpoints (ownership records) and the Log Analytics tables endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { METADATA, request, WS_PATH } from './client.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({
    tables: {
      'ws-one': {
        SecurityEvent: [
          { name: 'TimeGenerated', type: 'datetime' },
          { name: 'Computer', type: 'string' },
        ],
      },
    },
  });
});
afterAll(() => emu.close());

const meta = (name: string) => `${METADATA}/${name}?api-version=2024-01-01-preview`;
const owned = (rule: string, extra: Record<string, unknown> = {}) => ({
  properties: {
    parentId: `${WS_PATH}/providers/Microsoft.SecurityInsights/alertRules/${rule}`,
    kind: 'AnalyticsRule',
    ...extra,
  },
});

describe('metadata', () => {
  it('stores properties verbatim with id, name, etag and type', async () => {
    const props = { source: { kind: 'SourceRepository', name: 'rulectl' }, customKeys: { hash: 'abc' } };
    const created = await request(emu, 'PUT', meta('m1'), owned('r1', props));
    expect(created.status).toBe(201);
    expect(Object.keys(created.json)).toEqual(['id', 'name', 'etag', 'type', 'properties']);
    expect(created.json.type).toBe('Microsoft.SecurityInsights/metadata');
    expect(created.json.id).toBe(`${METADATA}/m1`);
    expect(created.json.properties).toEqual(owned('r1', props).properties);
    const updated = await request(emu, 'PUT', meta('m1'), { ...owned('r1'), etag: created.json.etag });
    expect(updated.status).toBe(200);
    expect(updated.json.etag).not.toBe(created.json.etag);
    expect((await request(emu, 'PUT', meta('m1'), { ...owned('r1'), etag: created.json.etag })).status).toBe(409);
  });

  it('requires parentId and kind, lists, filters, deletes', async () => {
    const bad = await request(emu, 'PUT', meta('m-bad'), { properties: { kind: 'AnalyticsRule' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('properties.parentId');
    await request(emu, 'PUT', meta('m2'), owned('r2'));
    await request(emu, 'PUT', meta('m3'), { properties: { parentId: 'p', kind: 'Workbook' } });
    const all = await request(emu, 'GET', `${METADATA}?api-version=2024-01-01-preview`);
    expect((all.json.value as { name: string }[]).map(m => m.name)).toEqual(['m1', 'm2', 'm3']);
    const filtered = await request(
      emu,
      'GET',
      `${METADATA}?api-version=2024-01-01-preview&$filter=${encodeURIComponent("properties/kind eq 'AnalyticsRule'")}`,
    );
    expect((filtered.json.value as { name: string }[]).map(m => m.name)).toEqual(['m1', 'm2']);
    const unsupported = await request(
      emu,
      'GET',
      `${METADATA}?api-version=2024-01-01-preview&$filter=${encodeURIComponent("startswith(name,'m')")}`,
    );
    expect([unsupported.status, unsupported.json.error.code]).toEqual([400, 'InvalidFilter']);
    expect((await request(emu, 'DELETE', meta('m3'))).status).toBe(200);
    expect((await request(emu, 'DELETE', meta('m3'))).status).toBe(204);
    expect((await request(emu, 'GET', meta('m3'))).status).toBe(404);
  });
});

describe('tables', () => {
  const tables = `${WS_PATH}/tables`;
  it('lists the configured tables in the arm-operationalinsights shape', async () => {
    const r = await request(emu, 'GET', `${tables}?api-version=2022-10-01`);
    expect(r.status).toBe(200);
    expect(r.json.value).toHaveLength(1);
    const t = r.json.value[0];
    expect([t.name, t.id, t.type]).toEqual([
      'SecurityEvent',
      `${tables}/SecurityEvent`,
      'Microsoft.OperationalInsights/workspaces/tables',
    ]);
    expect(t.properties.schema).toEqual({
      name: 'SecurityEvent',
      columns: [
        { name: 'TimeGenerated', type: 'datetime' },
        { name: 'Computer', type: 'string' },
      ],
      standardColumns: [],
    });
  });

  it('accepts a PUT of a custom table and returns it', async () => {
    const body = { properties: { schema: { name: 'Custom_CL', columns: [{ name: 'Msg', type: 'string' }] } } };
    const put = await request(emu, 'PUT', `${tables}/Custom_CL?api-version=2022-10-01`, body);
    expect([put.status, put.json.properties.provisioningState]).toEqual([201, 'Succeeded']);
    const got = await request(emu, 'GET', `${tables}/Custom_CL?api-version=2022-10-01`);
    expect(got.json.properties.schema.columns).toEqual([{ name: 'Msg', type: 'string' }]);
    const bad = await request(emu, 'PUT', `${tables}/Bad_CL?api-version=2022-10-01`, {
      properties: { schema: { columns: [{ type: 'string' }] } },
    });
    expect(bad.status).toBe(400);
    expect((await request(emu, 'GET', `${tables}/Nope?api-version=2022-10-01`)).status).toBe(404);
  });
});
