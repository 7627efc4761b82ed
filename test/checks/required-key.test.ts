import { describe, expect, it } from 'vitest';
import { requiredKey } from '../../src/validate/checks/required-key.js';
import { render, yaml } from './run-check.js';

const BASE = [
  'id: 7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e',
  'name: A rule',
  'description: Finds things',
  'severity: Low',
  'query: T',
];

describe('required-key', () => {
  it.each<[string, string, string[]]>([
    ['a complete NRT rule', yaml(...BASE, 'kind: NRT'), []],
    [
      'a complete Scheduled rule',
      yaml(
        ...BASE,
        'kind: Scheduled',
        'queryFrequency: 1h',
        'queryPeriod: 1h',
        'triggerOperator: gt',
        'triggerThreshold: 0',
        'requiredDataConnectors: []',
      ),
      [],
    ],
    [
      'nothing but a name',
      yaml('name: x'),
      [
        '1:1 warning missing required key "description" (Microsoft\'s content CI requires it)',
        '1:1 error missing required key "id"',
        '1:1 error missing required key "kind"',
        '1:1 error missing required key "query"',
        '1:1 error missing required key "severity"',
      ],
    ],
    [
      'Scheduled without its schedule',
      yaml(...BASE, 'kind: Scheduled', 'triggerOperator: gt'),
      [
        '1:1 error missing required key "queryFrequency" (Scheduled rules need it)',
        '1:1 error missing required key "queryPeriod" (Scheduled rules need it)',
        '1:1 warning missing required key "requiredDataConnectors" (Microsoft\'s content CI requires it)',
        '1:1 error missing required key "triggerThreshold" (Scheduled rules need it)',
      ],
    ],
    [
      'null is a type problem (schema), not a missing key',
      yaml(...BASE.filter(l => !l.startsWith('description')), 'kind: NRT', 'description:'),
      [],
    ],
  ])('%s', (_, text, expected) => {
    expect(render(requiredKey, text)).toEqual(expected);
  });
});
