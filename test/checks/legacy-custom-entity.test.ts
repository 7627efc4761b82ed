import { describe, expect, it } from 'vitest';
import { legacyCustomEntity } from '../../src/validate/checks/legacy-custom-entity.js';
import { render, yaml } from './run-check.js';

const rule = (query: string, column?: string) =>
  yaml(
    'query: |',
    ...query.split('\n').map(l => `  ${l}`),
    ...(column
      ? [
          'entityMappings:',
          '  - entityType: Account',
          '    fieldMappings:',
          '      - identifier: FullName',
          `        columnName: ${column}`,
        ]
      : []),
  );

describe('legacy-custom-entity', () => {
  it.each<[string, string, string[]]>([
    ['mapped legacy column', rule('T | extend AccountCustomEntity = User', 'AccountCustomEntity'), []],
    ['no legacy column', rule('T | extend User = UserName', 'User'), []],
    ['a longer name is not the legacy column', rule('T | extend MyAccountCustomEntity2 = User', 'User'), []],
    [
      'unmapped legacy column',
      rule('T\n| extend HostCustomEntity = Computer', 'Computer'),
      ['1:8 error An old mapping for entity "HostCustomEntity" does not have a matching new mapping entry'],
    ],
    [
      'two columns, no mappings at all',
      rule('T | extend IPCustomEntity = A, URLCustomEntity = B, IPCustomEntity = C'),
      [
        '1:8 error An old mapping for entity "IPCustomEntity" does not have a matching new mapping entry',
        '1:8 error An old mapping for entity "URLCustomEntity" does not have a matching new mapping entry',
      ],
    ],
  ])('%s', (_, text, expected) => {
    expect(render(legacyCustomEntity, text)).toEqual(expected);
  });
});
