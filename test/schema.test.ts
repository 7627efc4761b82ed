// The analytic-rule JSON Schema: it accepts every real rule (rules/ and the corpus minus its known defects), it is
// documented for editors, its delegations name real checks, and the schema stage turns ajv errors into sentences.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Ajv, ErrorObject } from 'ajv';
import { CORE_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { findRuleFiles } from '../src/rules/load.js';
import { isRecord } from '../src/rules/model.js';
import { BUILTIN_CHECKS } from '../src/validate/builtin-checks.js';
import { CHECKS } from '../src/validate/checks/index.js';
import { collapseCombinators, errorToFinding } from '../src/validate/schema/ajv-messages.js';
import { CHECK_ANNOTATION, ruleSchema } from '../src/validate/schema/rule-schema.js';
import { schemaFindings } from '../src/validate/schema/schema-check.js';
import { createAjv, schemaValidator } from '../src/validate/schema/schema-validator.js';
import { validateRules } from '../src/validate/validate.js';
import { ruleFile } from './checks/run-check.js';

const repo = path.resolve(import.meta.dirname, '..');
const corpus = process.env.RULECTL_CORPUS ?? path.resolve(repo, '../shared/corpus/azure-sentinel');
const readRule = (abs: string) =>
  load(readFileSync(abs, 'utf8').replace(/^\uFEFF/, ''), { schema: CORE_SCHEMA }) as Record<string, unknown>;

/** Every ajv error, none left to checks: what an editor using the schema would show. */
function rawErrors(data: unknown): ErrorObject[] {
  const validate = schemaValidator();
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

describe('schemas/analytic-rule.schema.json', () => {
  it('accepts every rule in rules/ (unknown top-level keys aside: the CLI warns about those too)', async () => {
    const files = await findRuleFiles(['rules'], repo);
    expect(files.length).toBeGreaterThan(3);
    for (const abs of files) {
      const errors = rawErrors(readRule(abs)).filter(
        e => !(e.keyword === 'additionalProperties' && e.instancePath === ''),
      );
      expect([path.relative(repo, abs), errors]).toEqual([path.relative(repo, abs), []]);
    }
  });

  it.skipIf(!existsSync(corpus))('accepts the whole corpus except the defects Microsoft CI reports', async () => {
    const failures: string[] = [];
    const files = await findRuleFiles(['.'], corpus);
    expect(files).toHaveLength(1054);
    for (const abs of files) {
      const data = readRule(abs);
      for (const e of rawErrors(data)) {
        const where = e.instancePath.replace(/\/\d+/g, '/N');
        const value =
          where.endsWith('entityType') || where.startsWith('/tactics')
            ? ` ${JSON.stringify(lookup(data, e.instancePath))}`
            : '';
        failures.push(`${where} ${e.keyword} ${JSON.stringify(e.params)}${value}`);
      }
    }
    const counts = new Map<string, number>();
    for (const f of failures)
      counts.set(
        f.replace(/ \{"allowedValues".*\]\}/, ''),
        (counts.get(f.replace(/ \{"allowedValues".*\]\}/, '')) ?? 0) + 1,
      );
    expect(Object.fromEntries(counts)).toEqual({
      '/requiredDataConnectors/N additionalProperties {"additionalProperty":"datatypes"}': 9,
      '/requiredDataConnectors/N required {"missingProperty":"dataTypes"}': 9,
      '/tactics/N enum "CommandandControl"': 6,
      '/entityMappings/N/entityType enum "File hash"': 1,
    });
  });

  it('documents every property for editors (title and description) and has an $id', () => {
    const { schema } = ruleSchema();
    expect(schema.$id).toMatch(/^https:\/\/.+analytic-rule\.schema\.json$/);
    const undocumented: string[] = [];
    const visit = (node: unknown, where: string) => {
      if (!isRecord(node)) return;
      for (const key of ['properties', 'definitions']) {
        if (!isRecord(node[key])) continue;
        for (const [name, child] of Object.entries(node[key])) {
          if (!isRecord(child)) continue;
          if (key === 'properties' && child.$ref === undefined && (!child.title || !child.description))
            undocumented.push(`${where}/${name}`);
          visit(child, `${where}/${name}`);
        }
      }
      for (const key of ['items', 'additionalProperties']) {
        const child = node[key];
        if (isRecord(child)) {
          if (!child.$ref && (!child.title || !child.description)) undocumented.push(`${where}/${key}`);
          visit(child, `${where}/${key}`);
        }
      }
    };
    visit(schema, '#');
    expect(undocumented).toEqual([]);
  });

  it('delegates errors only to checks that exist', () => {
    const known = new Set([...CHECKS, ...BUILTIN_CHECKS].map(c => c.id));
    const named: string[] = [];
    const visit = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(visit);
      if (!isRecord(node)) return;
      const note = node[CHECK_ANNOTATION];
      if (typeof note === 'string') named.push(note);
      if (isRecord(note)) named.push(...Object.values(note).map(String));
      Object.values(node).forEach(visit);
    };
    visit(ruleSchema().schema);
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter(id => !known.has(id))).toEqual([]);
  });

  it('ajv standalone code (what the build ships) validates exactly like the compiled schema', async () => {
    const ajv = createAjv({ source: true });
    const compiled = ajv.compile(ruleSchema().schema);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-schema-'));
    const file = path.join(dir, 'validator.cjs');
    const require = createRequire(import.meta.url);
    const standalone = require('ajv/dist/standalone/index.js') as { default: (ajv: Ajv, fn: unknown) => string };
    await writeFile(file, standalone.default(ajv, compiled));
    const generated = require(file) as typeof compiled;
    const samples = [
      readRule(path.join(repo, 'rules/endpoint/hafnium-um-service.yaml')),
      { id: 1, kind: 'Scheduled', tags: [1], entityMappings: [{ entityType: 'X', extra: 1 }], name: 'n'.repeat(300) },
      { incidentConfiguration: { groupingConfiguration: { enabled: 'yes' } } },
    ];
    for (const data of samples) {
      expect(generated(data)).toBe(compiled(data));
      expect(generated.errors ?? null).toEqual(compiled.errors ?? null);
    }
  });
});

