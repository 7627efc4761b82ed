// Conformance tests for join and lookup, from the Kusto documentation's examples (each describe names its page).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/kql/exec/table.js';
import { problem, q, rows } from './helpers.js';

const sorted = (r: unknown[][]) => [...r].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

// The X and Y tables every join flavor page uses.
const XY = `let X = datatable(Key:string, Value1:long) ['a',1, 'b',2, 'b',3, 'c',4];
let Y = datatable(Key:string, Value2:long) ['b',10, 'c',20, 'c',30, 'd',40];
`;

describe('join kind=inner (join-inner)', () => {
  it('pairs every left row with every right row of the same key', () => {
    const r = q(`let X = datatable(Key:string, Value1:long) ['a',1, 'b',2, 'b',3, 'k',5, 'c',4];
let Y = datatable(Key:string, Value2:long) ['b',10, 'c',20, 'c',30, 'd',40, 'k',50];
X | join kind=inner Y on Key`);
    expect(r.columns).toEqual(['Key:string', 'Value1:long', 'Key1:string', 'Value2:long']);
    expect(sorted(r.rows)).toEqual([
      ['b', 2, 'b', 10],
      ['b', 3, 'b', 10],
      ['c', 4, 'c', 20],
      ['c', 4, 'c', 30],
      ['k', 5, 'k', 50],
    ]);
  });

  it('matches strings case-sensitively, and empty strings match each other', () => {
    expect(
      rows(
        `datatable(k:string, a:long)['A',1, '',2] | join kind=inner (datatable(k:string, b:long)['a',10, '',20]) on k`,
      ),
    ).toEqual([['', 2, '', 20]]);
  });

  it('never matches null keys, not even with each other', () => {
    expect(
      rows(
        `datatable(k:long, a:long)[long(null),1, 2,2] | join kind=inner (datatable(k:long, b:long)[long(null),10, 2,20]) on k`,
      ),
    ).toEqual([[2, 2, 2, 20]]);
  });

  it('refuses NaN keys (whether they match each other is not documented)', () => {
    expect(problem('print k = real(nan) | join kind=inner (print k = real(nan)) on k').kind).toBe('unsupported');
  });

  it('matches int and long keys of the same value', () => {
    expect(
      rows('datatable(k:int)[1, 2] | join kind=inner (datatable(k:long, b:string)[1, "one"]) on $left.k == $right.k'),
    ).toEqual([[1, 1, 'one']]);
  });
});

describe('join kind=innerunique, the default (join-innerunique)', () => {
  it('keeps one left row per key when the rows that share it are identical', () => {
    const r = q(`let X = datatable(Key:string, Value1:long) ['a',1, 'b',2, 'b',2, 'c',4];
let Y = datatable(Key:string, Value2:long) ['b',10, 'c',20, 'c',30, 'd',40];
X | join Y on Key`);
    expect(r.columns).toEqual(['Key:string', 'Value1:long', 'Key1:string', 'Value2:long']);
    expect(sorted(r.rows)).toEqual([
      ['b', 2, 'b', 10],
      ['c', 4, 'c', 20],
      ['c', 4, 'c', 30],
    ]);
  });

  it('refuses left rows that share a matched key but differ: Kusto keeps either one (the page shows both outputs)', () => {
    const p = problem(`let t1 = datatable(key: long, value: string) [1, "val1.1", 1, "val1.2"];
let t2 = datatable(key: long, value: string) [1, "val1.3", 1, "val1.4"];
t1 | join kind = innerunique t2 on key`);
    expect(p.kind).toBe('unsupported');
    expect(p.message).toMatch(/innerunique.*key=1.*not determined.*kind=inner/);
    // The default kind is innerunique: the page's first example has b,2 and b,3 on the left.
    expect(problem(`${XY}X | join Y on Key`).message).toMatch(/Key=b/);
  });

  it('does not mind differing duplicates whose key finds no match', () => {
    expect(
      rows(`let X = datatable(Key:string, V:long) ['a',1, 'a',2, 'b',3];
let Y = datatable(Key:string, W:long) ['b',10];
X | join Y on Key`),
    ).toEqual([['b', 3, 'b', 10]]);
  });
});

describe('join kind=leftouter (join-leftouter)', () => {
  it('keeps every left row, with nulls where the right has no match', () => {
    expect(sorted(rows(`${XY}X | join kind=leftouter Y on Key`))).toEqual([
      ['a', 1, '', null],
      ['b', 2, 'b', 10],
      ['b', 3, 'b', 10],
      ['c', 4, 'c', 20],
      ['c', 4, 'c', 30],
    ]);
  });
});

describe('join kind=rightouter (join-rightouter)', () => {
  it('keeps every right row, with nulls where the left has no match', () => {
    expect(sorted(rows(`${XY}X | join kind=rightouter Y on Key`))).toEqual([
      ['', null, 'd', 40],
      ['b', 2, 'b', 10],
      ['b', 3, 'b', 10],
      ['c', 4, 'c', 20],
      ['c', 4, 'c', 30],
    ]);
  });
});

