import { describe, expect, it } from 'vitest';
import { entityMappingCount } from '../../src/validate/checks/entity-mapping-count.js';
import { render, yaml } from './run-check.js';

const field = (n: number) => `      - identifier: Address\n        columnName: C${n}`;
const mappings = (count: number, fields = 1) =>
  yaml(
    'entityMappings:',
    ...Array.from({ length: count }, () =>
      ['  - entityType: IP', '    fieldMappings:', ...Array.from({ length: fields }, (_, j) => field(j))].join('\n'),
    ),
  );

describe('entity-mapping-count', () => {
  it.each<[string, string, string[]]>([
    ['one mapping of one field', mappings(1), []],
    ['ten mappings of three fields', mappings(10, 3), []],
    ['eleven mappings', mappings(11), ['42:5 error entityMappings has 11 mappings; at most 10 are allowed']],
    ['an empty list', yaml('entityMappings: []'), ['1:17 error entityMappings is an empty list']],
    ['four field mappings', mappings(1, 4), ['10:9 error a mapping has 4 field mappings; at most 3 are allowed']],
    [
      'no field mappings',
      yaml('entityMappings:', '  - entityType: IP', '    fieldMappings: []'),
      ['3:20 error fieldMappings is an empty list; a mapping needs 1 to 3 field mappings'],
    ],
    ['null mappings', yaml('entityMappings:'), []],
  ])('%s', (_, text, expected) => {
    expect(render(entityMappingCount, text)).toEqual(expected);
  });
});