function lookup(data: unknown, pointer: string): unknown {
  let node = data;
  for (const seg of pointer.split('/').slice(1))
    node = isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[seg] : undefined;
  return node;
}

describe('schema stage (schemaFindings)', () => {
  const base = { id: 'x', name: 'n', kind: 'NRT', severity: 'Low', query: 'T' };

  it.each<[string, Record<string, unknown>, string[]]>([
    ['a valid rule', base, []],
    [
      'a type error',
      { ...base, suppressionEnabled: 'yes' },
      ['suppressionEnabled|suppressionEnabled must be true or false, not "yes"'],
    ],
    ['null where a list is allowed', { ...base, tactics: null, entityMappings: null }, []],
    [
      'null for every alertDetailsOverride key (as the content repository writes them)',
      {
        ...base,
        alertDetailsOverride: {
          alertDisplayNameFormat: null,
          alertDescriptionFormat: null,
          alertTacticsColumnName: null,
          alertSeverityColumnName: null,
          alertDynamicProperties: null,
        },
      },
      [],
    ],
    [
      'a nullable list given a string',
      { ...base, tactics: 'Execution' },
      ['tactics|tactics must be a list or null, not "Execution"'],
    ],
    [
      'a nested required key points at the parent key',
      { ...base, incidentConfiguration: { groupingConfiguration: null } },
      [
        'incidentConfiguration|incidentConfiguration is missing the required key "createIncident"',
        'incidentConfiguration.groupingConfiguration|incidentConfiguration.groupingConfiguration must be a mapping, not null',
      ],
    ],
    [
      'a required key inside a $ref definition is not mistaken for a top-level one',
      { ...base, entityMappings: [{ entityType: 'IP' }] },
      ['entityMappings.0|entityMappings[0] is missing the required key "fieldMappings"'],
    ],
    ['tags may be strings or mappings', { ...base, tags: ['A', { Schema: 'ASIMDns', SchemaVersion: '0.1.1' }] }, []],
    [
      'a tag may not be a list',
      { ...base, tags: [['a']] },
      ['tags.0|tags[0] must be a string, a mapping or null, not a list'],
    ],
    // Left to checks, which say it better: unknown keys, enums, durations, lengths, required top-level keys.
    [
      'delegated errors are not repeated',
      { kind: 'Scheduled', OriginalUri: 'u', severity: 'high', queryPeriod: 'PT1D', name: 'n'.repeat(300) },
      [],
    ],
  ])('%s', (_, data, expected) => {
    expect(schemaFindings(data).map(f => `${f.path.join('.')}|${f.message}`)).toEqual(expected);
  });

  it('hints true/false for YAML 1.1 booleans', () => {
    expect(schemaFindings({ ...base, enabled: 'no' })).toEqual([
      { path: ['enabled'], message: 'enabled must be true or false, not "no"', hint: 'write false' },
    ]);
  });

  it('anchors missing keys and unknown keys at the key', () => {
    const [missing] = schemaFindings({ ...base, incidentConfiguration: {} });
    expect(missing).toMatchObject({ path: ['incidentConfiguration'], anchor: 'key' });
  });
});

