import { describe, expect, it } from 'vitest';
import {
  escapeArmString,
  escapeArmStrings,
  isArmExpression,
  unescapeArmString,
  unescapeArmStrings,
} from '../../src/arm/escape.js';
import { armTemplate, renderTemplate } from '../../src/arm/template.js';
import { toApiRule } from '../../src/mapping/to-api.js';
import type { AnalyticRule } from '../../src/rules/model.js';

describe('ARM string escaping', () => {
  it('escapes exactly the strings ARM would evaluate: starting with [ and ending with ]', () => {
    expect(escapeArmString('[concat(1)]')).toBe('[[concat(1)]');
    expect(escapeArmString('[x]\n| where a')).toBe('[x]\n| where a');
    expect(escapeArmString('[a\nb]')).toBe('[[a\nb]');
    expect(escapeArmString('[test] value')).toBe('[test] value');
    expect(escapeArmString('[abc')).toBe('[abc');
    expect(escapeArmString('abc]')).toBe('abc]');
    expect(escapeArmString(' [x]')).toBe(' [x]');
    // A literal that already starts with [[ needs one more bracket to survive ARM's unescaping.
    expect(escapeArmString('[[x]')).toBe('[[[x]');
  });

  it('unescapes what it escaped and flags real expressions', () => {
    for (const s of ['[concat(1)]', '[[x]', '[a', 'plain', '[]', '[a] b'])
      expect(unescapeArmString(escapeArmString(s))).toBe(s);
    expect(unescapeArmString("[parameters('x')]")).toBeUndefined();
    expect(isArmExpression("[parameters('x')]")).toBe(true);
    expect(isArmExpression('[[x]')).toBe(false);
    expect(unescapeArmStrings({ a: ['[[x]', { b: '[y()]' }] })).toEqual({
      value: { a: ['[x]', { b: '[y()]' }] },
      expressions: ['/a/1/b'],
    });
  });

  it('escapes at any depth of the properties and leaves other values alone', () => {
    expect(escapeArmStrings({ a: '[x]', b: [1, null, true, '[y]'], c: { d: { e: '[z]' } } })).toEqual({
      a: '[[x]',
      b: [1, null, true, '[[y]'],
      c: { d: { e: '[[z]' } },
    });
  });

  it('escapes keys as it escapes values, and unescapes both', () => {
    const properties = JSON.parse(
      '{"[reference(\'secret\')]": 1, "tags": [{"[subscription().subscriptionId]": "y"}],' +
        ' "[listKeys(1)]": {"[concat(\'a\')]": 2, "[plain": "[v]"}, "__proto__": {"[k]": "[w]"}}',
    ) as Record<string, unknown>;
    const escaped = escapeArmStrings(properties);
    expect(JSON.stringify(escaped)).toBe(
      '{"[[reference(\'secret\')]":1,"tags":[{"[[subscription().subscriptionId]":"y"}],' +
        '"[[listKeys(1)]":{"[[concat(\'a\')]":2,"[plain":"[[v]"},"__proto__":{"[[k]":"[[w]"}}',
    );
    expect(unescapeArmStrings(escaped)).toEqual({ value: properties, expressions: [] });
    expect(JSON.stringify(unescapeArmStrings(escaped).value)).toBe(JSON.stringify(properties));
    expect(unescapeArmStrings({ a: { '[x()]': 1 } }).expressions).toEqual(['/a/[x()]']);
  });

  it('escapes in templates but not in what the API gets', () => {
    const rule = {
      id: '11111111-2222-3333-4444-555555555555',
      name: '[Prefix] brute force [x]',
      description: '[see the runbook]',
      severity: 'Low',
      kind: 'Scheduled',
      query: '[x]',
      queryFrequency: '1h',
      queryPeriod: '1h',
      triggerOperator: 'gt',
      triggerThreshold: 0,
      tags: ['[tag]'],
      customDetails: { Col: '[c]' },
    } as AnalyticRule;
    const api = toApiRule(rule).rule;
    expect(api?.properties).toMatchObject({ displayName: '[Prefix] brute force [x]', query: '[x]' });
    const template = JSON.parse(renderTemplate(armTemplate(api ? [api] : []))) as {
      resources: { properties: Record<string, unknown> }[];
    };
    expect(template.resources[0]?.properties).toMatchObject({
      displayName: '[[Prefix] brute force [x]',
      description: '[[see the runbook]',
      query: '[[x]',
      tags: ['[[tag]'],
      customDetails: { Col: '[[c]' },
    });
  });
});
