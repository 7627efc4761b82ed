// Calls of functions and tables that corpus rules make: table() of a parameter, workspace parsers with their
// default arguments, and the `<>` spelling of !=.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadSchemas } from '../../../src/kql/schemas.js';
import { q, rows } from './helpers.js';

const schemas = loadSchemas(path.resolve(import.meta.dirname, '../../..'));
const T = { columns: [{ name: 'x', type: 'long' as const }], rows: [[1], [2], [3]] };

describe('function calls (functions/user-defined-functions)', () => {
  test('table() of a function parameter reads that table (table-function)', () => {
    expect(rows('let f = (name:string) { table(name) | count }; f("T")', { tables: new Map([['T', T]]) })).toEqual([
      [3],
    ]);
  });

  test('an ASIM parser called with no arguments: its datetime(null) and dynamic([]) defaults', () => {
    expect(rows('_Im_Dns() | count', { schemas })).toEqual([[0]]);
    expect(rows('imAuthentication | count', { schemas })).toEqual([[0]]);
  });

  test('the ASIM File Event and Authentication columns are typed as their schema pages type them', () => {
    // The corpus shape: renamed parser columns in a union leg, whose output type must be known to run.
    const r = q(
      'imFileEvent | extend Account = ActorUsername, Computer = DvcHostname | project Computer, Account, TargetFileName, TargetFileCreationTime',
      { schemas },
    );
    expect(r).toEqual({
      columns: ['Computer:string', 'Account:string', 'TargetFileName:string', 'TargetFileCreationTime:datetime'],
      rows: [],
    });
    expect(q('imAuthentication | summarize count() by TargetUserId, SrcIpAddr', { schemas }).columns).toEqual([
      'TargetUserId:string',
      'SrcIpAddr:string',
      'count_:long',
    ]);
  });
});

describe('<> (numerical-operators: not equal)', () => {
  test('is !=', () => {
    expect(rows('print a = 1 <> 2, b = 2 <> 2')).toEqual([[true, false]]);
  });
});
