import { describe, expect, it } from 'vitest';
import { unknownKey } from '../../src/validate/checks/unknown-key.js';
import { render, yaml } from './run-check.js';

describe('unknown-key', () => {
  it.each<[string, string, string[]]>([
    [
      'known keys at every level',
      yaml('kind: NRT', 'alertDetailsOverride:', '  alertDisplayNameFormat: x', 'tags: [a]'),
      [],
    ],
    [
      'the API name of a key',
      yaml('displayName: A rule'),
      ['1:1 warning unknown key "displayName"; the rule format calls it "name"'],
    ],
    ['an unknown top-level key', yaml('OriginalUri: https://x'), ['1:1 warning unknown key "OriginalUri"']],
    [
      'a top-level key one character off a known key',
      yaml('querFrequency: 1h'),
      ['1:1 error unknown key "querFrequency"; did you mean "queryFrequency"?'],
    ],
    [
      'a key in another case inside alertDetailsOverride',
      yaml('alertDetailsOverride:', '  alertDisplaynameFormat: x'),
      [
        '2:3 error unknown key "alertDisplaynameFormat" in alertDetailsOverride; did you mean "alertDisplayNameFormat"?',
      ],
    ],
    [
      'one character off inside a sequence item',
      yaml('entityMappings:', '  - entityType: IP', '    fieldMapping: []'),
      ['3:5 error unknown key "fieldMapping" in entityMappings[0]; did you mean "fieldMappings"?'],
    ],
    [
      'case does not count as an edit: one character off in any case is an error',
      yaml('QueryFrequncy: 1h', 'severty: Low'),
      [
        '1:1 error unknown key "QueryFrequncy"; did you mean "queryFrequency"?',
        '2:1 error unknown key "severty"; did you mean "severity"?',
      ],
    ],
    [
      'two characters off stays a warning (it may be meant for the API)',
      yaml('queryFrequencyy2: 1h'),
      ['1:1 warning unknown key "queryFrequencyy2"; did you mean "queryFrequency"?'],
    ],
    [
      'inside incidentConfiguration.groupingConfiguration (through a $ref)',
      yaml('incidentConfiguration:', '  groupingConfiguration:', '    lookback: 5h'),
      ['3:5 warning unknown key "lookback" in incidentConfiguration.groupingConfiguration'],
    ],
    ['open mappings are not checked', yaml('customDetails:', '  Anything: Column', 'metadata:', '  whatever: 1'), []],
    [
      'datatypes is left to data-connectors',
      yaml('requiredDataConnectors:', '  - connectorId: X', '    datatypes: [T]'),
      [],
    ],
    [
      'other unknown connector keys are reported',
      yaml('requiredDataConnectors:', '  - connectorId: X', '    tables: [T]'),
      ['3:5 warning unknown key "tables" in requiredDataConnectors[0]'],
    ],
    [
      "names of Object.prototype's members are keys like any other, at the top level",
      yaml(
        '__proto__:',
        '  polluted: yes',
        'constructor:',
        '  prototype: {}',
        'toString: x',
        'hasOwnProperty: y',
        'valueOf: z',
      ),
      [
        '1:1 warning unknown key "__proto__"',
        '3:1 warning unknown key "constructor"',
        '5:1 warning unknown key "toString"',
        '6:1 warning unknown key "hasOwnProperty"',
        '7:1 warning unknown key "valueOf"',
      ],
    ],
    [
      "names of Object.prototype's members are keys like any other, nested",
      yaml(
        'entityMappings:',
        '  - entityType: IP',
        '    constructor: x',
        '    __proto__: {}',
        'incidentConfiguration:',
        '  createIncident: true',
        '  __proto__: { a: 1 }',
        '  isPrototypeOf: 1',
      ),
      [
        '3:5 warning unknown key "constructor" in entityMappings[0]',
        '4:5 warning unknown key "__proto__" in entityMappings[0]',
        '7:3 warning unknown key "__proto__" in incidentConfiguration',
        '8:3 warning unknown key "isPrototypeOf" in incidentConfiguration',
      ],
    ],
  ])('%s', (_, text, expected) => {
    expect(render(unknownKey, text)).toEqual(expected);
  });
});
