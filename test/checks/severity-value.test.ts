import { describe, expect, it } from 'vitest';
import { severityValue } from '../../src/validate/checks/severity-value.js';
import { render, yaml } from './run-check.js';

const ALL = 'Informational, Low, Medium, High';

describe('severity-value', () => {
  it.each<[string, string, string[]]>([
    ['High', yaml('severity: High'), []],
    ['Informational', yaml('severity: Informational'), []],
    [
      'lower case',
      yaml('severity: medium'),
      [`1:11 error severity "medium" is not one of ${ALL}; did you mean "Medium"?`],
    ],
    ['Critical', yaml('severity: Critical'), [`1:11 error severity "Critical" is not one of ${ALL}`]],
    [
      'Info (typo)',
      yaml('severity: Informationl'),
      [`1:11 error severity "Informationl" is not one of ${ALL}; did you mean "Informational"?`],
    ],
    ['empty', yaml('severity:'), [`1:1 error severity must be one of ${ALL}, not null`]],
  ])('%s', (_, text, expected) => {
    expect(render(severityValue, text)).toEqual(expected);
  });
});
