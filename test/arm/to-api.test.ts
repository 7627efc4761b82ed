import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { toApiRule } from '../../src/mapping/to-api.js';
import type { AnalyticRule } from '../../src/rules/model.js';

const seed = path.resolve(import.meta.dirname, '../fixtures/seed');
const ID = '7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e';

function rule(extra: Record<string, unknown> = {}): AnalyticRule {
  return {
    id: ID,
    name: 'Test rule',
    severity: 'Low',
    kind: 'Scheduled',
    query: 'SecurityEvent',
    queryFrequency: '1h',
    queryPeriod: '1d',
    triggerOperator: 'gt',
    triggerThreshold: 0,
    ...extra,
  };
}

function props(r: AnalyticRule, options = {}): Record<string, unknown> {
  const out = toApiRule(r, options);
  expect(out.errors).toEqual([]);
  return out.rule?.properties ?? {};
}

describe('toApiRule', () => {
  it("passes keys named like Object.prototype's members through as written, never as their values", () => {
    const data = load(
      [
        '__proto__: { polluted: yes }',
        'constructor: { prototype: { polluted2: yes } }',
        'toString: x',
        'hasOwnProperty: y',
        'valueOf: z',
        'incidentConfiguration: { createIncident: true, constructor: c, __proto__: { p: 1 } }',
      ].join('\n'),
      { schema: CORE_SCHEMA },
    ) as Record<string, unknown>;
    const properties = props(rule(data));
    const text = JSON.stringify(properties);
    expect(text).not.toMatch(/object Object|native code/);
    expect(JSON.parse(text)).toMatchObject(
      JSON.parse(
        '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted2":"yes"}},"toString":"x",' +
          '"hasOwnProperty":"y","valueOf":"z","incidentConfiguration":{"constructor":"c","__proto__":{"p":1}}}',
      ) as Record<string, unknown>,
    );
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'toString']));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('maps the seed rule to the seed template properties, API fields in the seed order', () => {
    const data = load(readFileSync(path.join(seed, 'hafnium-um-service.yaml'), 'utf8'), { schema: CORE_SCHEMA });
    const arm = JSON.parse(readFileSync(path.join(seed, 'hafnium-um-service.arm.json'), 'utf8')) as {
      resources: { properties: Record<string, unknown>; apiVersion: string; kind: string }[];
    };
    const expected = arm.resources[0];
    const out = toApiRule(data as AnalyticRule);
    expect(out.errors).toEqual([]);
    expect(out.rule?.properties).toEqual(expected?.properties);
    expect(out.rule?.apiVersion).toBe('2022-11-01');
    expect(out.rule?.kind).toBe('Scheduled');
    expect(out.rule?.name).toBe(ID);
    const apiOwn = (keys: string[]) => keys.filter(k => !['OriginalUri', 'tags', 'status'].includes(k));
    expect(apiOwn(Object.keys(out.rule?.properties ?? {}))).toEqual(apiOwn(Object.keys(expected?.properties ?? {})));
    expect(Object.keys(out.rule?.properties ?? {}).slice(-3)).toEqual(['OriginalUri', 'status', 'tags']);
  });

  it('renames id, name, version and relevantTechniques', () => {
    const p = props(rule({ version: '2.0.1', relevantTechniques: ['T1078', 'T1190'] }));
    expect(p).toMatchObject({
      displayName: 'Test rule',
      alertRuleTemplateName: ID,
      templateVersion: '2.0.1',
      techniques: ['T1078', 'T1190'],
    });
    for (const k of ['id', 'name', 'version', 'relevantTechniques']) expect(p).not.toHaveProperty(k);
  });

  it('lower-cases the resource name but keeps the id as written in alertRuleTemplateName', () => {
    const out = toApiRule(rule({ id: ID.toUpperCase() }));
    expect(out.rule?.name).toBe(ID);
    expect(out.rule?.properties.alertRuleTemplateName).toBe(ID.toUpperCase());
  });

  it("sends a portal rule's template link as alertRuleTemplateName, its id staying the rule name", () => {
    const template = '11111111-1111-4111-8111-111111111111';
    const out = toApiRule(rule({ id: ID.toUpperCase(), alertRuleTemplateName: template, version: '1.0.2' }));
    expect(out.errors).toEqual([]);
    expect(out.rule?.name).toBe(ID);
    expect(out.rule?.properties).toMatchObject({ alertRuleTemplateName: template, templateVersion: '1.0.2' });
    // An empty link says nothing: the id is sent, as for a file without the key.
    expect(props(rule({ alertRuleTemplateName: '' })).alertRuleTemplateName).toBe(ID);
  });

  it('keeps sub-techniques whole: parents in techniques, full ids in subTechniques on a preview that has them', () => {
    const r = rule({ relevantTechniques: ['T1078.003', 'T1078', 'T1190', 'T1078.004'] });
    const unpinned = toApiRule(r);
    expect(unpinned.rule?.apiVersion).toBe('2024-01-01-preview');
    expect(unpinned.rule?.properties.techniques).toEqual(['T1078', 'T1190']);
    expect(unpinned.rule?.properties.subTechniques).toEqual(['T1078.003', 'T1078.004']);
    const preview = props(r, { apiVersion: '2023-12-01-preview' });
    expect(preview.techniques).toEqual(['T1078', 'T1190']);
    expect(preview.subTechniques).toEqual(['T1078.003', 'T1078.004']);
    expect(props(rule({ relevantTechniques: ['T1078', 'T1190'] })).techniques).toEqual(['T1078', 'T1190']);
  });

  it('refuses to drop sub-techniques for a pinned version without subTechniques, naming the entry', () => {
    const r = rule({ relevantTechniques: ['T1190', 'T1078.004'] });
    for (const apiVersion of ['2022-11-01', '2023-10-01-preview']) {
      const out = toApiRule(r, { apiVersion });
      expect(out.rule).toBeUndefined();
      expect(out.errors).toEqual([
        expect.objectContaining({
          path: ['relevantTechniques', 1],
          message: `sub-technique T1078.004 needs subTechniques, which ${apiVersion} lacks: use T1078 or a later api-version`,
          hint: 'api-versions with subTechniques: 2023-12-01-preview or later',
        }),
      ]);
    }
  });

  it('maps the short trigger operators and passes the long ones through', () => {
    const pairs = { gt: 'GreaterThan', lt: 'LessThan', eq: 'Equal', ne: 'NotEqual', NotEqual: 'NotEqual' };
    for (const [short, long] of Object.entries(pairs))
      expect(props(rule({ triggerOperator: short })).triggerOperator).toBe(long);
  });

  it('sends a tactic written in another case in the API spelling, which is what the API stores', () => {
    const tactics = ['CommandandControl', 'persistence', 'Impact', 'NoSuchTactic'];
    expect(props(rule({ tactics })).tactics).toEqual(['CommandAndControl', 'Persistence', 'Impact', 'NoSuchTactic']);
  });

  it('converts short durations only in duration fields', () => {
    const p = props(
      rule({
        queryFrequency: '5m',
        queryPeriod: 'PT1H30M',
        suppressionDuration: '5h',
        suppressionEnabled: true,
        tags: ['1d', { Schema: '14d' }],
        customDetails: { Window: '1h' },
        description: '1d',
        incidentConfiguration: {
          createIncident: true,
          groupingConfiguration: {
            enabled: true,
            reopenClosedIncident: false,
            lookbackDuration: '2d',
            matchingMethod: 'AllEntities',
          },
        },
      }),
    );
    expect(p.queryFrequency).toBe('PT5M');
    expect(p.queryPeriod).toBe('PT1H30M');
    expect(p.suppressionDuration).toBe('PT5H');
    expect(p.tags).toEqual(['1d', { Schema: '14d' }]);
    expect(p.customDetails).toEqual({ Window: '1h' });
    expect(p.description).toBe('1d');
    expect(p.incidentConfiguration).toMatchObject({ groupingConfiguration: { lookbackDuration: 'P2D' } });
  });

  it('adds the defaults only when absent', () => {
    const p = props(rule());
    expect(p).toMatchObject({
      enabled: true,
      suppressionDuration: 'PT1H',
      suppressionEnabled: false,
      customDetails: null,
      entityMappings: null,
      templateVersion: '1.0.0',
    });
    const q = props(rule({ enabled: false, suppressionEnabled: true, suppressionDuration: '2h', version: '1.2.0' }));
    expect(q).toMatchObject({
      enabled: false,
      suppressionEnabled: true,
      suppressionDuration: 'PT2H',
      templateVersion: '1.2.0',
    });
  });

  it('does not send metadata, kind or requiredDataConnectors and passes other keys through, sorted', () => {
    const p = props(
      rule({ metadata: { a: 1 }, requiredDataConnectors: [], zeta: 1, OriginalUri: 'u', status: 'Available' }),
    );
    for (const k of ['metadata', 'kind', 'requiredDataConnectors']) expect(p).not.toHaveProperty(k);
    expect(Object.keys(p).slice(-3)).toEqual(['OriginalUri', 'status', 'zeta']);
  });

  it('drops frequency, period and trigger fields from NRT rules and picks a preview version', () => {
    const out = toApiRule(rule({ kind: 'NRT' }));
    expect(out.rule?.kind).toBe('NRT');
    expect(out.rule?.apiVersion).toBe('2024-01-01-preview');
    for (const k of ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold'])
      expect(out.rule?.properties).not.toHaveProperty(k);
  });

  it('chooses the lowest stable version that has what the rule uses', () => {
    const dyn = rule({
      alertDetailsOverride: { alertDynamicProperties: [{ alertProperty: 'AlertLink', value: 'Url' }] },
    });
    expect(toApiRule(dyn).rule?.apiVersion).toBe('2023-02-01');
    expect(toApiRule(rule()).rule?.apiVersion).toBe('2022-11-01');
    expect(toApiRule(rule({ sentinelEntitiesMappings: [{ columnName: 'A' }] })).rule?.apiVersion).toBe(
      '2024-01-01-preview',
    );
    expect(toApiRule(rule(), { defaultStable: '2025-09-01' }).rule?.apiVersion).toBe('2025-09-01');
    expect(toApiRule(rule({ kind: 'NRT' }), { defaultPreview: '2025-10-01-preview' }).rule?.apiVersion).toBe(
      '2025-10-01-preview',
    );
  });

  it('reports a pinned version that lacks a field the rule uses, naming the field', () => {
    const dyn = rule({
      alertDetailsOverride: { alertDynamicProperties: [{ alertProperty: 'AlertLink', value: 'Url' }] },
    });
    const out = toApiRule(dyn, { apiVersion: '2022-11-01' });
    expect(out.rule).toBeUndefined();
    expect(out.errors).toEqual([
      expect.objectContaining({
        path: ['alertDetailsOverride', 'alertDynamicProperties'],
        message: 'alertDetailsOverride.alertDynamicProperties is not available in api-version 2022-11-01',
      }),
    ]);
    const nrt = toApiRule(rule({ kind: 'NRT' }), { apiVersion: '2025-09-01' });
    expect(nrt.errors[0]).toMatchObject({ path: ['kind'], message: 'api-version 2025-09-01 has no NRT rules' });
    const old = toApiRule(rule({ relevantTechniques: ['T1078'] }), { apiVersion: '2021-10-01' });
    expect(old.errors.map(e => e.path)).toEqual([['relevantTechniques']]);
  });

  it('sends nothing for an empty or null field the pinned version does not have, and no error', () => {
    // 2021-03-01-preview has neither techniques nor templateVersion; 2022-11-01 has no sentinelEntitiesMappings.
    const empty = rule({
      relevantTechniques: [],
      sentinelEntitiesMappings: [],
      subTechniques: null,
      alertDetailsOverride: { alertDisplayNameFormat: 'x', alertDynamicProperties: [] },
    });
    const old = props(empty, { apiVersion: '2021-03-01-preview' });
    for (const key of ['techniques', 'templateVersion', 'sentinelEntitiesMappings', 'subTechniques'])
      expect(old).not.toHaveProperty(key);
    expect(old.alertDetailsOverride).toEqual({ alertDisplayNameFormat: 'x' });
    expect(props(empty, { apiVersion: '2022-11-01' })).toMatchObject({ techniques: [] });
    expect(props(empty, { apiVersion: '2022-11-01' })).not.toHaveProperty('sentinelEntitiesMappings');
    // A version that has the field still gets the empty value as written.
    expect(props(empty, { apiVersion: '2024-01-01-preview' })).toMatchObject({ sentinelEntitiesMappings: [] });
  });

  it('names the YAML key and the versions that have the field when a pinned version lacks it', () => {
    const out = toApiRule(rule({ version: '1.0.0', relevantTechniques: ['T1078'] }), {
      apiVersion: '2021-03-01-preview',
    });
    expect(out.errors.map(e => `${e.message} | ${e.hint ?? ''}`)).toEqual([
      'version (sent as templateVersion) is not available in api-version 2021-03-01-preview | pin 2021-10-01 or later, or 2021-09-01-preview or later, or remove the field',
      'relevantTechniques (sent as techniques) is not available in api-version 2021-03-01-preview | pin 2022-08-01 or later, or 2021-10-01-preview or later, or remove the field',
    ]);
  });

  it('leaves out defaults a pinned old version does not have instead of failing on them', () => {
    const p = props(rule(), { apiVersion: '2020-01-01' });
    expect(p).not.toHaveProperty('templateVersion');
    expect(p).not.toHaveProperty('customDetails');
  });

  it('refuses kinds it cannot build, ids that are not GUIDs and a key given twice', () => {
    expect(toApiRule(rule({ kind: 'Fusion' })).errors[0]?.path).toEqual(['kind']);
    expect(toApiRule(rule({ id: '../../etc/passwd' })).errors[0]?.path).toEqual(['id']);
    expect(toApiRule(rule({ displayName: 'x' })).errors[0]?.message).toBe(
      'displayName contradicts name; keep only name',
    );
    // Real rule files carry `alertRuleTemplateName: null` or `techniques: []` next to id and relevantTechniques.
    const p = props(
      rule({ alertRuleTemplateName: null, techniques: [], relevantTechniques: ['T1078'], displayName: 'Test rule' }),
    );
    expect(p).toMatchObject({ alertRuleTemplateName: ID, techniques: ['T1078'], displayName: 'Test rule' });
    expect(props(rule({ techniques: ['T1003'] })).techniques).toEqual(['T1003']);
  });

  it('does not modify the rule it is given', () => {
    const r = rule({
      incidentConfiguration: { createIncident: true, groupingConfiguration: { lookbackDuration: '1h' } },
    });
    const before = structuredClone(r);
    toApiRule(r);
    expect(r).toEqual(before);
  });
});