describe('join kind=fullouter (join-fullouter)', () => {
  it('keeps the rows of both sides', () => {
    expect(sorted(rows(`${XY}X | join kind=fullouter Y on Key`))).toEqual([
      ['', null, 'd', 40],
      ['a', 1, '', null],
      ['b', 2, 'b', 10],
      ['b', 3, 'b', 10],
      ['c', 4, 'c', 20],
      ['c', 4, 'c', 30],
    ]);
  });
});

describe('join kind=leftsemi / rightsemi (join-leftsemi, join-rightsemi)', () => {
  it('leftsemi: the left rows that have a match, left columns only', () => {
    const r = q(`${XY}X | join kind=leftsemi Y on Key`);
    expect(r.columns).toEqual(['Key:string', 'Value1:long']);
    expect(r.rows).toEqual([
      ['b', 2],
      ['b', 3],
      ['c', 4],
    ]);
  });

  it('rightsemi: the right rows that have a match, right columns only', () => {
    // The page's output table shows the left side's rows; its text and the binder say the right side's.
    const r = q(`${XY}X | join kind=rightsemi Y on Key`);
    expect(r.columns).toEqual(['Key:string', 'Value2:long']);
    expect(r.rows).toEqual([
      ['b', 10],
      ['c', 20],
      ['c', 30],
    ]);
  });
});

describe('join kind=leftanti / anti / leftantisemi / rightanti (join-leftanti, join-rightanti)', () => {
  it('leftanti and its aliases: left rows without a match', () => {
    for (const kind of ['leftanti', 'anti', 'leftantisemi'])
      expect(rows(`${XY}X | join kind=${kind} Y on Key`)).toEqual([['a', 1]]);
  });

  it('rightanti and rightantisemi: right rows without a match', () => {
    for (const kind of ['rightanti', 'rightantisemi'])
      expect(q(`${XY}X | join kind=${kind} Y on Key`)).toEqual({
        columns: ['Key:string', 'Value2:long'],
        rows: [['d', 40]],
      });
  });

  it('a left row with a null key has no match, so anti keeps it', () => {
    expect(
      rows('datatable(k:long)[long(null), 1] | join kind=leftanti (datatable(k:long)[long(null), 1]) on k'),
    ).toEqual([[null]]);
  });
});

