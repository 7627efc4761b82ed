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
      ['7:22 error the SubTechniques alert property needs subTechniques, which 2025-09-01 lacks'],
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
    [
      'a sub-technique on a version without subTechniques names the entry, not a key the rule lacks',
      yaml(...base, 'relevantTechniques:', '  - T1048', '  - T1071.004'),
      '2023-02-01',
      [
        '7:5 error sub-technique T1071.004 needs subTechniques, which 2023-02-01 lacks: use T1071 or a later api-version',
      ],
    ],
    [
      'an empty relevantTechniques on a version without techniques',
      yaml(...base, 'relevantTechniques: []', 'version: 1.0.0'),
      '2021-09-01-preview',
      [],
    ],
    [
      'a version on 2021-03-01-preview, which has no templateVersion',
      yaml(...base, 'version: 1.0.0'),
      '2021-03-01-preview',
      ['5:10 error version (sent as templateVersion) is not available in api-version 2021-03-01-preview'],
    ],
    [
      'a newer tactic (Reconnaissance) on 2021-10-01-preview, which has all 17',
      yaml(...base, 'tactics:', '  - Reconnaissance'),
      '2021-10-01-preview',
      [],
    ],
    [
      'the same tactic on 2021-09-01-preview, which does not',
      yaml(...base, 'tactics:', '  - reconnaissance'),
      '2021-09-01-preview',
      ['6:5 error tactic Reconnaissance is not available in api-version 2021-09-01-preview'],
    ],
    ['a misspelt kind (kind-value reports it)', yaml('id: x', 'kind: Sheduled'), '2022-11-01', []],
  ])('%s', (_, text, version, expected) => {
    expect(render(apiVersion, text, version ? { apiVersion: version } : {})).toEqual(expected);
  });
});
