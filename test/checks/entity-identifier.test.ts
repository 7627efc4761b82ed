import { describe, expect, it } from 'vitest';
import { entityIdentifier } from '../../src/validate/checks/entity-identifier.js';
import { render, yaml } from './run-check.js';

const mapping = (type: string, ...ids: string[]) =>
  yaml(
    'entityMappings:',
    `  - entityType: ${type}`,
    '    fieldMappings:',
    ...ids.flatMap((id, i) => [`      - identifier: ${id}`, `        columnName: Col${i}`]),
  );

describe('entity-identifier', () => {
  it.each<[string, string, string[]]>([
    ['Account by FullName', mapping('Account', 'FullName'), []],
    ['Account by Name and NTDomain', mapping('Account', 'Name', 'NTDomain'), []],
    ['SecurityGroup by SID', mapping('SecurityGroup', 'SID'), []],
    ['FileHash with both required', mapping('FileHash', 'Algorithm', 'Value'), []],
    [
      'Account Sid spelt SID',
      mapping('Account', 'SID'),
      ['4:21 error "SID" is not an identifier of entity type Account; did you mean "Sid"?'],
    ],
    [
      'SecurityGroup SID spelt Sid',
      mapping('SecurityGroup', 'Sid'),
      ['4:21 error "Sid" is not an identifier of entity type SecurityGroup; did you mean "SID"?'],
    ],
    [
      'an identifier of another type',
      mapping('IP', 'HostName'),
      ['4:21 error "HostName" is not an identifier of entity type IP'],
    ],
    [
      'a duplicate identifier',
      mapping('Host', 'HostName', 'HostName'),
      ['6:21 error identifier "HostName" is mapped twice in this Host mapping'],
    ],
    [
      'no required identifier',
      mapping('Account', 'NTDomain'),
      [
        '4:7 error this Account mapping lacks a required identifier: map FullName, Sid, Name, AadUserId, PUID or ObjectGuid',
      ],
    ],
    [
      'FileHash needs both',
      mapping('FileHash', 'Value'),
      ['4:7 error this FileHash mapping lacks a required identifier: map Algorithm and Value'],
    ],
    [
      'an identifier only the docs list',
      mapping('IP', 'Address', 'AddressScope'),
      ['6:21 warning "AddressScope" is documented for IP but not in the service\'s list of IP identifiers'],
    ],
    ['an unknown entity type (entity-type reports it)', mapping('Spaceship', 'Name'), []],
  ])('%s', (_, text, expected) => {
    expect(render(entityIdentifier, text)).toEqual(expected);
  });
});
