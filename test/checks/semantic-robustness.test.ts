// Rule data reaches the checks whatever its types (the schema may have failed): no semantic check may throw on it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnalyticRule } from '../../src/rules/model.js';
import type { Check, Finding } from '../../src/validate/check.js';
import { CHECKS } from '../../src/validate/checks/index.js';
import { ruleFile } from './run-check.js';

const SEMANTIC = new Set([
  'alert-details-override',
  'alert-dynamic-properties',
  'api-version',
  'custom-details',
  'data-connectors',
  'entity-column-name',
  'entity-identifier',
  'entity-mapping-count',
  'entity-type',
  'event-grouping',
  'incident-configuration',
  'legacy-custom-entity',
  'sentinel-entities-mappings',
  'tactic-name',
  'technique-format',
  'technique-tactic',
]);
const checks: Check[] = CHECKS.filter(c => SEMANTIC.has(c.id));

const value = fc.jsonValue({ maxDepth: 3 });
const nearly = <T>(shape: fc.Arbitrary<T>) => fc.oneof(shape, value);
const mapping = fc.record(
  {
    entityType: nearly(fc.constantFrom('Account', 'Host', 'FileHash', 'File hash')),
    fieldMappings: nearly(
      fc.array(fc.record({ identifier: nearly(fc.constantFrom('Name', 'Sid', 'SID')), columnName: value }), {
        maxLength: 4,
      }),
    ),
  },
  { requiredKeys: [] },
);
const rule = fc.record(
  {
    kind: nearly(fc.constantFrom('Scheduled', 'NRT')),
    query: nearly(fc.constantFrom('T | extend HostCustomEntity = x', 'T')),
    tactics: nearly(fc.array(nearly(fc.constantFrom('Impact', 'CommandandControl')))),
    relevantTechniques: nearly(fc.array(nearly(fc.constantFrom('T1078', 'T1078.004', 't1')))),
    techniques: value,
    subTechniques: value,
    entityMappings: nearly(fc.array(mapping, { maxLength: 3 })),
    sentinelEntitiesMappings: nearly(fc.array(fc.record({ columnName: value }))),
    customDetails: value,
    alertDetailsOverride: nearly(
      fc.record(
        { alertDisplayNameFormat: value, alertDynamicProperties: nearly(fc.array(value)) },
        { requiredKeys: [] },
      ),
    ),
    eventGroupingSettings: value,
    incidentConfiguration: nearly(
      fc.record({
        groupingConfiguration: nearly(
          fc.record(
            {
              lookbackDuration: value,
              matchingMethod: value,
              groupByEntities: value,
              groupByCustomDetails: value,
              groupByAlertDetails: value,
            },
            { requiredKeys: [] },
          ),
        ),
      }),
    ),
    requiredDataConnectors: nearly(fc.array(nearly(fc.record({ connectorId: value, datatypes: value })))),
  },
  { requiredKeys: [] },
);

describe('semantic checks on arbitrary data', () => {
  it('never throw, and report only findings with a message and a path', () => {
    const file = ruleFile('id: x\n');
    fc.assert(
      fc.property(rule, fc.constantFrom(undefined, '2022-11-01', '2024-01-01-preview'), (data, apiVersion) => {
        for (const check of checks) {
          const found: Finding[] = [];
          check.run?.({
            rule: data as AnalyticRule,
            file,
            options: apiVersion ? { apiVersion } : {},
            report: f => found.push(f),
          });
          for (const f of found) expect(f.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
    expect(checks).toHaveLength(SEMANTIC.size);
  });
});
