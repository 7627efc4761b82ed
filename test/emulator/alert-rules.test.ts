// The alertRules REST contract of docs/api-contract.md §4 against the emulator over loopback HTTPS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { request, ruleUrl, scheduled, RULES } from './client.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('alertRules PUT/GET/LIST/DELETE', () => {
  it('creates with 201, updates with 200, and a new etag and lastModifiedUtc each time', async () => {
    const first = await request(emu, 'PUT', ruleUrl('rule-a'), scheduled());
    expect(first.status).toBe(201);
    const second = await request(emu, 'PUT', ruleUrl('rule-a'), scheduled({ severity: 'Low' }));
    expect(second.status).toBe(200);
    expect(second.json.properties.severity).toBe('Low');
    expect(second.json.etag).not.toBe(first.json.etag);
    expect(first.json.etag).toMatch(/^"[0-9a-f]{8}-0000-0100-0000-[0-9a-f]{12}"$/);
    expect(second.json.properties.lastModifiedUtc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
  });

  it("echoes pass-through keys named like Object.prototype's members, as keys", async () => {
    const extra = JSON.parse(
      '{"__proto__":{"a":1},"constructor":"c","alertDetailsOverride":{"toString":"t"}}',
    ) as Record<string, unknown>;
    const r = await request(emu, 'PUT', ruleUrl('rule-proto'), scheduled(extra));
    expect(r.status).toBe(201);
    const text = JSON.stringify(r.json.properties);
    expect(text).toContain('"__proto__":{"a":1}');
    expect(text).toContain('"constructor":"c"');
    expect(text).toContain('"toString":"t"');
  });

  it('answers in the recorded shape: key order, explicit nulls, headers', async () => {
    const r = await request(
      emu,
      'PUT',
      ruleUrl('rule-shape', '2022-11-01'),
      scheduled({ tactics: undefined, description: undefined }),
    );
    expect(r.status).toBe(201);
    expect(Object.keys(r.json)).toEqual(['id', 'name', 'etag', 'type', 'kind', 'properties']);
    expect(r.json.id).toBe(`${RULES}/rule-shape`);
    expect(r.json.type).toBe('Microsoft.SecurityInsights/alertRules');
    // REC:New-AzSentinelAlertRule order; techniques and templateVersion placed by inference ([INFERRED]).
    expect(Object.keys(r.json.properties)).toEqual([
      'incidentConfiguration',
      'queryFrequency',
      'queryPeriod',
      'triggerOperator',
      'triggerThreshold',
      'severity',
      'query',
      'suppressionDuration',
      'suppressionEnabled',
      'tactics',
      'techniques',
      'displayName',
      'enabled',
      'description',
      'alertRuleTemplateName',
      'templateVersion',
      'lastModifiedUtc',
    ]);
    expect(r.json.properties).toMatchObject({ tactics: null, description: null, alertRuleTemplateName: null });
    // The RP's default incident configuration when none is sent ([INFERRED] default values, docs/api-contract.md §2.3).
    expect(r.json.properties.incidentConfiguration.groupingConfiguration.lookbackDuration).toBe('PT5H');
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers['x-ms-ratelimit-remaining-subscription-writes']).toBeDefined();
    expect(r.headers.etag).toBeUndefined(); // etag is in the body only (REC)
    const get = await request(emu, 'GET', ruleUrl('rule-shape', '2022-11-01'));
    expect(get.text).toBe(r.text);
    expect(get.headers['x-ms-ratelimit-remaining-subscription-reads']).toBeDefined();
  });

  it('stores and echoes properties no version defines, and preview-only ones on a preview version', async () => {
    const body = scheduled({
      tags: ['owner:soc', 'tier:1'],
      OriginalUri: 'https://example.test/rule',
      techniques: ['T1071'],
      subTechniques: ['T1071.001'],
      sentinelEntitiesMappings: [{ columnName: 'Entities' }],
      alertDetailsOverride: { alertDisplayNameFormat: 'Alert from {{Computer}}' },
    });
    const put = await request(emu, 'PUT', ruleUrl('rule-pass', '2024-01-01-preview'), body);
    expect(put.status).toBe(201);
    const got = (await request(emu, 'GET', ruleUrl('rule-pass', '2024-01-01-preview'))).json.properties;
    expect(got.tags).toEqual(['owner:soc', 'tier:1']);
    expect(got.OriginalUri).toBe('https://example.test/rule');
    expect(got.subTechniques).toEqual(['T1071.001']);
    expect(got.sentinelEntitiesMappings).toEqual([{ columnName: 'Entities' }]);
    // Sub-fields not sent come back null (EX-2024-09-01 GetScheduledAlertRule).
    expect(got.alertDetailsOverride).toEqual({
      alertDisplayNameFormat: 'Alert from {{Computer}}',
      alertDescriptionFormat: null,
      alertTacticsColumnName: null,
      alertSeverityColumnName: null,
    });
    // A stable version does not describe preview-only fields; pass-through keys still come back.
    const stable = (await request(emu, 'GET', ruleUrl('rule-pass', '2025-09-01'))).json.properties;
    expect(stable.subTechniques).toBeUndefined();
    expect(stable.sentinelEntitiesMappings).toBeUndefined();
    expect(stable.tags).toEqual(['owner:soc', 'tier:1']);
  });

  it('is a full replace: what a PUT omits is gone', async () => {
    await request(emu, 'PUT', ruleUrl('rule-replace'), scheduled({ customDetails: { Host: 'Computer' } }));
    const r = await request(emu, 'PUT', ruleUrl('rule-replace'), scheduled());
    expect(r.json.properties.customDetails).toBeUndefined();
  });

  it('404s a missing rule, deletes with 200 {} and answers 204 when absent', async () => {
    const missing = await request(emu, 'GET', ruleUrl('nope'));
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('NotFound');
    await request(emu, 'PUT', ruleUrl('rule-del'), scheduled());
    const del = await request(emu, 'DELETE', ruleUrl('rule-del'));
    expect([del.status, del.text]).toEqual([200, '{}']); // REC:Remove-AzSentinelAlertRule
    const again = await request(emu, 'DELETE', ruleUrl('rule-del'));
    expect([again.status, again.text]).toEqual([204, '']);
    expect((await request(emu, 'GET', ruleUrl('rule-del'))).status).toBe(404);
  });

  it('treats rule ids case-insensitively but keeps the first spelling', async () => {
    await request(emu, 'PUT', ruleUrl('Rule-Case'), scheduled());
    const r = await request(emu, 'PUT', ruleUrl('rule-case'), scheduled());
    expect([r.status, r.json.name]).toEqual([200, 'Rule-Case']);
  });

  it('starts a new workspace with the built-in Fusion rule, listed first', async () => {
    const path = RULES.replace('ws-one', 'ws-fresh');
    const list = await request(emu, 'GET', `${path}?api-version=2025-09-01`);
    expect(list.status).toBe(200);
    expect(Object.keys(list.json)).toEqual(['value']); // single page: no nextLink
    expect(list.json.value.map((r: { name: string; kind: string }) => [r.name, r.kind])).toEqual([
      ['BuiltInFusion', 'Fusion'],
    ]);
    expect(list.json.value[0].properties.alertRuleTemplateName).toBe('f71aba3d-28fb-450b-b192-4e76a83015c8');
  });
});

