// A 5,000-character value must not make a 5,000-character message: every check quotes user values cut short.
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/validate/checks/index.js';
import { validateRules } from '../../src/validate/validate.js';
import { ruleFile, yaml } from './run-check.js';

const long = 'x'.repeat(5000);

describe('messages with very long values', () => {
  it('stay one short line for every check', () => {
    const text = yaml(
      `id: ${long}`,
      `name: n`,
      `kind: ${long}`,
      `severity: ${long}`,
      `version: ${long}`,
      `queryFrequency: ${long}`,
      `queryPeriod: "[${long}]"`,
      `triggerOperator: ${long}`,
      `triggerThreshold: "${long}"`,
      `${long}: 1`,
      `tactics: [${long}]`,
      `relevantTechniques: [${long}]`,
      `requiredDataConnectors: [{connectorId: ${long}, dataTypes: [${long}]}]`,
      `entityMappings: [{entityType: ${long}, fieldMappings: [{identifier: ${long}, columnName: ${long}}]}]`,
      `query: "T | extend ${long}CustomEntity = 1"`,
    );
    const findings = validateRules([ruleFile(text)], { kql: { mode: 'off', cwd: '/virtual' } }, CHECKS);
    expect(new Set(findings.map(d => d.check)).size).toBeGreaterThan(10);
    const tooLong = findings.filter(d => `${d.message} ${d.hint ?? ''}`.length > 400).map(d => d.check);
    expect(tooLong).toEqual([]);
  });
});
