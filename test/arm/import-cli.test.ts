import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { run } from './pipeline.js';

const seed = path.resolve(import.meta.dirname, '../fixtures/seed');
const converter = path.join(seed, 'sentinelarconverter');

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'rulectl-import-'));
}

async function readRule(file: string): Promise<Record<string, unknown>> {
  return load(await readFile(file, 'utf8'), { schema: CORE_SCHEMA }) as Record<string, unknown>;
}

function template(resources: unknown[]): string {
  return JSON.stringify({ $schema: 'x', contentVersion: '1.0.0.0', parameters: {}, resources });
}

const PORTAL_PROPS = {
  displayName: 'MCN - New local account created',
  description: 'Finds new accounts.',
  severity: 'Medium',
  enabled: true,
  query: 'SecurityEvent\n| where EventID == 4720\n| extend Account = TargetUserName',
  queryFrequency: 'PT5M',
  queryPeriod: 'PT1H30M',
  triggerOperator: 'Equal',
  triggerThreshold: 0,
  suppressionDuration: 'PT5H',
  suppressionEnabled: false,
  startTimeUtc: null,
  tactics: ['Persistence'],
  techniques: ['T1136'],
  subTechniques: ['T1136.001'],
  alertRuleTemplateName: null,
  incidentConfiguration: {
    createIncident: true,
    groupingConfiguration: {
      enabled: true,
      reopenClosedIncident: false,
      lookbackDuration: 'P1D',
      matchingMethod: 'AllEntities',
      groupByEntities: [],
      groupByAlertDetails: null,
      groupByCustomDetails: null,
    },
  },
  eventGroupingSettings: { aggregationKind: 'SingleAlert' },
  alertDetailsOverride: null,
  customDetails: null,
  entityMappings: [{ fieldMappings: [{ columnName: 'Account', identifier: 'Name' }], entityType: 'Account' }],
  sentinelEntitiesMappings: null,
  templateVersion: null,
};

