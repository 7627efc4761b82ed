import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { queryLookback } from '../../src/validate/checks/query-lookback.js';
import type { ValidateOptions } from '../../src/validate/check.js';
import { render, yaml } from './run-check.js';

// The literals come from the KQL stage; syntax mode needs no schemas, and no cache keeps the runs independent.
const KQL: ValidateOptions = { kql: { mode: 'syntax', cwd: tmpdir() } };

/** A Scheduled rule over `period` whose query (a literal block, its text from line 5) is `lines`. */
const rule = (period: string, ...lines: string[]) =>
  yaml('kind: Scheduled', 'queryFrequency: 5m', `queryPeriod: ${period}`, 'query: |', ...lines.map(l => `  ${l}`));

const beyond = (literal: string, period: string) =>
  `warning the query looks back ${literal}, but queryPeriod is ${period}: Sentinel gives the query only the last ${period} of data, so nothing older is there`;

describe('query-lookback', () => {
  it.each<[string, string, string[]]>([
    ['ago(30d) over 5h', rule('5h', 'SigninLogs', '| where TimeGenerated > ago(30d)'), [`6:31 ${beyond('30d', '5h')}`]],
    [
      'a window entirely before the period',
      rule('5h', 'SigninLogs', '| where TimeGenerated between (ago(14d) .. ago(1d))'),
      [`6:38 ${beyond('14d', '5h')}`, `6:50 ${beyond('1d', '5h')}`],
    ],
    [
      'a let-bound lookback, reported at the literal the let binds',
      rule('1d', 'let lookback = 7d;', 'SigninLogs', '| where TimeGenerated > ago(lookback)'),
      [`5:18 ${beyond('7d', '1d')}`],
    ],
    [
      'now(-30d) and now() - 2d',
      rule('1d', 'SigninLogs', '| where TimeGenerated > now(-30d) or TimeGenerated < now() - 2d'),
      [`6:32 ${beyond('30d', '1d')}`, `6:64 ${beyond('2d', '1d')}`],
    ],
    ['within the period, or equal to it', rule('PT5H', 'T', '| where TimeGenerated > ago(5h) and x > ago(1h)'), []],
    ['ahead, not back', rule('1h', 'T', '| where TimeGenerated < now(1d) and x < ago(-1d)'), []],
    ['a let name bound twice is not guessed', rule('1h', 'let lb = 1h;', 'let lb = 2d;', 'T | where x > ago(lb)'), []],
    ['a computed lookback is not a literal', rule('1h', 'T | where x > ago(2 * totimespan(y))'), []],
    ['NRT rules have no queryPeriod', rule('1h', 'T | where x > ago(2d)').replace('Scheduled', 'NRT'), []],
    ['no queryPeriod', yaml('kind: Scheduled', 'query: T | where x > ago(2d)'), []],
    ['a query that does not parse', rule('1h', 'T | where x > ago(2d) and and'), []],
  ])('%s', (_, text, expected) => {
    expect(render(queryLookback, text, KQL)).toEqual(expected);
  });

  it('points into a quoted query too', () => {
    const text = yaml('kind: Scheduled', 'queryPeriod: 1h', 'query: "T\\n| where x > ago(1d)"');
    expect(render(queryLookback, text, KQL)).toEqual([`3:28 ${beyond('1d', '1h')}`]);
  });

  it('needs the KQL stage: with --kql off there is no syntax tree to read', () => {
    expect(render(queryLookback, rule('5h', 'T | where x > ago(30d)'))).toEqual([]);
  });
});
