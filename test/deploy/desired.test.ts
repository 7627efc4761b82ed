// From rule files to what a workspace should hold: a rule whose file has errors this run (validation or mapping)
// is not deployed, and its id is kept, so that --prune never deletes a deployed rule because of a typo.
import { describe, expect, it } from 'vitest';
import { desiredRules } from '../../src/deploy/desired.js';
import { ruleFile } from '../checks/run-check.js';
import { ruleId, ruleYaml } from './helpers.js';

describe('desiredRules', () => {
  it('keeps the id of a rule whose file fails validation, and deploys the others', () => {
    const files = [
      ruleFile(ruleYaml(1), 'rules/rule-1.yaml'),
      ruleFile(ruleYaml(2).replace('severity: Medium', 'severity: Severe'), 'rules/rule-2.yaml'),
    ];
    const desired = desiredRules(files, [], {}, {});
    expect(desired.rules.map(r => r.name)).toEqual([ruleId(1)]);
    expect([...desired.keep]).toEqual([ruleId(2)]);
    expect(desired.pruneSafe).toBe(true);
    expect(desired.diagnostics.some(d => d.file === 'rules/rule-2.yaml' && d.severity === 'error')).toBe(true);
  });

  it('keeps the id of a valid rule the mapping cannot build for the configured api-version', () => {
    // sentinelEntitiesMappings is in no stable version, and the configured preview predates it (and techniques).
    const text = ruleYaml(3, 'sentinelEntitiesMappings:\n  - columnName: Entities\n');
    const desired = desiredRules(
      [ruleFile(text, 'rules/rule-3.yaml')],
      [],
      {},
      { defaultPreview: '2021-03-01-preview' },
    );
    expect(desired.rules).toEqual([]);
    expect([...desired.keep]).toEqual([ruleId(3)]);
    const errors = desired.diagnostics.filter(d => d.severity === 'error');
    expect(errors.map(d => `${d.file} ${d.check} ${d.message}`)).toEqual([
      // 2021-03-01-preview also lacks templateVersion (wt-b checked the REST specifications).
      'rules/rule-3.yaml api-version version (sent as templateVersion) is not available in api-version 2021-03-01-preview',
      'rules/rule-3.yaml api-version sentinelEntitiesMappings is not available in api-version 2021-03-01-preview',
      'rules/rule-3.yaml api-version relevantTechniques (sent as techniques) is not available in api-version 2021-03-01-preview',
    ]);
  });

  it('prunes nothing when a file with errors has no readable id', () => {
    const desired = desiredRules([ruleFile('name: no id here\n', 'rules/x.yaml')], [], {}, {});
    expect(desired.keep.size).toBe(0);
    expect(desired.pruneSafe).toBe(false);
  });
});
