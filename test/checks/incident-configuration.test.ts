import { describe, expect, it } from 'vitest';
import { incidentConfiguration } from '../../src/validate/checks/incident-configuration.js';
import { render, yaml } from './run-check.js';

/** A rule mapping Host, defining custom detail Device, grouping with `lines` (at line 9 onwards). */
const rule = (...lines: string[]) =>
  yaml(
    'entityMappings:',
    '  - entityType: Host',
    '    fieldMappings:',
    '      - identifier: HostName',
    '        columnName: Computer',
    'customDetails:',
    '  Device: DeviceName',
    'incidentConfiguration:',
    '  createIncident: true',
    '  groupingConfiguration:',
    '    enabled: true',
    '    reopenClosedIncident: false',
    '    lookbackDuration: 5h',
    ...lines.map(l => `    ${l}`),
  );

describe('incident-configuration', () => {
  it.each<[string, string, string[]]>([
    [
      'Selected by a mapped entity, a detail and a custom detail',
      rule(
        'matchingMethod: Selected',
        'groupByEntities: [Host]',
        'groupByAlertDetails: [DisplayName]',
        'groupByCustomDetails: [Device]',
      ),
      [],
    ],
    ['AllEntities with empty lists', rule('matchingMethod: AllEntities', 'groupByEntities: []'), []],
    [
      'Selected with nothing to group by',
      rule('matchingMethod: Selected', 'groupByEntities: []', 'groupByCustomDetails: []'),
      [
        '14:21 error matchingMethod Selected needs at least one of groupByEntities, groupByAlertDetails, groupByCustomDetails',
      ],
    ],
    [
      'an entity type the rule does not map',
      rule('matchingMethod: Selected', 'groupByEntities: [Host, Account]'),
      ['15:29 error groupByEntities lists Account, which entityMappings does not map'],
    ],
    [
      'an unknown entity type',
      rule('matchingMethod: Selected', 'groupByEntities: [host]'),
      ['15:23 error unknown entity type "host"; did you mean "Host"?'],
    ],
    [
      'a custom detail the rule does not define',
      rule('matchingMethod: Selected', 'groupByCustomDetails: [Devices]'),
      ['15:28 error groupByCustomDetails lists "Devices", which customDetails does not define; did you mean "Device"?'],
    ],
    [
      'the column instead of the custom detail key',
      rule('matchingMethod: Selected', 'groupByCustomDetails: [DeviceName]'),
      [
        '15:28 error groupByCustomDetails lists "DeviceName", which customDetails does not define; did you mean "Device" (the key that maps this column)?',
      ],
    ],
    [
      'an unknown alert detail',
      rule('matchingMethod: Selected', 'groupByAlertDetails: [Name]'),
      ['15:27 error unknown alert detail "Name"'],
    ],
    [
      'a misspelt matching method',
      rule('matchingMethod: selected', 'groupByEntities: [Host]'),
      ['14:21 error unknown matchingMethod "selected"; did you mean "Selected"?'],
    ],
    [
      'group-by lists that AnyAlert ignores',
      rule('matchingMethod: AnyAlert', 'groupByEntities: [Host]'),
      ['15:22 warning groupByEntities is ignored unless matchingMethod is Selected (it is AnyAlert)'],
    ],
    ['a lookback of 7d', rule('matchingMethod: AllEntities').replace('5h', '7d'), []],
    [
      'a lookback of 8d',
      rule('matchingMethod: AllEntities').replace('5h', 'P8D'),
      ['13:23 error lookbackDuration is 8d; it must be between 5m and 7d'],
    ],
    [
      'a lookback of 1m',
      rule('matchingMethod: AllEntities').replace('5h', '1m'),
      ['13:23 error lookbackDuration is 1m; it must be between 5m and 7d'],
    ],
    [
      'a malformed lookback (duration-format reports it)',
      rule('matchingMethod: AllEntities').replace('5h', '5 hours'),
      [],
    ],
    [
      'grouping without reopenClosedIncident and matchingMethod',
      yaml(
        'incidentConfiguration:',
        '  createIncident: true',
        '  groupingConfiguration:',
        '    enabled: false',
        '    lookbackDuration: 5h',
      ),
      ['3:3 error groupingConfiguration is missing "reopenClosedIncident", "matchingMethod"'],
    ],
    [
      'an unmapped entity and an undefined custom detail while grouping is disabled',
      rule('matchingMethod: Selected', 'groupByEntities: [Account]', 'groupByCustomDetails: [Devices]').replace(
        'enabled: true',
        'enabled: false',
      ),
      [
        '15:23 warning groupByEntities lists Account, which entityMappings does not map (grouping is disabled, so this has no effect until it is enabled)',
        '16:28 warning groupByCustomDetails lists "Devices", which customDetails does not define; did you mean "Device"? (grouping is disabled, so this has no effect until it is enabled)',
      ],
    ],
    [
      'an unknown alert detail while grouping is disabled (the API refuses the value)',
      rule('matchingMethod: Selected', 'groupByAlertDetails: [Name]').replace('enabled: true', 'enabled: false'),
      ['15:27 error unknown alert detail "Name"'],
    ],
    ['no grouping configuration', yaml('incidentConfiguration:', '  createIncident: false'), []],
  ])('%s', (_, text, expected) => {
    expect(render(incidentConfiguration, text)).toEqual(expected);
  });
});