describe('rulectl import', () => {
  it('imports the SentinelARConverter templates and the seed into rules that validate', async () => {
    const dir = await tempDir();
    const inputs = [
      path.join(converter, '4a4364e4-bd26-46f6-a040-ab14860275f8.json'),
      path.join(converter, '746ddb63-f51b-4563-b449-a8b13cf302ec.json'),
      path.join(seed, 'hafnium-um-service.arm.json'),
    ];
    const result = await run(dir, 'import', ...inputs, '--out', 'rules');
    expect(result.code).toBe(0);
    expect(result.out).toContain('imported 3 rule(s)');
    const files = (await readdir(path.join(dir, 'rules'))).sort();
    expect(files).toEqual([
      'hafnium-um-service-writing-suspicious-file.yaml',
      'nrt-modified-domain-federation-trust-settings.yaml',
      'user-assigned-new-privileged-role.yaml',
    ]);
    const validate = await run(dir, 'validate', 'rules', '--format', 'json');
    const report = JSON.parse(validate.out) as { diagnostics: { severity: string; message: string }[] };
    expect(report.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
    expect(validate.code).toBe(0);

    const nrt = await readRule(path.join(dir, 'rules', 'nrt-modified-domain-federation-trust-settings.yaml'));
    expect(Object.keys(nrt).slice(0, 4)).toEqual(['id', 'name', 'description', 'severity']);
    expect(nrt).toMatchObject({ kind: 'NRT', version: '1.0.1', id: '4a4364e4-bd26-46f6-a040-ab14860275f8' });
    expect(nrt).not.toHaveProperty('queryFrequency');
    const sched = await readRule(path.join(dir, 'rules', 'user-assigned-new-privileged-role.yaml'));
    expect(sched).toMatchObject({ queryFrequency: '2h', triggerOperator: 'gt', kind: 'Scheduled' });
    expect(sched.relevantTechniques).toEqual(['T1078.003', 'T1078.004']);
    const text = await readFile(path.join(dir, 'rules', 'hafnium-um-service-writing-suspicious-file.yaml'), 'utf8');
    expect(text).toMatch(/^description: \|\n {2}'This query/m);
    expect(text).toMatch(/^query: \|\n {2}let scriptExtensions/m);
  });

  it('reads a portal export: nulls and startTimeUtc dropped, ISO durations back to m/h/d, compound ones kept', async () => {
    const dir = await tempDir();
    const id = '0fe2d342-1e52-4da0-a778-24d2e15fdd5f';
    await writeFile(
      path.join(dir, 'export.json'),
      template([
        {
          id: `[concat(resourceId('Microsoft.OperationalInsights/workspaces/providers', parameters('workspace'), 'Microsoft.SecurityInsights'),'/alertRules/${id}')]`,
          name: `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/${id}')]`,
          type: 'Microsoft.OperationalInsights/workspaces/providers/alertRules',
          kind: 'Scheduled',
          apiVersion: '2023-12-01-preview',
          properties: PORTAL_PROPS,
        },
      ]),
    );
    expect((await run(dir, 'import', 'export.json')).code).toBe(0);
    const rule = await readRule(path.join(dir, 'rules', 'mcn-new-local-account-created.yaml'));
    expect(rule).toMatchObject({
      id,
      queryFrequency: '5m',
      queryPeriod: 'PT1H30M',
      suppressionDuration: '5h',
      triggerOperator: 'eq',
      relevantTechniques: ['T1136.001'],
      version: '1.0.0',
      incidentConfiguration: { groupingConfiguration: { lookbackDuration: '1d', groupByEntities: [] } },
      entityMappings: [{ entityType: 'Account', fieldMappings: [{ identifier: 'Name', columnName: 'Account' }] }],
    });
    for (const k of ['startTimeUtc', 'alertDetailsOverride', 'customDetails', 'templateVersion', 'enabled'])
      expect(rule).not.toHaveProperty(k);
    expect(rule.incidentConfiguration).not.toHaveProperty('groupingConfiguration.groupByAlertDetails');
  });

  it('reads the extension-resource form with scope, many rules per template, and skips kinds it cannot express', async () => {
    const dir = await tempDir();
    const a = '11111111-1111-4111-8111-111111111111';
    await writeFile(
      path.join(dir, 'bicep.json'),
      template([
        { type: 'Microsoft.OperationalInsights/workspaces', name: 'ws', properties: {} },
        {
          type: 'Microsoft.SecurityInsights/alertRules',
          apiVersion: '2025-09-01',
          name: a,
          scope: "[format('Microsoft.OperationalInsights/workspaces/{0}', parameters('workspaceName'))]",
          kind: 'Scheduled',
          properties: { ...PORTAL_PROPS, displayName: 'Extension form', description: '[[not an expression]' },
        },
        {
          type: 'Microsoft.SecurityInsights/alertRules',
          apiVersion: '2025-09-01',
          name: 'BuiltInFusion',
          kind: 'Fusion',
          properties: { alertRuleTemplateName: 'f71aba3d-28fb-450b-b192-4e76a83015c8', enabled: true },
        },
      ]),
    );
    const result = await run(dir, 'import', 'bicep.json', '--out', 'out');
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/skipped bicep\.json resources\[2\]: kind Fusion has no rule-file form/);
    expect(await readdir(path.join(dir, 'out'))).toEqual(['extension-form.yaml']);
    const rule = await readRule(path.join(dir, 'out', 'extension-form.yaml'));
    expect(rule).toMatchObject({ id: a, description: '[not an expression]' });
  });

  it('imports its own output, unescaping [[, and refuses to overwrite without --force', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'rule.yaml'),
      (await readFile(path.join(seed, 'hafnium-um-service.yaml'), 'utf8')).replace(
        'name: HAFNIUM UM Service writing suspicious file',
        'name: "[HAFNIUM] UM Service [x]"',
      ),
    );
    expect((await run(dir, 'build-arm', 'rule.yaml')).code).toBe(0);
    const built = 'templates/7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e.json';
    expect(await readFile(path.join(dir, built), 'utf8')).toContain('"displayName": "[[HAFNIUM] UM Service [x]"');
    expect((await run(dir, 'import', built)).code).toBe(0);
    const rule = await readRule(path.join(dir, 'rules', 'hafnium-um-service-x.yaml'));
    expect(rule.name).toBe('[HAFNIUM] UM Service [x]');
    const again = await run(dir, 'import', built);
    expect(again.code).toBe(1);
    expect(again.err).toContain('rules/hafnium-um-service-x.yaml exists; use --force to overwrite it');
    expect((await run(dir, 'import', built, '--force')).code).toBe(0);
  });

  it('reports bad input clearly: invalid JSON, ARM expressions, missing files', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'broken.json'), '{"resources": [');
    const broken = await run(dir, 'import', 'broken.json');
    expect(broken.code).toBe(1);
    expect(broken.err).toBe('broken.json:1:16: not valid JSON: Unexpected end of JSON input\n');
    await writeFile(path.join(dir, 'comma.json'), '{\n  "resources": [\n    {"type": "x",,}\n  ]\n}\n');
    const comma = await run(dir, 'import', 'comma.json');
    expect(comma.err).toBe('comma.json:3:18: not valid JSON: Expected double-quoted property name\n');
    await writeFile(path.join(dir, 'token.json'), '{\n  "resources": [\n    {"type": }\n  ]\n}\n');
    const token = await run(dir, 'import', 'token.json');
    expect(token.code).toBe(1);
    expect(token.err).toMatch(/^token\.json: not valid JSON: Unexpected token '}', .* is not valid JSON\n$/);
    expect(token.err.split('\n')).toHaveLength(2);
    await writeFile(
      path.join(dir, 'expr.json'),
      template([
        {
          type: 'Microsoft.SecurityInsights/alertRules',
          name: '22222222-2222-4222-8222-222222222222',
          kind: 'Scheduled',
          properties: { ...PORTAL_PROPS, displayName: "[parameters('ruleName')]" },
        },
      ]),
    );
    const expr = await run(dir, 'import', 'expr.json');
    expect(expr.code).toBe(1);
    expect(expr.err).toContain('ARM expressions at /properties/displayName');
    const missing = await run(dir, 'import', 'nope.json');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no such file: nope.json');
    expect(missing.err).not.toMatch(/\n\s+at /);
  });

  it('refuses what is not a regular file or nests too deeply, without hanging or an internal error', async () => {
    const dir = await tempDir();
    execFileSync('mkfifo', [path.join(dir, 'pipe.json')]);
    const fifo = await run(dir, 'import', 'pipe.json');
    expect(fifo.code).toBe(2);
    expect(fifo.err).toBe('rulectl: not a regular file: pipe.json\n');
    await writeFile(path.join(dir, 'deep.json'), '['.repeat(5000) + ']'.repeat(5000));
    const deep = await run(dir, 'import', 'deep.json');
    expect(deep.code).toBe(1);
    expect(deep.err).toMatch(/^deep\.json: nested deeper than \d+ levels/);
    expect(deep.err).not.toContain('internal error');
  });

  it('reads UTF-16 with a byte-order mark (PowerShell 5 output) and refuses other non-UTF-8 text instead of mangling it', async () => {
    const dir = await tempDir();
    const text = template([
      {
        type: 'Microsoft.SecurityInsights/alertRules',
        name: '33333333-3333-4333-8333-333333333333',
        kind: 'Scheduled',
        properties: { ...PORTAL_PROPS, displayName: 'Café', description: 'Règle' },
      },
    ]);
    await writeFile(
      path.join(dir, 'utf16.json'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    await writeFile(path.join(dir, 'latin1.json'), Buffer.from(text, 'latin1'));
    const latin1 = await run(dir, 'import', 'latin1.json');
    expect(latin1.code).toBe(1);
    expect(latin1.err).toBe('latin1.json: not UTF-8 (nor UTF-16 with a byte-order mark); save it as UTF-8\n');
    await expect(readdir(path.join(dir, 'rules'))).rejects.toThrow();
    expect((await run(dir, 'import', 'utf16.json')).code).toBe(0);
    expect(await readRule(path.join(dir, 'rules', 'cafe.yaml'))).toMatchObject({ name: 'Café', description: 'Règle' });
  });

  it('a file without alert rules is a failure, not a silent success', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'other.json'), template([{ type: 'Microsoft.Web/sites', name: 'x' }]));
    const result = await run(dir, 'import', 'other.json');
    expect(result.code).toBe(1);
    expect(result.err).toBe('other.json: no alert rules found\n');
    expect(result.out).toBe('imported 0 rule(s), 1 failed\n');
  });

  it('gives every rule of one run its own file: same display names, ids alike in their first 8 digits, one rule twice', async () => {
    const dir = await tempDir();
    const rule = (id: string) => ({
      type: 'Microsoft.SecurityInsights/alertRules',
      name: id,
      kind: 'Scheduled',
      properties: { ...PORTAL_PROPS, displayName: 'Same', description: id },
    });
    const ids = [
      '11111111-1111-4111-8111-111111111111',
      '22222222-2222-4222-8222-222222222222',
      '22222222-3333-4333-8333-333333333333',
    ];
    await writeFile(path.join(dir, 'same.json'), template(ids.map(rule)));
    const result = await run(dir, 'import', 'same.json', 'same.json', '--force');
    expect(result.code).toBe(1);
    const files = await readdir(path.join(dir, 'rules'));
    expect(files).toHaveLength(3);
    const described = await Promise.all(files.map(async f => (await readRule(path.join(dir, 'rules', f))).description));
    expect(described.sort()).toEqual(ids);
    expect(result.err).toContain(
      `same.json resources[0]: rule ${ids[0]} was already read in this run (for rules/same.yaml); skipped`,
    );
  });
});
