import { describe, expect, it } from 'vitest';
import { fromApiRule, mergeTechniques, withoutNulls } from '../../src/mapping/from-api.js';
import { toApiRule } from '../../src/mapping/to-api.js';
import type { AnalyticRule } from '../../src/rules/model.js';

const ID = '7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e';

describe('fromApiRule', () => {
  it("keeps keys named like Object.prototype's members as keys", () => {
    const properties = JSON.parse(
      '{"displayName":"Rule","severity":"Low","query":"T","__proto__":{"a":1},"constructor":"c","toString":"t",' +
        '"entityMappings":[{"__proto__":{"b":2},"entityType":"IP","fieldMappings":[]}]}',
    ) as Record<string, unknown>;
    const { rule } = fromApiRule({ name: ID, kind: 'Scheduled', properties });
    const text = JSON.stringify(rule);
    expect(text).toContain('"__proto__":{"a":1}');
    expect(text).toContain('"constructor":"c"');
    expect(text).toContain('"toString":"t"');
    expect(text).toContain('"entityMappings":[{"entityType":"IP","fieldMappings":[],"__proto__":{"b":2}}]');
  });

  it('inverts the renames, operators and durations, in the Azure-Sentinel key order', () => {
    const { rule, lost } = fromApiRule({
      name: ID,
      kind: 'Scheduled',
      properties: {
        displayName: 'Rule',
        severity: 'Low',
        enabled: true,
        query: 'T',
        queryFrequency: 'PT5M',
        queryPeriod: 'P14D',
        triggerOperator: 'NotEqual',
        triggerThreshold: 3,
        suppressionDuration: 'PT1H',
        suppressionEnabled: false,
        alertRuleTemplateName: ID,
        templateVersion: '1.2.3',
        techniques: ['T1078'],
        lastModifiedUtc: '2026-01-01T00:00:00Z',
        tags: ['PT5M'],
      },
    });
    expect(lost).toEqual([]);
    expect(rule).toEqual({
      id: ID,
      name: 'Rule',
      severity: 'Low',
      queryFrequency: '5m',
      queryPeriod: '14d',
      triggerOperator: 'ne',
      triggerThreshold: 3,
      relevantTechniques: ['T1078'],
      tags: ['PT5M'],
      query: 'T',
      version: '1.2.3',
      kind: 'Scheduled',
    });
    expect(Object.keys(rule ?? {})).toEqual([
      'id',
      'name',
      'severity',
      'queryFrequency',
      'queryPeriod',
      'triggerOperator',
      'triggerThreshold',
      'relevantTechniques',
      'tags',
      'query',
      'version',
      'kind',
    ]);
  });

  it('keeps values that differ from the defaults and says what a rule file cannot carry', () => {
    const { rule, lost } = fromApiRule({
      name: ID,
      kind: 'NRT',
      properties: {
        displayName: 'N',
        enabled: false,
        suppressionEnabled: true,
        suppressionDuration: 'PT2H',
        queryFrequency: 'PT5M',
      },
    });
    expect(rule).toMatchObject({ id: ID, enabled: false, suppressionEnabled: true, suppressionDuration: '2h' });
    expect(rule).not.toHaveProperty('queryFrequency');
    expect(lost).toEqual(['queryFrequency is dropped: NRT rules have none']);
  });

  it('keeps the template link of a rule made from a template under another name, and maps it back the same', () => {
    const template = '11111111-1111-4111-8111-111111111111';
    const properties = {
      displayName: 'From a template',
      severity: 'Medium',
      enabled: true,
      query: 'SecurityEvent',
      queryFrequency: 'PT1H',
      queryPeriod: 'P1D',
      triggerOperator: 'GreaterThan',
      triggerThreshold: 0,
      suppressionDuration: 'PT1H',
      suppressionEnabled: false,
      alertRuleTemplateName: template,
      templateVersion: '1.0.2',
    };
    const { rule, lost } = fromApiRule({ name: ID, kind: 'Scheduled', properties });
    expect(lost).toEqual([]);
    expect(rule).toMatchObject({ id: ID, alertRuleTemplateName: template, version: '1.0.2' });
    // Next to the id it qualifies, where pull's in-place edit puts it too.
    expect(Object.keys(rule ?? {}).slice(0, 3)).toEqual(['id', 'alertRuleTemplateName', 'name']);
    const back = toApiRule(rule as AnalyticRule);
    expect(back.errors).toEqual([]);
    expect(back.rule?.name).toBe(ID);
    expect(back.rule?.properties).toMatchObject(properties);
    // The same rule without a link of its own is written as today: the id is the link, no extra key.
    const own = fromApiRule({ name: ID, kind: 'Scheduled', properties: { ...properties, alertRuleTemplateName: ID } });
    expect(own.rule).not.toHaveProperty('alertRuleTemplateName');
  });

  it("reads SentinelARConverter's Equals as eq, and says so", () => {
    const out = fromApiRule({ name: ID, kind: 'Scheduled', properties: { triggerOperator: 'Equals' } });
    expect(out.rule?.triggerOperator).toBe('eq');
    expect(out.lost).toEqual(['triggerOperator Equals (which the API rejects) is read as eq']);
  });

  it('skips kinds a rule file cannot hold', () => {
    for (const kind of ['Fusion', 'MicrosoftSecurityIncidentCreation', 'MLBehaviorAnalytics', 'ThreatIntelligence']) {
      const out = fromApiRule({ name: 'BuiltInFusion', kind, properties: { enabled: true } });
      expect(out.rule).toBeUndefined();
      expect(out.skipped).toContain(`kind ${kind}`);
    }
  });

  it('merges techniques and sub-techniques and drops nulls at any depth', () => {
    expect(mergeTechniques(['T1078', 'T1190'], ['T1078.003', 'T1078.004', 'T1003.001'])).toEqual([
      'T1078.003',
      'T1078.004',
      'T1190',
      'T1003.001',
    ]);
    expect(mergeTechniques(null, null)).toEqual([]);
    expect(withoutNulls({ a: null, b: { c: null, d: [null, { e: null }] } })).toEqual({ b: { d: [null, {}] } });
  });
});
