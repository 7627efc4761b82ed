import { describe, expect, it } from 'vitest';
import { codeOnly, queryWildcard } from '../../src/validate/checks/query-wildcard.js';
import { render, yaml } from './run-check.js';

const query = (...lines: string[]) => yaml('query: |', ...lines.map(l => `  ${l}`));

describe('query-wildcard', () => {
  it.each<[string, string, string[]]>([
    ['named tables', query('union SecurityEvent, WindowsEvent', '| where EventID == 4663'), []],
    [
      'union *',
      query('union *', '| take 10'),
      ['1:8 error query line 1 uses "union *", which scans every table; the service rejects it'],
    ],
    [
      'search * after a let',
      query('let x = 1;', 'search * | where Computer == "a"'),
      ['1:8 error query line 2 uses "search *", which scans every table; the service rejects it'],
    ],
    [
      'union with parameters',
      query('union isfuzzy=true withsource=T *'),
      ['1:8 error query line 1 uses "union *", which scans every table; the service rejects it'],
    ],
    ['in a comment', query('// union * was too slow', 'SecurityEvent'), []],
    ['in a string', query('SecurityEvent | where CommandLine has "search *"'), []],
    ['in a verbatim string', query("SecurityEvent | where x == @'union *'"), []],
    ['a wildcard table pattern', query('union Security* | take 1'), []],
    ['multiplication', query('T | extend y = union_count * 2'), []],
  ])('%s', (_, text, expected) => {
    expect(render(queryWildcard, text)).toEqual(expected);
  });

  it('blanks comments and strings but keeps offsets', () => {
    const q = 'a // c\n"s" b';
    expect(codeOnly(q)).toBe('a     \n    b');
    expect(codeOnly(q)).toHaveLength(q.length);
  });
});