describe('ajv messages: one sentence per keyword', () => {
  const messages = (data: unknown) => rawErrors(data).map(e => errorToFinding(e, data).message);

  it.each<[string, unknown, string[]]>([
    [
      'enum with a suggestion',
      { severity: 'high' },
      ['severity is "high"; expected one of Informational, Low, Medium, High; did you mean "High"?'],
    ],
    ['pattern, described by the schema', { id: 'abc' }, ['id is "abc"; expected a GUID that identifies the rule']],
    ['maximum', { triggerThreshold: 10001 }, ['triggerThreshold is number 10001; it must be <= 10000']],
    ['minimum', { triggerThreshold: -1 }, ['triggerThreshold is number -1; it must be >= 0']],
    ['maxLength', { name: 'n'.repeat(257) }, ['name is 257 characters long; it must be at most 256']],
    ['minLength', { query: '' }, ['query is 0 characters long; it must be at least 1']],
    [
      'additionalProperties',
      { alertDetailsOverride: { alertDisplaynameFormat: 'x' } },
      ['unknown key "alertDisplaynameFormat" in alertDetailsOverride; did you mean "alertDisplayNameFormat"?'],
    ],
    [
      'required in a list item',
      { entityMappings: [{ entityType: 'IP' }] },
      ['entityMappings[0] is missing the required key "fieldMappings"'],
    ],
  ])('%s', (_, data, expected) => {
    const base = { id: '7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e', name: 'n', kind: 'NRT', severity: 'Low', query: 'T' };
    expect(messages({ ...base, ...(data as object) })).toEqual(expected);
  });

  it('collapses anyOf to the branch that got furthest', () => {
    const err = (keyword: string, schemaPath: string, instancePath: string): ErrorObject => ({
      keyword,
      schemaPath,
      instancePath,
      params: {},
    });
    const errors = [
      err('type', '#/anyOf/0/type', '/x'),
      err('required', '#/anyOf/1/required', '/x'),
      err('type', '#/anyOf/1/properties/a/type', '/x/a'),
      err('anyOf', '#/anyOf', '/x'),
      err('type', '#/properties/y/type', '/y'),
    ];
    expect(collapseCombinators(errors).map(e => e.schemaPath)).toEqual([
      '#/anyOf/1/required',
      '#/anyOf/1/properties/a/type',
      '#/properties/y/type',
    ]);
  });
});

describe('delegated schema errors', () => {
  const BASE = [
    'id: 7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e',
    'name: n',
    'description: d',
    'severity: Low',
    'query: T',
    'kind: NRT',
  ];
  /** The base NRT rule with `lines` added; a line whose key the base has replaces that base line. */
  const rule = (...lines: string[]) => {
    const keyOf = (l: string) => l.split(':')[0];
    const replaced = new Set(lines.map(keyOf));
    return [...BASE.filter(l => !replaced.has(keyOf(l))), ...lines, ''].join('\n');
  };

  // Each value breaks a schema node annotated x-rulectl-check; the named check must report it, the schema stage not.
  it.each<[string, string]>([
    ['id-format', rule('id: 42')],
    ['field-length', rule(`name: ${'n'.repeat(300)}`)],
    ['severity-value', rule('severity: Severe')],
    ['kind-value', rule('kind: Fusion')],
    ['trigger-operator', rule('kind: Scheduled', 'triggerOperator: Equals')],
    ['trigger-threshold', rule('kind: Scheduled', 'triggerThreshold: 10001')],
    ['duration-format', rule('suppressionDuration: 1 hour')],
    ['version-format', rule('version: 1.0')],
    ['tactic-name', rule('tactics: [CommandandControl]')],
    ['technique-format', rule('relevantTechniques: [T10]')],
    ['entity-type', rule('entityMappings:', '  - entityType: File hash', '    fieldMappings: []')],
    [
      'data-connectors',
      rule('requiredDataConnectors:', '  - connectorId: AzureActiveDirectory', '    datatypes: [SigninLogs]'),
    ],
    ['event-grouping', rule('eventGroupingSettings:', '  aggregationKind: PerRow')],
    [
      'incident-configuration',
      rule(
        'incidentConfiguration:',
        '  createIncident: true',
        '  groupingConfiguration:',
        '    enabled: true',
        '    reopenClosedIncident: false',
        '    lookbackDuration: 5h',
        '    matchingMethod: Everything',
      ),
    ],
    [
      'alert-dynamic-properties',
      rule('alertDetailsOverride:', '  alertDynamicProperties:', '    - alertProperty: Link', '      value: Url'),
    ],
    ['required-key', rule('kind: Scheduled')],
    ['unknown-key', rule('alertDetailsOverride:', '  alertDisplaynameFormat: x')],
  ])('%s', (id, text) => {
    const file = ruleFile(text);
    expect(rawErrors(file.data).length, 'the schema itself flags it (editors show it)').toBeGreaterThan(0);
    const checks = validateRules([file]).map(d => d.check);
    expect(checks).toContain(id);
    expect(validateRules([file]).filter(d => d.check === 'schema')).toEqual([]);
  });
});
