import { describe, expect, it } from 'vitest';
import { apiVersion } from '../../src/validate/checks/api-version.js';
import { render, yaml } from './run-check.js';

const base = ['id: 7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e', 'name: Rule', 'kind: Scheduled', 'query: T'];
const dynamic = (property: string) =>
  yaml(
    ...base,
    'alertDetailsOverride:',
    '  alertDynamicProperties:',
    `    - alertProperty: ${property}`,
    '      value: Link',
  );

describe('api-version', () => {
  it.each<[string, string, string | undefined, string[]]>([
    ['dynamic properties, no pin (the mapping picks 2023-02-01)', dynamic('AlertLink'), undefined, []],
    ['dynamic properties on 2023-02-01', dynamic('AlertLink'), '2023-02-01', []],
    [
      'dynamic properties pinned to 2022-11-01',
      dynamic('AlertLink'),
      '2022-11-01',
      ['7:5 error alertDetailsOverride.alertDynamicProperties is not available in api-version 2022-11-01'],
    ],
    ['SubTechniques without a pin (the preview default has it)', dynamic('SubTechniques'), undefined, []],
    [
      'SubTechniques on a stable pin',
      dynamic('SubTechniques'),
      '2025-09-01',
      ['7:22 error subTechniques is not available in api-version 2025-09-01'],
    ],
    ['SubTechniques on a late preview', dynamic('SubTechniques'), '2024-01-01-preview', []],
    ['NRT without a pin', yaml('id: x', 'kind: NRT', 'query: T'), undefined, []],
    [
      'NRT on a stable version',
      yaml('id: x', 'kind: NRT', 'query: T'),
      '2022-11-01',
      ['2:7 error api-version 2022-11-01 has no NRT rules'],
    ],
    [
      'sentinelEntitiesMappings on a stable version',
      yaml(...base, 'sentinelEntitiesMappings:', '  - columnName: Entities'),
      '2025-09-01',
      ['6:3 error sentinelEntitiesMappings is not available in api-version 2025-09-01'],
    ],
    [
      'a tactic the pinned version lacks',
      yaml(...base, 'tactics:', '  - Reconnaissance', '  - Persistence'),
      '2021-10-01',
      ['6:5 error tactic Reconnaissance is not available in api-version 2021-10-01'],
    ],
    ['a misspelt kind (kind-value reports it)', yaml('id: x', 'kind: Sheduled'), '2022-11-01', []],
  ])('%s', (_, text, version, expected) => {
    expect(render(apiVersion, text, version ? { apiVersion: version } : {})).toEqual(expected);
  });
});
