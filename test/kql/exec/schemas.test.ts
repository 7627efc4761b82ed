// How the engine reads the schemas it is given: tables and function results as Kusto would hold them.
import { describe, expect, it } from 'vitest';
import type { FunctionDef, TableDef } from '../../../src/kql/schema-types.js';
import { problem, q } from './helpers.js';

// A schema file of the content repository may list a column twice; a Kusto table cannot have two columns of one
// name, so the engine keeps the first (the one the binder resolves the name to).
describe('a schema that lists a column twice', () => {
  const tables: TableDef[] = [
    {
      name: 'Dup',
      source: 'test',
      columns: [
        { name: 'A', type: 'real' },
        { name: 'B', type: 'string' },
        { name: 'A', type: 'string' },
      ],
    },
  ];
  const schemas = { tables, functions: [] };

  it('is one column in extend, mv-expand and project-rename', () => {
    expect(q('Dup | extend C = 1', { schemas }).columns).toEqual(['A:real', 'B:string', 'C:long']);
    expect(q('Dup | mv-expand d = dynamic([1, 2])', { schemas }).columns).toEqual(['A:real', 'B:string', 'd:dynamic']);
    expect(q('Dup | project-rename Z = B', { schemas }).columns).toEqual(['A:real', 'Z:string']);
  });

  it('keeps the first type of the name', () => {
    expect(q('Dup | extend x = A + 1 | project x', { schemas }).columns).toEqual(['x:real']);
  });
});

describe('declare query_parameters (query-parameters-statement)', () => {
  it("the page's example: a parameter the request does not give takes its default", () => {
    const data = new Map([
      [
        'StormEvents',
        {
          columns: [
            { name: 'EpisodeId', type: 'int' as const },
            { name: 'InjuriesDirect', type: 'int' as const },
            { name: 'InjuriesIndirect', type: 'int' as const },
          ],
          rows: [
            [12459, 100, 37],
            [1, 3, 4],
          ],
        },
      ],
    ]);
    const r = q(
      'declare query_parameters(maxInjured:long = 90); StormEvents | where InjuriesDirect + InjuriesIndirect > maxInjured | project EpisodeId, totalInjuries = InjuriesDirect + InjuriesIndirect',
      { tables: data },
    );
    expect(r.rows).toEqual([[12459, 137]]);
  });

  it('defaults of other types; a parameter without a default is refused where it is used', () => {
    expect(q('declare query_parameters(lb:timespan = 14d, id:string = "x"); print lb, id').rows).toEqual([
      ['14.00:00:00', 'x'],
    ]);
    expect(q('declare query_parameters(t:string); print 1').rows).toEqual([[1]]);
    const p = problem('declare query_parameters(t:string); print t');
    expect(p.kind).toBe('unsupported');
    expect(p.message).toMatch(/query parameter t/);
  });
});

// An ASIM parser has an open schema (its common columns); the content repository's schema files also describe its
// output as a table of the same name: the columns the query names take those types, and with no rows the query runs.
describe('an open parser with a table schema of its name', () => {
  const schemas: { tables: TableDef[]; functions: FunctionDef[] } = {
    functions: [
      {
        name: 'imThing',
        parameters: [],
        columns: [{ name: 'TimeGenerated', type: 'datetime' }],
        open: true,
        source: 't',
      },
    ],
    tables: [
      {
        name: 'imThing',
        source: 't',
        columns: [
          { name: 'Process', type: 'string' },
          { name: 'Count', type: 'long' },
        ],
      },
    ],
  };

  it('types the columns the query names from that schema', () => {
    expect(q("imThing | where Process has 'x' | project Process, Count", { schemas })).toEqual({
      columns: ['Process:string', 'Count:long'],
      rows: [],
    });
  });
});

// The built-in imRegistry parser types the Registry Event schema's text fields
// (https://learn.microsoft.com/azure/sentinel/normalization-schema-registry-event), so a rule over it runs with no
// rows, as over the real parser, whose result has those columns (PotentialFodhelperUACBypass(ASIMVersion)).
describe('the built-in imRegistry parser (normalization-schema-registry-event)', () => {
  it('has the registry, actor and process fields as strings', async () => {
    const { builtinFunctions } = await import('../../../src/kql/builtins.js');
    const schemas = { tables: [], functions: builtinFunctions() };
    const query = `imRegistry
      | where EventType in ("RegistryValueSet", "RegistryKeyCreated")
      | where RegistryKey has "Software\\\\Classes\\\\ms-settings\\\\shell\\\\open\\\\command"
      | project Dvc, RegistryKey, RegistryValueData, ActingProcessName, ParentProcessName`;
    expect(q(query, { schemas })).toEqual({
      columns: [
        'Dvc:string',
        'RegistryKey:string',
        'RegistryValueData:string',
        'ActingProcessName:string',
        'ParentProcessName:string',
      ],
      rows: [],
    });
  });
});
