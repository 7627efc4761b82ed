// Conformance tests for mv-expand, mv-apply and evaluate bag_unpack, from the Kusto documentation's examples.
import { describe, expect, it } from 'vitest';
import { problem, q, rows } from './helpers.js';

describe('mv-expand (mv-expand-operator)', () => {
  it('single column, array expansion', () => {
    expect(rows('datatable (a: int, b: dynamic)[1, dynamic([10, 20]), 2, dynamic(["a", "b"])] | mv-expand b')).toEqual([
      [1, '10'],
      [1, '20'],
      [2, '"a"'],
      [2, '"b"'],
    ]);
  });

  it('single column, bag expansion into single-entry bags', () => {
    expect(
      rows(`datatable (a: int, b: dynamic)
[1, dynamic({"prop1": "a1", "prop2": "b1"}), 2, dynamic({"prop1": "a2", "prop2": "b2"})] | mv-expand b`),
    ).toEqual([
      [1, '{"prop1":"a1"}'],
      [1, '{"prop2":"b1"}'],
      [2, '{"prop1":"a2"}'],
      [2, '{"prop2":"b2"}'],
    ]);
  });

  it('kind=array (or bagexpansion=array) expands a bag into [key, value] pairs', () => {
    const query = (mode: string) => `datatable (a: int, b: dynamic)
[1, dynamic({"prop1": "a1", "prop2": "b1"}), 2, dynamic({"prop1": "a2", "prop2": "b2"})]
| mv-expand ${mode} b | extend key = b[0], val=b[1]`;
    const expected = [
      [1, '["prop1","a1"]', '"prop1"', '"a1"'],
      [1, '["prop2","b1"]', '"prop2"', '"b1"'],
      [2, '["prop1","a2"]', '"prop1"', '"a2"'],
      [2, '["prop2","b2"]', '"prop2"', '"b2"'],
    ];
    expect(rows(query('kind=array'))).toEqual(expected);
    expect(rows(query('bagexpansion=array'))).toEqual(expected);
  });

  it('two columns are zipped: the shorter one is padded with nulls', () => {
    expect(
      rows(
        'datatable (a: int, b: dynamic, c: dynamic)[1, dynamic({"prop1": "a", "prop2": "b"}), dynamic([5, 4, 3])] | mv-expand b, c',
      ),
    ).toEqual([
      [1, '{"prop1":"a"}', '5'],
      [1, '{"prop2":"b"}', '4'],
      [1, null, '3'],
    ]);
  });

  it('expanding one column after the other makes the cartesian product', () => {
    expect(
      rows(
        'datatable (a: int, b: dynamic, c: dynamic)[1, dynamic({"prop1": "a", "prop2": "b"}), dynamic([5, 6])] | mv-expand b | mv-expand c',
      ),
    ).toEqual([
      [1, '{"prop1":"a"}', '5'],
      [1, '{"prop1":"a"}', '6'],
      [1, '{"prop2":"b"}', '5'],
      [1, '{"prop2":"b"}', '6'],
    ]);
  });

  it('to typeof() types the column; elements of another type become null', () => {
    const r = q(
      'datatable (a: string, b: dynamic, c: dynamic)["Constant", dynamic([1, 2, 3, 4]), dynamic([6, 7, 8, 9])] | mv-expand b, c to typeof(int)',
    );
    expect(r.columns).toEqual(['a:string', 'b:dynamic', 'c:int']);
    expect(r.rows.map(x => x[2])).toEqual([6, 7, 8, 9]);
    expect(rows('print d = dynamic([1, "x", 2.5, true, null]) | mv-expand d to typeof(long)').map(x => x[0])).toEqual([
      1,
      null,
      null,
      null,
      null,
    ]);
    expect(rows('print d = dynamic([1, "x"]) | mv-expand d to typeof(string)').map(x => x[0])).toEqual(['', 'x']);
    expect(
      rows('print d = dynamic(["2024-01-02T03:04:05Z", 7]) | mv-expand d to typeof(datetime)').map(x => x[0]),
    ).toEqual(['2024-01-02T03:04:05Z', null]);
  });

  it('with_itemindex adds the element index, from 0', () => {
    expect(q('print x = dynamic([1, 2, 3, 4]) | mv-expand with_itemindex=Index x')).toEqual({
      columns: ['x:dynamic', 'Index:long'],
      rows: [
        ['1', 0],
        ['2', 1],
        ['3', 2],
        ['4', 3],
      ],
    });
  });

  it('Name = expr makes a new column; other expressions take the binder name (d.a is d_a)', () => {
    const r = q('print d = dynamic({"a": [1, 2]}) | mv-expand v = d.a, d.a');
    expect(r.columns).toEqual(['d:dynamic', 'v:dynamic', 'd_a:dynamic']);
    expect(r.rows.map(x => [x[1], x[2]])).toEqual([
      ['1', '1'],
      ['2', '2'],
    ]);
  });

  it('null gives one row, an empty array or bag none; limit caps the rows of each input row', () => {
    expect(
      rows(
        'datatable(k:long, d:dynamic)[1, dynamic(null), 2, dynamic([]), 3, dynamic({}), 4, dynamic([7,8,9])] | mv-expand d',
      ),
    ).toEqual([
      [1, null],
      [4, '7'],
      [4, '8'],
      [4, '9'],
    ]);
    expect(rows('print d = dynamic([7,8,9]) | mv-expand d limit 2')).toEqual([['7'], ['8']]);
  });

  it('refuses values that are neither arrays nor bags, and bags whose key order this engine cannot keep', () => {
    expect(problem('print d = dynamic("text") | mv-expand d').kind).toBe('unsupported');
    expect(problem('print d = dynamic({"b": 1, "2": 2}) | mv-expand d').message).toMatch(/key "2"/);
    expect(rows('print d = dynamic({"2": 2}) | mv-expand d')).toEqual([['{"2":2}']]);
  });
});