describe('optimistic concurrency (409 on a stale etag: status and text [UNVERIFIED], docs/api-contract.md §4.3)', () => {
  it('accepts the current etag, refuses a stale one in the body or If-Match', async () => {
    const created = await request(emu, 'PUT', ruleUrl('rule-etag'), { ...scheduled(), etag: '"whatever"' });
    expect(created.status).toBe(201); // an etag on a create is accepted (EX CreateScheduledAlertRule)
    const ok = await request(emu, 'PUT', ruleUrl('rule-etag'), { ...scheduled(), etag: created.json.etag });
    expect(ok.status).toBe(200);
    const stale = await request(emu, 'PUT', ruleUrl('rule-etag'), { ...scheduled(), etag: created.json.etag });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('Conflict');
    const header = await request(emu, 'PUT', ruleUrl('rule-etag'), scheduled(), { 'if-match': created.json.etag });
    expect(header.status).toBe(409);
    const star = await request(emu, 'PUT', ruleUrl('rule-etag'), scheduled(), { 'if-match': '*' });
    expect(star.status).toBe(200);
  });
});

describe('workspaces', () => {
  it('keeps workspaces apart and matches their names case-insensitively', async () => {
    const other = RULES.replace('ws-one', 'ws-other');
    expect((await request(emu, 'PUT', `${other}/only-here?api-version=2025-09-01`, scheduled())).status).toBe(201);
    expect((await request(emu, 'GET', ruleUrl('only-here'))).status).toBe(404);
    const shouted = `${other.replace('ws-other', 'WS-OTHER').replace('rg-soc', 'RG-SOC')}/only-here?api-version=2025-09-01`;
    const r = await request(emu, 'GET', shouted);
    expect(r.status).toBe(200);
    expect(r.json.id).toBe(`${other}/only-here`); // ids keep the spelling the workspace was created with
  });

  it('refuses If-Match on a rule that does not exist', async () => {
    const r = await request(emu, 'PUT', ruleUrl('never-made'), scheduled(), { 'if-match': '"abc"' });
    expect([r.status, r.json.error.code]).toEqual([409, 'Conflict']);
    expect((await request(emu, 'GET', ruleUrl('never-made'))).status).toBe(404);
  });
});

