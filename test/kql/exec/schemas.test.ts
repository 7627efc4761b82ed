// How the engine reads the schemas it is given: tables and function results as Kusto would hold them.
import { describe, expect, it } from 'vitest';
import type { TableDef } from '../../../src/kql/schema-types.js';
import { q } from './helpers.js';

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
