import { describe, expect, it } from 'vitest';
import { alertDetailsOverride } from '../../src/validate/checks/alert-details-override.js';
import { render, yaml } from './run-check.js';

const override = (...entries: string[]) => yaml('alertDetailsOverride:', ...entries.map(e => `  ${e}`));
const name = (text: string) => override(`alertDisplayNameFormat: ${text}`);

describe('alert-details-override', () => {
  it.each<[string, string, string[]]>([
    ['placeholders', name('Sign-in by {{User}} from {{IPAddress}}'), []],
    ['no placeholder', override('alertDescriptionFormat: A plain description'), []],
    ['three placeholders', name("'{{A}} {{B}} {{C}}'"), []],
    [
      'four placeholders',
      name("'{{A}} {{B}} {{C}} {{D}}'"),
      ['2:27 error alertDisplayNameFormat has 4 {{column}} placeholders; at most 3 are allowed'],
    ],
    [
      'a missing closing brace (two corpus rules)',
      name('Failures from {{SrcIpAddr} '),
      ['2:27 error alertDisplayNameFormat has an unbalanced placeholder: every {{ needs a matching }}'],
    ],
    [
      'a stray closing pair',
      name('from SrcIpAddr}}'),
      ['2:27 error alertDisplayNameFormat has an unbalanced placeholder: every {{ needs a matching }}'],
    ],
    [
      'an empty placeholder',
      name("'From {{ }}'"),
      ['2:27 error alertDisplayNameFormat has an empty placeholder {{ }}'],
    ],
    [
      'a placeholder that is no column',
      name('From {{Src Ip}}'),
      ['2:27 error alertDisplayNameFormat placeholder {{Src Ip}} does not name a column'],
    ],
    ['an empty format', name("''"), ['2:27 error alertDisplayNameFormat is empty']],
    [
      'a display name of 257 characters',
      name('n'.repeat(257)),
      ['2:27 error alertDisplayNameFormat is 257 characters long; at most 256 are allowed'],
    ],
    ['a description of 5000 characters', override(`alertDescriptionFormat: ${'d'.repeat(5000)}`), []],
    [
      'a description of 5001 characters',
      override(`alertDescriptionFormat: ${'d'.repeat(5001)}`),
      ['2:27 error alertDescriptionFormat is 5001 characters long; at most 5000 are allowed'],
    ],
    ['column overrides', override('alertTacticsColumnName: Tactics', 'alertSeverityColumnName: Sev'), []],
    [
      'a severity column that is no column',
      override('alertSeverityColumnName: Sev Level'),
      [
        '2:28 error alertSeverityColumnName "Sev Level" is not a column name (letters, digits and _, not starting with a digit)',
      ],
    ],
  ])('%s', (_, text, expected) => {
    expect(render(alertDetailsOverride, text)).toEqual(expected);
  });
});
