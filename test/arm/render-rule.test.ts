import { CORE_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readAlertRules } from '../../src/arm/read.js';
import { renderRuleYaml, ruleFileName } from '../../src/import/render-rule.js';

describe('renderRuleYaml', () => {
  it('writes query and description as block scalars and reads back the same data', () => {
    const data = { id: 'x', description: "'Quoted.'\n", query: 'A\n| where B == "c"  \n| take 1' };
    const text = renderRuleYaml(data);
    expect(text).toBe('id: x\ndescription: |\n  \'Quoted.\'\nquery: |-\n  A\n  | where B == "c"  \n  | take 1\n');
    expect(load(text ?? '', { schema: CORE_SCHEMA })).toEqual(data);
  });

  it('falls back to a spelling that reads back exactly for awkward strings', () => {
    for (const query of ['A\r\nB', '  leading\nline', 'tab\there', '\n\nblank first', 'x\n\n\n', '#c\n- y: z'])
      for (const other of ['yes', 'null', '1.0', '0x10', '~', '', ' ', '@a', '[x]', '{a}', "'"]) {
        const data = { query, description: other, name: other, tags: [other] };
        const text = renderRuleYaml(data);
        expect(text).toBeDefined();
        expect(load(text ?? '', { schema: CORE_SCHEMA })).toEqual(data);
      }
    // One key that cannot be a block scalar does not cost the other its block.
    expect(renderRuleYaml({ description: ' ', query: 'A\nB' })).toBe('description: " "\nquery: |-\n  A\n  B\n');
  });

  it('names files after the display name, safely', () => {
    expect(ruleFileName('HAFNIUM UM Service writing suspicious file', 'id')).toBe(
      'hafnium-um-service-writing-suspicious-file.yaml',
    );
    expect(ruleFileName('../../etc/passwd', 'id')).toBe('etc-passwd.yaml');
    expect(ruleFileName('Über (Ärger) — test', 'id')).toBe('uber-arger-test.yaml');
    expect(ruleFileName('***', 'ABC/../d')).toBe('abcd.yaml');
    // Windows cannot create these names, with any extension: the repository would not check out there.
    for (const reserved of ['CON', 'aux', 'Nul', 'COM1', 'lpt9', 'prn'])
      expect(ruleFileName(reserved, 'id')).toBe(`${reserved.toLowerCase()}-rule.yaml`);
    expect(ruleFileName('Console', 'id')).toBe('console.yaml');
    expect(ruleFileName(undefined, '7D6D8A8E-B08A-4082-8DBB-D7FD2CBBC35E')).toBe(
      '7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e.yaml',
    );
  });
});

describe('readAlertRules', () => {
  it('reads API responses (one rule or a list) without unescaping, and templates nested in deployments', () => {
    const rule = {
      id: '/subscriptions/s/…/alertRules/r1',
      name: 'r1',
      kind: 'Scheduled',
      properties: { query: '[x]' },
    };
    expect(readAlertRules(rule).rules).toEqual([
      { name: 'r1', kind: 'Scheduled', properties: { query: '[x]' }, where: 'rule' },
    ]);
    expect(readAlertRules({ value: [rule, { ...rule, name: 'r2' }] }).rules.map(r => r.where)).toEqual([
      'value[0]',
      'value[1]',
    ]);
    const nested = {
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          properties: {
            template: {
              resources: [
                {
                  type: 'microsoft.operationalinsights/workspaces/providers/alertrules',
                  name: "[concat(parameters('workspace'),'/Microsoft.SecurityInsights/11111111-1111-4111-8111-111111111111')]",
                  kind: 'NRT',
                  properties: { query: '[[x]' },
                },
              ],
            },
          },
        },
      ],
    };
    expect(readAlertRules(nested).rules).toEqual([
      {
        name: '11111111-1111-4111-8111-111111111111',
        kind: 'NRT',
        properties: { query: '[x]' },
        where: 'resources[0].properties.template.resources[0]',
      },
    ]);
  });

  it('reports alert-rule resources it cannot read and ignores everything else', () => {
    const out = readAlertRules({
      resources: [
        { type: 'Microsoft.SecurityInsights/alertRules', name: 'a', properties: {} },
        {
          type: 'Microsoft.SecurityInsights/alertRules',
          name: "[parameters('id')]",
          kind: 'Scheduled',
          properties: {},
        },
        { type: 'Microsoft.SecurityInsights/alertRules', kind: 'Scheduled' },
        { type: 'Microsoft.Storage/storageAccounts', name: 'x' },
        'not an object',
      ],
    });
    expect(out.rules).toEqual([]);
    expect(out.problems).toEqual([
      { where: 'resources[0]', message: 'the alert rule has no kind' },
      { where: 'resources[1]', message: 'cannot tell the rule id from the name "[parameters(\'id\')]"' },
      { where: 'resources[2]', message: 'the alert rule has no properties object' },
    ]);
    expect(readAlertRules(42)).toEqual({ rules: [], problems: [] });
  });
});
