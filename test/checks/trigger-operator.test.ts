import { describe, expect, it } from 'vitest';
import { triggerOperator } from '../../src/validate/checks/trigger-operator.js';
import { render, yaml } from './run-check.js';

const op = (value: string) => yaml('kind: Scheduled', `triggerOperator: ${value}`);
const ALL = 'gt, lt, eq, ne, GreaterThan, LessThan, Equal, NotEqual';

describe('trigger-operator', () => {
  it.each<[string, string, string[]]>([
    ['short form', op('gt'), []],
    ['long form', op('GreaterThan'), []],
    ['Equals', op('Equals'), [`2:18 error triggerOperator is "Equals"; expected one of ${ALL}; did you mean "Equal"?`]],
    ['wrong case', op('GT'), [`2:18 error triggerOperator is "GT"; expected one of ${ALL}; did you mean "gt"?`]],
    [
      'ge has no API equivalent',
      op('ge'),
      ['2:18 error triggerOperator "ge" does not exist; the API has no greater- or less-or-equal comparison'],
    ],
    ['not a string', op('1'), [`2:18 error triggerOperator is number 1; expected one of ${ALL}`]],
    [
      "a name of Object.prototype's members",
      op('constructor'),
      [`2:18 error triggerOperator is "constructor"; expected one of ${ALL}`],
    ],
    ['NRT is not checked', yaml('kind: NRT', 'triggerOperator: Equals'), []],
  ])('%s', (_, text, expected) => {
    expect(render(triggerOperator, text)).toEqual(expected);
  });
});