describe('mv-apply (mv-apply-operator)', () => {
  const data = 'let data = datatable (index: int, Arr: dynamic)';

  it('the subquery sees the expanded rows; take 100 keeps them all', () => {
    expect(
      q(`${data}[0, dynamic([7]), 1, dynamic([6, 11, 7])]; data | mv-apply Arr2=Arr to typeof(long) on (take 100)`),
    ).toEqual({
      columns: ['index:int', 'Arr:dynamic', 'Arr2:long'],
      rows: [
        [0, '[7]', 7],
        [1, '[6,11,7]', 6],
        [1, '[6,11,7]', 11],
        [1, '[6,11,7]', 7],
      ],
    });
  });

  it('the largest element of each array', () => {
    expect(
      rows(
        `${data}[0, dynamic([1, 5, 3]), 1, dynamic([10, 2, 5, 7])]; data | mv-apply topElem=Arr to typeof(long) on (top 1 by topElem)`,
      ),
    ).toEqual([
      [0, '[1,5,3]', 5],
      [1, '[10,2,5,7]', 10],
    ]);
  });

  it('with_itemindex: the index is a column of the subtable', () => {
    expect(
      q(`let data = datatable (row: int, Arr: dynamic)[0, dynamic([5, 1, 3]), 1, dynamic([4, 10, 8, 7])];
data | mv-apply with_itemindex=index value=Arr to typeof(long) on (where index >= 2)`),
    ).toEqual({
      columns: ['row:int', 'Arr:dynamic', 'value:long', 'index:long'],
      rows: [
        [0, '[5,1,3]', 3, 2],
        [1, '[4,10,8,7]', 8, 2],
        [1, '[4,10,8,7]', 7, 3],
      ],
    });
  });

  it('two arrays are zipped; an aggregation gives one row per input row, with the other columns added', () => {
    expect(
      rows(`datatable (Val: int, Arr1: dynamic, Arr2: dynamic)
[1, dynamic(['A1', 'A2']), dynamic(['B1', 'B2', 'B3']), 5, dynamic(['C1', 'C2']), dynamic(['D1'])]
| mv-apply T1=Arr1, T2=Arr2 on (extend Out = strcat(T1, "_", T2) | project Out)`),
    ).toEqual([
      [1, '["A1","A2"]', '["B1","B2","B3"]', 'A1_B1'],
      [1, '["A1","A2"]', '["B1","B2","B3"]', 'A2_B2'],
      [1, '["A1","A2"]', '["B1","B2","B3"]', '_B3'],
      [5, '["C1","C2"]', '["D1"]', 'C1_D1'],
      [5, '["C1","C2"]', '["D1"]', 'C2_'],
    ]);
    expect(q(`${data}[0, dynamic([1, 5]), 1, dynamic([])]; data | mv-apply Arr on (summarize n = count())`)).toEqual({
      columns: ['index:int', 'n:long'],
      rows: [
        [0, 2],
        [1, 0],
      ],
    });
  });
});

