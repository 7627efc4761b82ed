import { describe, expect, it } from 'vitest';
import { sentinelEntitiesMappings } from '../../src/validate/checks/sentinel-entities-mappings.js';
import { render, yaml } from './run-check.js';

const entity = '  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: A';

describe('sentinel-entities-mappings', () => {
  it.each<[string, string, string[]]>([
    ['the corpus form', yaml('sentinelEntitiesMappings:', '  - columnName: Entities'), []],
    ['an empty list', yaml('sentinelEntitiesMappings: []'), ['1:27 error sentinelEntitiesMappings is an empty list']],
    [
      'a bad column',
      yaml('sentinelEntitiesMappings:', '  - columnName: Entities.x'),
      ['2:17 error columnName "Entities.x" is not a column name (letters, digits and _, not starting with a digit)'],
    ],
    [
      'a column twice',
      yaml('sentinelEntitiesMappings:', '  - columnName: Entities', '  - columnName: Entities'),
      ['3:17 error column "Entities" is listed twice'],
    ],
    [
      'eleven mappings together',
      yaml(
        'entityMappings:',
        ...Array.from({ length: 10 }, () => entity),
        'sentinelEntitiesMappings:',
        '  - columnName: E',
      ),
      ['42:1 error entityMappings and sentinelEntitiesMappings hold 11 mappings together; at most 10 are allowed'],
    ],
    [
      'ten mappings together',
      yaml(
        'entityMappings:',
        ...Array.from({ length: 9 }, () => entity),
        'sentinelEntitiesMappings:',
        '  - columnName: E',
      ),
      [],
    ],
  ])('%s', (_, text, expected) => {
    expect(render(sentinelEntitiesMappings, text)).toEqual(expected);
  });
});
