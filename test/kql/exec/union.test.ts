// Conformance tests for union, distinct and range, from the Kusto documentation's examples.
import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/kql/exec/table.js';
import { NOW, problem, q, rows } from './helpers.js';

const table = (columns: Table['columns'], data: Table['rows']): Table => ({ columns, rows: data });
const tables = new Map<string, Table>([
  [
    'Query',
    table(
      [
        { name: 'Timestamp', type: 'datetime' },
        { name: 'UserId', type: 'string' },
      ],
      [
        [NOW - 10_000_000n, 'u1'],
        [NOW - 20_000_000n, 'u2'],
      ],
    ),
  ],
  [
    'Command',
    table(
      [
        { name: 'Timestamp', type: 'datetime' },
        { name: 'UserId', type: 'string' },
        { name: 'Text', type: 'string' },
      ],
      [[NOW - 30_000_000n, 'u2', 'cmd']],
    ),
  ],
]);

describe('union (union-operator)', () => {
  it('withsource names the table each row came from; kind=outer keeps every column', () => {
    const r = q('union withsource=SourceTable kind=outer Query, Command', { tables });
    expect(r.columns).toEqual(['SourceTable:string', 'Timestamp:datetime', 'UserId:string', 'Text:string']);
    expect(r.rows).toEqual([
      ['Query', '2024-01-15T11:59:59Z', 'u1', ''],
      ['Query', '2024-01-15T11:59:58Z', 'u2', ''],
      ['Command', '2024-01-15T11:59:57Z', 'u2', 'cmd'],
    ]);
  });

  it('the distinct-count example: the same answer piped or not', () => {
    expect(
      rows(
        'union withsource=SourceTable kind=outer Query, Command | where Timestamp > ago(1d) | summarize dcount(UserId)',
        {
          tables,
        },
      ),
    ).toEqual([[2]]);
    expect(
      rows(
        'Query | where Timestamp > ago(1d) | union (Command | where Timestamp > ago(1d)) | summarize dcount(UserId)',
        {
          tables,
        },
      ),
    ).toEqual([[2]]);
    // With withsource, the page's piped form names sources that are not tables: refused (see below).
    expect(
      problem(
        'Query | where Timestamp > ago(1d) | union withsource=SourceTable kind=outer (Command | where Timestamp > ago(1d)) | summarize dcount(UserId)',
        { tables },
      ).kind,
    ).toBe('unsupported');
  });

  it('piped: the input is the first source; columns follow their first appearance', () => {
    expect(q('print a=1 | union (print b="x"), (print a=2, b="y")')).toEqual({
      columns: ['a:long', 'b:string'],
      rows: [
        [1, ''],
        [null, 'x'],
        [2, 'y'],
      ],
    });
  });

  it('isfuzzy=true leaves out sources that do not resolve', () => {
    const views =
      'let View_1 = view () { print x=1 }; let View_2 = view () { print x=1 }; let OtherView_1 = view () { print x=1 };\n';
    expect(
      rows(`${views}union isfuzzy=true (View_1 | where x > 0), (View_2 | where x > 0), (View_3 | where x > 0) | count`),
    ).toEqual([[2]]);
    expect(rows('union isfuzzy=true Query, Missing_CL', { tables })).toHaveLength(2);
    expect(problem('union isfuzzy=true Missing1, Missing2').message).toMatch(/found none of its sources/);
    // A property of a dynamic value (d.a) is a name without a symbol too, but not a missing source.
    expect(
      rows(
        'union isfuzzy=true (print d = dynamic({"a": 1}) | extend e = d.a), (print d = dynamic({"a": 2})), Missing_CL',
      ),
    ).toEqual([
      ['{"a":1}', '1'],
      ['{"a":2}', null],
    ]);
  });

  it('a column with several types becomes one column per type, suffixed with the type', () => {
    const r = q(
      'let View_1 = view () { print x=1 }; let View_2 = view () { print x=int(2) }; union withsource=TableName View_1, View_2',
    );
    expect(r).toEqual({
      columns: ['TableName:string', 'x_long:long', 'x_int:int'],
      rows: [
        ['View_1', 1, null],
        ['View_2', null, 2],
      ],
    });
  });

  it('refuses a suffixed name that another source also has: the page and the binder name them differently', () => {
    const p = problem(
      'let View_1 = view () { print x=1 }; let View_2 = view () { print x=int(2) }; let View_3 = view () { print x_long=3 }; union withsource=TableName View_1, View_2, View_3',
    );
    expect(p.kind).toBe('unsupported');
  });

  it('a name of types int, int, string is one column per type (the library alone would keep only int)', () => {
    expect(
      q('union (datatable(D:int, S:int)[1, 2]), (datatable(D:int)[3]), (datatable(D:string, S:string)["x", "y"])'),
    ).toEqual({
      columns: ['D_int:int', 'D_string:string', 'S_int:int', 'S_string:string'],
      rows: [
        [1, '', 2, ''],
        [3, '', null, ''],
        [null, 'x', null, 'y'],
      ],
    });
    expect(rows('union (datatable(D:int)[1]), (datatable(D:int)[3]), (datatable(D:string)["x"]) | count')).toEqual([
      [3],
    ]);
  });

  it('the name of a column split by type is no longer a column after the union (a semantic error, as in Kusto)', () => {
    const p = problem('union (datatable(D:int)[1]), (datatable(D:int)[3]), (datatable(D:string)["x"]) | project D');
    expect(p.kind).toBe('semantic');
  });

  it('wildcards: every table whose name matches', () => {
    const data = new Map<string, Table>([
      ['SecA', table([{ name: 'a', type: 'long' }], [[1]])],
      ['SecB', table([{ name: 'a', type: 'long' }], [[2], [3]])],
      ['Other', table([{ name: 'a', type: 'long' }], [[4]])],
    ]);
    const r = q('union withsource=T Sec* | sort by a asc', { tables: data });
    expect(r.rows).toEqual([
      ['SecA', 1],
      ['SecB', 2],
      ['SecB', 3],
    ]);
  });

  it('withsource for a source that is not a table or view: refused (Kusto names those union_argN, undocumented)', () => {
    expect(problem('union withsource=S (print a=1), (print a=2)').kind).toBe('unsupported');
  });

  it('kind=inner: run when the sources share their columns, refused otherwise', () => {
    expect(rows('union kind=inner (print a=1), (print a=2)')).toEqual([[1], [2]]);
    expect(problem('union kind=inner (print a=1), (print a=2, b=3)').kind).toBe('unsupported');
  });
});