describe('evaluate bag_unpack (bag-unpack-plugin)', () => {
  const people = `datatable(d:dynamic)[
  dynamic({"Name": "John", "Age":20}), dynamic({"Name": "Dave", "Age":40}), dynamic({"Name": "Jasmine", "Age":30})]`;

  it('one column per slot, sorted by name, typed by the values', () => {
    expect(q(`${people} | evaluate bag_unpack(d)`)).toEqual({
      columns: ['Age:long', 'Name:string'],
      rows: [
        [20, 'John'],
        [40, 'Dave'],
        [30, 'Jasmine'],
      ],
    });
  });

  it('a prefix for the new columns', () => {
    expect(q(`${people} | evaluate bag_unpack(d, 'Property_')`).columns).toEqual([
      'Property_Age:long',
      'Property_Name:string',
    ]);
  });

  it('a slot missing from some bags is null there', () => {
    expect(
      rows(`datatable(d:dynamic)[dynamic({"Name": "John", "Age":20}), dynamic({ "Name": "Dave", "Height": 170, "Age":40})]
| evaluate bag_unpack(d)`),
    ).toEqual([
      [20, null, 'John'],
      [40, 170, 'Dave'],
    ]);
  });

  it('the input columns come first; values of several types make a dynamic column', () => {
    expect(
      q(
        'datatable(k:string, d:dynamic)["a", dynamic({"x": 1}), "b", dynamic({"x": "one"}), "c", dynamic(null)] | evaluate bag_unpack(d)',
      ),
    ).toEqual({
      columns: ['k:string', 'x:dynamic'],
      rows: [
        ['a', '1'],
        ['b', '"one"'],
        ['c', null],
      ],
    });
  });

  it('columnsConflict: error by default, replace_source replaces the input column', () => {
    const named = `datatable(Name:string, d:dynamic)[
  'Old_name', dynamic({"Name": "John", "Age":20}), 'Old_name', dynamic({"Name": "Dave", "Age":40})]`;
    expect(problem(`${named} | evaluate bag_unpack(d)`).kind).toBe('runtime');
    expect(q(`${named} | evaluate bag_unpack(d, columnsConflict='replace_source')`)).toEqual({
      columns: ['Age:long', 'Name:string'],
      rows: [
        [20, 'John'],
        [40, 'Dave'],
      ],
    });
  });

  it('an output schema with * keeps the input columns and types the slots', () => {
    expect(
      q(`datatable(d:dynamic, Description: string)[
  dynamic({"Name": "John", "Age":20, "height":180}), "Student", dynamic({"Name": "Dave", "Age":40, "height":160}), "Teacher"]
| evaluate bag_unpack(d) : (*, Name:string, Age:long)`),
    ).toEqual({
      columns: ['Description:string', 'Name:string', 'Age:long'],
      rows: [
        ['Student', 'John', 20],
        ['Teacher', 'Dave', 40],
      ],
    });
  });

  it('refuses what the page leaves open: slots whose order depends on case, slots that are always null', () => {
    expect(problem('print d = dynamic({"b": 1, "B": 2, "a": 3}) | evaluate bag_unpack(d)').kind).toBe('unsupported');
    expect(problem('print d = dynamic({"a": null}) | evaluate bag_unpack(d)').kind).toBe('unsupported');
    expect(problem('datatable(k:string, v:long)["a", 1] | evaluate narrow()').message).toMatch(/evaluate narrow/);
  });
});

// bag_unpack-plugin: the output columns depend on the data. A column the query then names has no type in the binder
// (the corpus: summarize by displayName after bag_unpack of AuditLogs' modifiedProperties); the refusal says why.
describe('a column of bag_unpack output that no schema lists (bag-unpack-plugin)', () => {
  it('is refused with the reason and the ways to give its type', () => {
    const p = problem('print d = dynamic({"a": "x"}) | evaluate bag_unpack(d) | summarize count() by a');
    expect(p.kind).toBe('unsupported');
    expect(p.message).toMatch(
      /^cannot tell the type of column "a": no schema lists it, and it is read where the columns/,
    );
    expect(p.message).toMatch(/column_ifexists\(\) or an output schema/);
    expect(
      q('print d = dynamic({"a": "x"}) | evaluate bag_unpack(d) : (a:string) | summarize count() by a').rows,
    ).toEqual([['x', 1]]);
  });
});
