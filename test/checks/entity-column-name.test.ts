import { describe, expect, it } from 'vitest';
import { entityColumnName } from '../../src/validate/checks/entity-column-name.js';
import { render, yaml } from './run-check.js';

const column = (name: string) =>
  yaml(
    'entityMappings:',
    '  - entityType: IP',
    '    fieldMappings:',
    '      - identifier: Address',
    `        columnName: ${name}`,
  );

describe('entity-column-name', () => {
  it.each<[string, string, string[]]>([
    ['a plain column', column('SrcIpAddr'), []],
    ['a leading underscore', column('_ip1'), []],
    [
      'a dotted path',
      column('Properties.ip'),
      ['5:21 error columnName "Properties.ip" is not a column name (letters, digits and _, not starting with a digit)'],
    ],
    [
      'a leading digit',
      column('1ip'),
      ['5:21 error columnName "1ip" is not a column name (letters, digits and _, not starting with a digit)'],
    ],
    ['surrounding spaces', column("' ip'"), ['5:21 error columnName " ip" has leading or trailing spaces']],
    [
      'too long',
      column('a'.repeat(501)),
      [`5:21 error columnName "${'a'.repeat(59)}…" is 501 characters long (at most 500)`],
    ],
  ])('%s', (_, text, expected) => {
    expect(render(entityColumnName, text)).toEqual(expected);
  });
});
