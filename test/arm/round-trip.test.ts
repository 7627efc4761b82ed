import { existsSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRuleFiles } from '../../src/rules/load.js';
import type { AnalyticRule } from '../../src/rules/model.js';
import { validateRules } from '../../src/validate/validate.js';
import { normalise, roundTrip } from './pipeline.js';

const repo = path.resolve(import.meta.dirname, '../..');
const corpus = process.env.RULECTL_CORPUS ?? path.resolve(repo, '../shared/corpus/azure-sentinel');

describe('round trip import(build-arm(rule))', () => {
  it.skipIf(!existsSync(corpus))(
    'gives back every corpus rule that validates, after normalising',
    async () => {
      const loaded = await loadRuleFiles([corpus], repo);
      const failed = new Set(
        [...loaded.diagnostics, ...validateRules(loaded.files)].filter(d => d.severity === 'error').map(d => d.file),
      );
      const valid = loaded.files.filter(f => f.data && !failed.has(f.file));
      expect(valid.length).toBeGreaterThan(900);
      const mismatches: string[] = [];
      for (const file of valid) {
        const rule = file.data as AnalyticRule;
        try {
          const { apiVersion, back } = roundTrip(rule);
          const diff = firstDifference(normalise(rule, apiVersion), normalise(back, apiVersion));
          if (diff) mismatches.push(`${file.file}: ${diff}`);
        } catch (e) {
          mismatches.push(`${file.file}: ${(e as Error).message}`);
        }
      }
      expect(mismatches).toEqual([]);
    },
    60_000,
  );

  it('holds for generated rules, on a stable and a preview api-version', () => {
    fc.assert(
      fc.property(arbitraryRule(), fc.constantFrom(undefined, '2024-01-01-preview'), (rule, pinned) => {
        const options = pinned ? { apiVersion: pinned } : {};
        const { apiVersion, back } = roundTrip(rule, options);
        expect(normalise(back, apiVersion)).toEqual(normalise(rule, apiVersion));
      }),
      { numRuns: 150 },
    );
  });
});

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map(k => [k, sortKeys((v as Record<string, unknown>)[k])]),
  );
}

/** The first top-level key whose values differ, with both values, or undefined when equal. */
function firstDifference(a: Record<string, unknown>, b: Record<string, unknown>): string | undefined {
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const [x, y] = [JSON.stringify(sortKeys(a[k])), JSON.stringify(sortKeys(b[k]))];
    if (x !== y) return `${k}: ${x?.slice(0, 200)} vs ${y?.slice(0, 200)}`;
  }
  return undefined;
}

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '[concat(1)]',
    '[[x]',
    '[a',
    'a]',
    ' lead',
    'trail \n',
    'yes',
    '1.0',
    '0x10',
    '~',
    "'quoted'\n",
    '- x',
    '#c',
    '',
  ),
  fc.array(fc.string({ maxLength: 20 }), { maxLength: 4 }).map(lines => lines.join('\n')),
);
const duration = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 48 }), fc.constantFrom('m', 'h', 'd')).map(([n, u]) => `${n}${u}`),
  fc.constantFrom('PT1H30M', 'P1DT12H', 'PT5M', 'P2D', 'PT45S'),
);
const technique = fc.oneof(
  fc.integer({ min: 1000, max: 1600 }).map(n => `T${n}`),
  fc.tuple(fc.integer({ min: 1000, max: 1010 }), fc.integer({ min: 1, max: 5 })).map(([n, s]) => `T${n}.00${s}`),
);

function arbitraryRule(): fc.Arbitrary<AnalyticRule> {
  return fc
    .record(
      {
        id: fc.uuid(),
        name: text,
        description: text,
        severity: fc.constantFrom('High', 'Medium', 'Low', 'Informational'),
        kind: fc.constantFrom('Scheduled', 'NRT', 'Nrt'),
        query: text,
        queryFrequency: duration,
        queryPeriod: duration,
        triggerOperator: fc.constantFrom('gt', 'lt', 'eq', 'ne', 'GreaterThan', 'Equal'),
        triggerThreshold: fc.integer({ min: 0, max: 10000 }),
        suppressionDuration: duration,
        suppressionEnabled: fc.boolean(),
        enabled: fc.boolean(),
        tactics: fc.array(fc.constantFrom('InitialAccess', 'Execution', 'Impact'), { maxLength: 3 }),
        relevantTechniques: fc.array(technique, { maxLength: 5 }),
        tags: fc.array(fc.oneof(text, fc.record({ Schema: text, SchemaVersion: fc.constantFrom('0.1.0', '1d') }))),
        customDetails: fc.dictionary(fc.stringMatching(/^[A-Za-z]\w{0,10}$/), fc.oneof(text, fc.constant('1h'))),
        incidentConfiguration: fc.record({
          createIncident: fc.boolean(),
          groupingConfiguration: fc.record({
            enabled: fc.boolean(),
            reopenClosedIncident: fc.boolean(),
            lookbackDuration: duration,
            matchingMethod: fc.constantFrom('AllEntities', 'Selected'),
            groupByEntities: fc.array(fc.constantFrom('Account', 'Host')),
          }),
        }),
        entityMappings: fc.array(
          fc.record({
            entityType: fc.constantFrom('Account', 'Host', 'IP'),
            fieldMappings: fc.array(
              fc.record({
                identifier: fc.constantFrom('FullName', 'Address'),
                columnName: fc.stringMatching(/^[A-Za-z_]\w{0,8}$/),
              }),
              { minLength: 1, maxLength: 2 },
            ),
          }),
          { maxLength: 3 },
        ),
        version: fc.constantFrom('1.0.0', '2.1.3'),
        status: fc.constantFrom('Available', 'Disabled'),
        metadata: fc.constant({ source: { kind: 'Community' } }),
        requiredDataConnectors: fc.constant([{ connectorId: 'X', dataTypes: ['Y'] }]),
        OriginalUri: text,
      },
      {
        requiredKeys: ['id', 'name', 'severity', 'kind', 'query'],
      },
    )
    .map(r => r as unknown as AnalyticRule);
}
