import { describe, expect, it } from 'vitest';
import { dataConnectors } from '../../src/validate/checks/data-connectors.js';
import { render, yaml } from './run-check.js';

const connector = (...lines: string[]) =>
  yaml('requiredDataConnectors:', ...lines.map((l, i) => (i ? `    ${l}` : `  - ${l}`)));

describe('data-connectors', () => {
  it.each<[string, string, string[]]>([
    ['a known connector', connector('connectorId: AzureActiveDirectory', 'dataTypes:', '  - SigninLogs'), []],
    ['no connectors', yaml('requiredDataConnectors: []'), []],
    [
      'datatypes (nine corpus rules)',
      connector('connectorId: AzureActiveDirectory', 'datatypes:', '  - SigninLogs'),
      [
        '3:5 warning "datatypes" is read as "dataTypes" only by case-insensitive readers such as Microsoft\'s content CI',
      ],
    ],
    [
      'connectorid',
      connector('connectorid: AzureActiveDirectory', 'dataTypes: [SigninLogs]'),
      [
        '2:5 warning "connectorid" is read as "connectorId" only by case-insensitive readers such as Microsoft\'s content CI',
      ],
    ],
    [
      'an unknown connector id under connectorid',
      connector('connectorid: AzureActiveDirectry', 'dataTypes: [SigninLogs]'),
      [
        '2:5 warning "connectorid" is read as "connectorId" only by case-insensitive readers such as Microsoft\'s content CI',
        '2:18 warning connector id "AzureActiveDirectry" is not a known data connector; did you mean "AzureActiveDirectory"?',
      ],
    ],
    [
      'no dataTypes at all',
      connector('connectorId: AzureActiveDirectory'),
      ['2:5 error this requiredDataConnectors item has no dataTypes'],
    ],
    [
      'an unknown connector',
      connector('connectorId: AzureActiveDirectry', 'dataTypes: [SigninLogs]'),
      [
        '2:18 warning connector id "AzureActiveDirectry" is not a known data connector; did you mean "AzureActiveDirectory"?',
      ],
    ],
  ])('%s', (_, text, expected) => {
    expect(render(dataConnectors, text)).toEqual(expected);
  });
});
