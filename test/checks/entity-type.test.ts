import { describe, expect, it } from 'vitest';
import { entityType } from '../../src/validate/checks/entity-type.js';
import { render, yaml } from './run-check.js';

const mapping = (type: string) =>
  yaml(
    'entityMappings:',
    `  - entityType: ${type}`,
    '    fieldMappings:',
    '      - identifier: Value',
    '        columnName: C',
  );

describe('entity-type', () => {
  it.each<[string, string, string[]]>([
    ['a valid type', mapping('FileHash'), []],
    ['every API type', yaml('entityMappings:', '  - entityType: SubmissionMail', '  - entityType: DNS'), []],
    [
      'a spaced spelling',
      mapping('File hash'),
      ['2:17 error unknown entity type "File hash"; did you mean "FileHash"?'],
    ],
    ['a case slip', mapping('Ip'), ['2:17 error unknown entity type "Ip"; did you mean "IP"?']],
    ['nothing close', mapping('Spaceship'), ['2:17 error unknown entity type "Spaceship"']],
    ['IoTDevice', mapping('IoTDevice'), ['2:17 error entity type "IoTDevice" is not accepted by the alertRules API']],
    [
      'the second mapping',
      yaml('entityMappings:', '  - entityType: IP', '  - entityType: host'),
      ['3:17 error unknown entity type "host"; did you mean "Host"?'],
    ],
    ['no mappings', yaml('entityMappings: null'), []],
    ['a non-string type (the schema reports it)', mapping('[1]'), []],
  ])('%s', (_, text, expected) => {
    expect(render(entityType, text)).toEqual(expected);
  });
});