describe('the front door', () => {
  it('401s without a bearer token or with the wrong one', async () => {
    const none = await request(emu, 'GET', ruleUrl('x'), undefined, { authorization: '' });
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('AuthenticationFailed');
    expect(none.headers['www-authenticate']).toMatch(/^Bearer /);
    const wrong = await request(emu, 'GET', ruleUrl('x'), undefined, { authorization: 'Bearer nope' });
    expect([wrong.status, wrong.json.error.code]).toEqual([401, 'InvalidAuthenticationToken']);
    const basic = await request(emu, 'GET', ruleUrl('x'), undefined, { authorization: `Basic ${emu.token}` });
    expect(basic.status).toBe(401);
  });

  it('405s other methods, 400s malformed JSON, 404s unknown paths', async () => {
    expect((await request(emu, 'PATCH', ruleUrl('rule-a'), {})).status).toBe(405);
    expect((await request(emu, 'POST', `${RULES}?api-version=2025-09-01`, {})).status).toBe(405);
    const bad = await request(emu, 'PUT', ruleUrl('rule-json'), '{"kind": "Scheduled", ');
    expect([bad.status, bad.json.error.code]).toEqual([400, 'InvalidRequestContent']);
    expect((await request(emu, 'PUT', ruleUrl('rule-json'), '')).status).toBe(400);
    const unknown = await request(
      emu,
      'GET',
      '/subscriptions/x/resourceGroups/y/providers/Other/thing?api-version=2025-09-01',
    );
    expect(unknown.status).toBe(404);
  });

  it('refuses a missing or unknown api-version the way ARM does', async () => {
    const missing = await request(emu, 'GET', RULES);
    expect([missing.status, missing.json.error.code]).toEqual([400, 'MissingApiVersionParameter']);
    const unknown = await request(emu, 'GET', `${RULES}?api-version=2021-04-01`); // SecurityInsights, but no alertRules
    expect([unknown.status, unknown.json.error.code]).toEqual([400, 'NoRegisteredProviderFound']);
    expect(unknown.json.error.message).toMatch(
      /^No registered resource provider found for location '.+' and API version '2021-04-01' for type '.+'\. The supported api-versions are '.*2025-09-01.*'\./,
    );
  });

  it('matches ARM path segments case-insensitively (the SDK writes resourcegroups in some paths)', async () => {
    const lower = ruleUrl('rule-a')
      .replace('resourceGroups', 'resourcegroups')
      .replace('Microsoft.SecurityInsights', 'microsoft.securityinsights');
    const r = await request(emu, 'GET', lower);
    expect(r.status).toBe(200);
    expect(r.json.id).toBe(`${RULES}/rule-a`);
  });
});