describe('distinct (distinct-operator)', () => {
  it('the distinct combinations of the columns, in first-seen order', () => {
    const r = q(`datatable(State:string, EventType:string, InjuriesDirect:long)
["TEXAS","Winter Weather",50, "KANSAS","Tornado",60, "TEXAS","Winter Weather",70, "TEXAS","Heat",46, "KANSAS","Hail",1]
| where InjuriesDirect > 45 | distinct State, EventType`);
    expect(r).toEqual({
      columns: ['State:string', 'EventType:string'],
      rows: [
        ['TEXAS', 'Winter Weather'],
        ['KANSAS', 'Tornado'],
        ['TEXAS', 'Heat'],
      ],
    });
  });

  it('* means every column; null is one value of its own', () => {
    expect(rows('datatable(a:long, b:string)[1,"x", 1,"x", long(null),"y", long(null),"y"] | distinct *')).toEqual([
      [1, 'x'],
      [null, 'y'],
    ]);
  });
});

describe('range (range-operator)', () => {
  it('from start by step up to and including stop', () => {
    expect(q('range Steps from 1 to 8 step 3')).toEqual({ columns: ['Steps:long'], rows: [[1], [4], [7]] });
  });

  it('datetimes with a timespan step; the union of two ranges', () => {
    expect(rows('range LastWeek from ago(7d) to now() step 1d')).toHaveLength(8);
    const r = rows(`let Range1 = range Time from datetime(2024-01-01) to datetime(2024-01-05) step 1d;
let Range2 = range Time from datetime(2024-01-06) to datetime(2024-01-10) step 1d;
union Range1, Range2 | order by Time asc`);
    expect(r.map(x => x[0])).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(d => `2024-01-${String(d).padStart(2, '0')}T00:00:00Z`),
    );
  });

  it('is empty when stop is below start', () => {
    expect(rows('range x from 5 to 1 step 1')).toEqual([]);
  });

  it('a huge range stops with the row limit before making its rows', () => {
    const started = Date.now();
    const p = problem('range x from 1 to 1000000000000 step 1');
    expect(p.kind).toBe('limit');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses steps that are not positive and real ranges that are not whole numbers', () => {
    expect(problem('range x from 5 to 1 step -1').kind).toBe('unsupported');
    expect(problem('range x from 0.0 to 1.0 step 0.1').kind).toBe('unsupported');
    expect(rows('range x from 1.0 to 3.0 step 1.0')).toEqual([[1], [2], [3]]);
  });
});