describe('join conditions (join-operator)', () => {
  it('$left.a == $right.b, several keys joined by commas or "and"', () => {
    const L = 'datatable(a:string, b:long, v:long)["x",1,100, "x",2,200, "y",1,300]';
    const R = 'datatable(c:string, d:long, w:long)["x",1,7, "y",2,8, "x",2,9]';
    const expected = [
      ['x', 1, 100, 'x', 1, 7],
      ['x', 2, 200, 'x', 2, 9],
    ];
    expect(rows(`${L} | join kind=inner (${R}) on $left.a == $right.c, $left.b == $right.d`)).toEqual(expected);
    expect(rows(`${L} | join kind=inner (${R}) on $left.a == $right.c and $left.b == $right.d`)).toEqual(expected);
  });

  it('mixes a shared column name with $left/$right pairs; right names are made unique as the binder says', () => {
    const r = q(
      'datatable(k:string, v:long)["x",1] | join kind=inner (datatable(k:string, v:long, w:long)["x",2,1]) on k, $left.v == $right.w',
    );
    expect(r).toEqual({
      columns: ['k:string', 'v:long', 'k1:string', 'v1:long', 'w:long'],
      rows: [['x', 1, 'x', 2, 1]],
    });
  });

  it('ignores hints: they do not change the result', () => {
    expect(rows(`${XY}X | join kind=inner hint.strategy=broadcast hint.remote=auto Y on Key | count`)).toEqual([[4]]);
  });

  it('conditions other than equalities of columns: the analyzer refuses them, and the engine the "where" form', () => {
    expect(problem(`${XY}X | join kind=inner Y on $left.Value1 < $right.Value2`).code).toBe('KS182');
    const p = problem(`${XY}X | join kind=inner Y where $left.Key == $right.Key`);
    expect(p.kind).toBe('unsupported');
    expect(p.message).toMatch(/join condition "where/);
  });

  it('a join of wide rows stops on values (rows × columns) before memory runs out', () => {
    const wide = (n: number) =>
      `range a from 1 to ${n} step 1 | extend k = 1, ${Array.from({ length: 28 }, (_, i) => `c${i} = a`).join(', ')}`;
    // 5,000 rows of 60 columns: under the 10,000-row limit, over its 100,000 values.
    const p = problem(`${wide(100)} | join kind=inner (${wide(50)}) on k`, {
      limits: { maxRows: 10_000, maxMs: 60_000 },
    });
    expect(p.kind).toBe('limit');
    expect(p.message).toMatch(/more than 100000 values/);
    expect(rows(`${wide(10)} | join kind=inner (${wide(10)}) on k | count`)).toEqual([[100]]);
  });

  it('a cartesian blow-up ends with the limit error, not a hang', () => {
    const p = problem(
      'range a from 1 to 2000 step 1 | extend k = 1 | join kind=inner (range b from 1 to 2000 step 1 | extend k = 1) on k',
      { limits: { maxRows: 100_000, maxMs: 60_000 } },
    );
    expect(p.kind).toBe('limit');
    expect(p.message).toMatch(/more than 100000 rows/);
  });
});

describe('lookup (lookup-operator)', () => {
  const FACT = `let FactTable=datatable(Row:string,Personal:string,Family:string) [
  "1", "Bill", "Gates", "2", "Bill", "Clinton", "3", "Bill", "Clinton", "4", "Steve", "Ballmer", "5", "Tim", "Cook"];
let DimTable=datatable(Personal:string,Family:string,Alias:string) [
  "Bill", "Gates", "billg", "Bill", "Clinton", "billc", "Steve", "Ballmer", "steveb", "Tim", "Cook", "timc"];
`;

  it('extends the facts with the dimension columns; the keys appear once', () => {
    const r = q(`${FACT}FactTable | lookup kind=leftouter DimTable on Personal, Family`);
    expect(r.columns).toEqual(['Row:string', 'Personal:string', 'Family:string', 'Alias:string']);
    expect(r.rows).toEqual([
      ['1', 'Bill', 'Gates', 'billg'],
      ['2', 'Bill', 'Clinton', 'billc'],
      ['3', 'Bill', 'Clinton', 'billc'],
      ['4', 'Steve', 'Ballmer', 'steveb'],
      ['5', 'Tim', 'Cook', 'timc'],
    ]);
  });

  it('leftouter is the default: unmatched left rows keep nulls; inner drops them', () => {
    const T = 'datatable(k:string, v:long)["a",1, "b",2]';
    const D = 'datatable(key:string, n:long, v:long)["a",10,7]';
    const r = q(`${T} | lookup (${D}) on $left.k == $right.key`);
    expect(r.columns).toEqual(['k:string', 'v:long', 'n:long', 'v1:long']);
    expect(r.rows).toEqual([
      ['a', 1, 10, 7],
      ['b', 2, null, null],
    ]);
    expect(rows(`${T} | lookup kind=inner (${D}) on $left.k == $right.key`)).toEqual([['a', 1, 10, 7]]);
  });

  it('a row for every match, and null keys never match', () => {
    expect(
      rows(
        'datatable(k:long)[1, long(null)] | lookup (datatable(k:long, n:string)[1,"x", 1,"y", long(null),"z"]) on k',
      ),
    ).toEqual([
      [1, 'x'],
      [1, 'y'],
      [null, ''],
    ]);
  });
});

describe('join kinds (property test against a nested-loop JavaScript join)', () => {
  it('every kind matches the model for any rows, null keys included', () => {
    const side = fc.array(fc.tuple(fc.option(fc.integer({ min: 0, max: 4 })), fc.integer({ min: 0, max: 99 })), {
      maxLength: 12,
    });
    const table = (data: [number | null, number][], v: string): Table => ({
      columns: [
        { name: 'k', type: 'long' },
        { name: v, type: 'long' },
      ],
      rows: data.map(r => [...r]),
    });
    fc.assert(
      fc.property(side, side, (left, right) => {
        const tables = new Map([
          ['L', table(left, 'a')],
          ['R', table(right, 'b')],
        ]);
        const run = (kind: string) => sorted(rows(`L | join kind=${kind} R on k`, { tables }));
        const eq = (x: number | null, y: number | null) => x !== null && x === y;
        const inner = left.flatMap(l => right.filter(r => eq(l[0], r[0])).map(r => [...l, ...r]));
        const leftOnly = left.filter(l => !right.some(r => eq(l[0], r[0])));
        const rightOnly = right.filter(r => !left.some(l => eq(l[0], r[0])));
        expect(run('inner')).toEqual(sorted(inner));
        expect(run('leftouter')).toEqual(sorted([...inner, ...leftOnly.map(l => [...l, null, null])]));
        expect(run('rightouter')).toEqual(sorted([...inner, ...rightOnly.map(r => [null, null, ...r])]));
        expect(run('fullouter')).toEqual(
          sorted([...inner, ...leftOnly.map(l => [...l, null, null]), ...rightOnly.map(r => [null, null, ...r])]),
        );
        expect(run('leftsemi')).toEqual(sorted(left.filter(l => right.some(r => eq(l[0], r[0])))));
        expect(run('leftanti')).toEqual(sorted(leftOnly));
        expect(run('rightsemi')).toEqual(sorted(right.filter(r => left.some(l => eq(l[0], r[0])))));
        expect(run('rightanti')).toEqual(sorted(rightOnly));
      }),
      { numRuns: 40 },
    );
  });
});
