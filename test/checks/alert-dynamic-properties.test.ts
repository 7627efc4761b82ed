import { describe, expect, it } from 'vitest';
import { alertDynamicProperties } from '../../src/validate/checks/alert-dynamic-properties.js';
import { render, yaml } from './run-check.js';

const props = (...pairs: [string, string][]) =>
  yaml(
    'alertDetailsOverride:',
    '  alertDynamicProperties:',
    ...pairs.flatMap(([p, v]) => [`    - alertProperty: ${p}`, `      value: ${v}`]),
  );

describe('alert-dynamic-properties', () => {
  it.each<[string, string, string[]]>([
    ['valid properties', props(['AlertLink', 'Link'], ['ProductName', 'Product']), []],
    [
      'a misspelt property',
      props(['Alertlink', 'Link']),
      ['3:22 error unknown alertProperty "Alertlink"; did you mean "AlertLink"?'],
    ],
    [
      'a property set twice',
      props(['ProductName', 'A'], ['ProductName', 'B']),
      ['5:22 error alertProperty ProductName is set twice'],
    ],
    [
      'a value that is no column',
      props(['RemediationSteps', "'see the wiki'"]),
      ['4:14 error value "see the wiki" is not a column name (letters, digits and _, not starting with a digit)'],
    ],
  ])('%s', (_, text, expected) => {
    expect(render(alertDynamicProperties, text)).toEqual(expected);
  });
});
