// Conformance tests of conversions and conditionals (src/kql/exec/functions/convert.ts and the checks of
// functions/basic.ts), written from each documentation page's examples.
import { describe, expect, it } from 'vitest';
import { problem, q, rows, value } from './helpers.js';

describe('toint (toint-function)', () => {
  it("the page's examples", () => {
    expect(rows('print toint("123") == 123 | project Integer = print_0')).toEqual([[true]]);
    expect(rows('print toint(2.3) | project Integer = print_0')).toEqual([[2]]);
    expect(q('print x = toint("1")').columns).toEqual(['x:int']);
  });

  it('null, text that is no number, negative truncation, bools and dynamic values', () => {
    expect(value('toint("")')).toBeNull();
    expect(value('toint("abc")')).toBeNull();
    expect(value('toint(-2.7)')).toBe(-2);
    expect(value('toint(true)')).toBe(1);
    expect(value('toint(dynamic(7))')).toBe(7);
    expect(value('toint(dynamic("8"))')).toBe(8);
    expect(value('toint(dynamic([1]))')).toBeNull();
    expect(value('toint(long(null))')).toBeNull();
  });

  it('refuses what the page does not describe: padded, decimal or hex text, out of range values, datetimes', () => {
    for (const e of ['toint(" 12")', 'toint("2.5")', 'toint("0x1F")', 'toint(3000000000)', 'toint(now())'])
      expect(problem(`print ${e}`).kind, e).toBe('unsupported');
  });
});

describe('tolong (tolong-function)', () => {
  it("the page's example", () => {
    expect(value('tolong("123") == 123')).toBe(true);
    expect(value('tolong("-9007199254740991")')).toBe(-9007199254740991);
    expect(value('tolong(1.9)')).toBe(1);
  });

  it('values beyond what a double holds exactly are refused', () => {
    expect(problem('print tolong("9223372036854775807")').kind).toBe('unsupported');
    expect(problem('print tolong(1s)').kind).toBe('unsupported');
  });
});

describe('todouble / toreal (todouble-function)', () => {
  it("the page's example", () => {
    expect(value('todouble("123.4") == 123.4')).toBe(true);
    expect(value('toreal("1e3")')).toBe(1000);
    expect(value('todouble(5)')).toBe(5);
    expect(value('todouble("x")')).toBeNull();
    expect(problem('print todouble("NaN")').kind).toBe('unsupported');
    expect(problem('print todouble("1,5")').kind).toBe('unsupported');
  });
});

describe('todecimal (todecimal-function)', () => {
  it("the page's example", () => {
    expect(value('todecimal("123.45678") == decimal(123.45678)')).toBe(true);
  });

  it('values a double cannot hold as a decimal does are refused', () => {
    expect(problem('print todecimal("1.2345678901234567")').kind).toBe('unsupported');
    expect(problem('print todecimal(0.1 + 0.2)').kind).toBe('unsupported');
    expect(value('todecimal(0.5)')).toBe(0.5);
  });
});

describe('tobool / toboolean (tobool-function)', () => {
  it("the page's examples", () => {
    expect(value('tobool("true") == true')).toBe(true);
    expect(value('tobool("false") == false')).toBe(true);
    expect(value('tobool(1) == true')).toBe(true);
    expect(value('tobool(123) == true')).toBe(true);
  });

  it('the corpus pattern tobool(Entities["IsDomainJoined"]) over dynamic values; text', () => {
    const r = rows(`datatable(Entities:dynamic)[dynamic({"IsDomainJoined": true}), dynamic({"IsDomainJoined": "False"}),
      dynamic({})] | project b = tobool(Entities["IsDomainJoined"])`);
    expect(r).toEqual([[true], [false], [null]]);
    expect(value('toboolean(0)')).toBe(false);
    expect(value('tobool("yes")')).toBeNull();
    expect(problem('print tobool("1")').kind).toBe('unsupported');
  });
});

describe('toguid (toguid-function)', () => {
  it("the page's example", () => {
    const r = rows(`datatable(str: string)
      [ "0123456789abcdef0123456789abcdef", "0123456789ab-cdef-0123-456789abcdef", "a string that is not a guid" ]
      | extend guid = toguid(str)`);
    expect(r.map(x => x[1])).toEqual([
      '01234567-89ab-cdef-0123-456789abcdef',
      '01234567-89ab-cdef-0123-456789abcdef',
      null,
    ]);
  });

  it('the canonical form, trailing text ignored; upper case refused', () => {
    expect(value('toguid("12e8b78d-55b4-46ae-b068-26d7a0080254 and more")')).toBe(
      '12e8b78d-55b4-46ae-b068-26d7a0080254',
    );
    expect(problem('print toguid("12E8B78D-55B4-46AE-B068-26D7A0080254")').kind).toBe('unsupported');
  });
});

describe('tohex (tohex-function)', () => {
  it("the page's example", () => {
    expect(
      rows(`print tohex(256) == '100', tohex(-256) == 'ffffffffffffff00', tohex(toint(-256), 8) == 'ffffff00',
        tohex(256, 8) == '00000100', tohex(256, 2) == '100'`),
    ).toEqual([[true, true, true, true, true]]);
  });

  it('the corpus pattern tohex(tolong(x)); null; minLength past 16', () => {
    expect(value('tohex(tolong("3221225485"))')).toBe('c000000d');
    expect(value('tohex(long(null))')).toBe('');
    expect(value('tohex(1, 20)')).toBe('0000000000000001');
  });
});

describe('gettype (gettype-function)', () => {
  it("the page's table", () => {
    expect(value('gettype("a")')).toBe('string');
    expect(value('gettype(111)')).toBe('long');
    expect(value('gettype(1==1)')).toBe('bool');
    expect(value('gettype(now())')).toBe('datetime');
    expect(value('gettype(1s)')).toBe('timespan');
    expect(value('gettype(dynamic("abc"))')).toBe('string');
    expect(value('gettype(dynamic({"abc":1}))')).toBe('dictionary');
    expect(value('gettype(dynamic([1, 2, 3]))')).toBe('array');
    expect(value('gettype(123.45)')).toBe('real');
    expect(value('gettype(guid(12e8b78d-55b4-46ae-b068-26d7a0080254))')).toBe('guid');
    expect(value('gettype(dynamic(null))')).toBe('null');
  });

  it("refuses what this engine cannot tell: whole dynamic numbers (the page's parse_json('1') is \"int\")", () => {
    expect(problem('print gettype(dynamic(1))').kind).toBe('unsupported');
    expect(problem('print gettype(long(null))').kind).toBe('unsupported');
    expect(value('gettype(dynamic(1.5))')).toBe('real');
  });
});

describe('case (case-function)', () => {
  it("the page's example", () => {
    const r = rows(`datatable(Size:long)[1, 3, 5, 7, 9, 11, 13, 15]
      | extend bucket = case(Size <= 3, "Small", Size <= 10, "Medium", "Large")`);
    expect(r.map(x => x[1])).toEqual(['Small', 'Small', 'Medium', 'Medium', 'Medium', 'Large', 'Large', 'Large']);
  });

  it('a null predicate is not true; only the chosen branch is evaluated', () => {
    expect(value('case(bool(null), 1, 2)')).toBe(2);
    expect(rows('datatable(s:string)["2.5"] | project case(true, 1, toint(s))')).toEqual([[1]]);
  });
});

describe('iff / iif (iff-function)', () => {
  it('the chosen branch; a null condition takes the else branch', () => {
    expect(value('iff(1 > 0, "yes", "no")')).toBe('yes');
    expect(value('iif(bool(null), "yes", "no")')).toBe('no');
  });
});

describe('coalesce (coalesce-function)', () => {
  it("the page's example", () => {
    expect(rows('print result=coalesce(tolong("not a number"), tolong("42"), 33)')).toEqual([[42]]);
  });

  it('strings: the first non-empty; all empty is empty; dynamic: the first non-null', () => {
    expect(value('coalesce("", "b", "c")')).toBe('b');
    expect(value('coalesce("", "")')).toBe('');
    expect(value('coalesce(dynamic(null), dynamic([]))')).toBe('[]');
    expect(value('coalesce(int(null), int(null))')).toBeNull();
  });
});

describe('column_ifexists / columnifexists (column-ifexists-function)', () => {
  it("the page's example: a column that does not exist gives the default column", () => {
    const r = rows(`datatable(State:string)["FLORIDA", "GEORGIA"] | project column_ifexists("Capital", State)`);
    expect(r).toEqual([['FLORIDA'], ['GEORGIA']]);
  });

  it('an existing column is returned; the corpus defaults ("", int(null), now())', () => {
    const t = 'datatable(Account:string, Port:int)["alice", 22]';
    expect(rows(`${t} | project a = column_ifexists("Account", ""), b = columnifexists("Missing", "None")`)).toEqual([
      ['alice', 'None'],
    ]);
    expect(
      rows(`${t} | project p = column_ifexists("Port", int(null)), q = column_ifexists("Nope", int(null))`),
    ).toEqual([[22, null]]);
    expect(rows(`${t} | project t = column_ifexists("When", now())`)).toEqual([['2024-01-15T12:00:00Z']]);
  });

  it('an existing column is that column, of its own type, whatever the type of the default', () => {
    // "If columnName exists, then the column it refers to": the call is the column, not a conversion to the default's
    // type (Kusto.Language types it by the default; the engine binds it to the column, binder.ts).
    expect(q('datatable(Port:int)[22] | project column_ifexists("Port", "")')).toEqual({
      columns: ['Port:int'],
      rows: [[22]],
    });
    expect(q('datatable(D:dynamic)[dynamic(1)] | project x = column_ifexists("D", dynamic(null))').rows).toEqual([
      ['1'],
    ]);
  });

  it('a dynamic column read with a string default stays dynamic, so its members can be read (the corpus shape)', () => {
    // ServicePrincipalAssignedPrivilegedRole: mv-expand names the column TargetResources_0_modifiedProperties, the
    // rule re-reads it with column_ifexists(…, '') and reads .displayName of it.
    const t =
      'datatable(T:dynamic)[dynamic([{"modifiedProperties":[{"displayName":"Role.DisplayName","newValue":"x"}]}])]';
    const query = `${t}
      | mv-expand T[0].modifiedProperties
      | extend T_0_modifiedProperties = columnifexists("T_0_modifiedProperties", '')
      | where T_0_modifiedProperties.displayName =~ "Role.DisplayName"
      | project Name = tostring(T_0_modifiedProperties.displayName), Value = tostring(T_0_modifiedProperties.newValue)`;
    expect(q(query)).toEqual({ columns: ['Name:string', 'Value:string'], rows: [['Role.DisplayName', 'x']] });
    const hashes = 'datatable(Hashes:dynamic)[dynamic(["a"])]';
    expect(q(`${hashes} | extend H = column_ifexists("Hashes", "")`).columns).toEqual(['Hashes:dynamic', 'H:dynamic']);
  });
});

describe('not (not-function)', () => {
  it("the page's examples over rows", () => {
    const t = `datatable(EventType:string, State:string)["Tornado","TEXAS", "Hail","ALASKA", "Hail","IOWA", "Flood","ALASKA"]`;
    expect(rows(`${t} | where not(EventType == "Tornado") | count`)).toEqual([[3]]);
    expect(rows(`${t} | where not(EventType == "Hail" or State == "ALASKA")`)).toEqual([['Tornado', 'TEXAS']]);
    expect(rows(`${t} | where not(EventType == "Hail" and State == "ALASKA") | count`)).toEqual([[3]]);
  });

  it('not(null) is null (null-values page)', () => {
    expect(value('not(bool(null))')).toBeNull();
  });
});

describe('isempty / isnotempty / isnull / isnotnull (their pages)', () => {
  it("the pages' tables", () => {
    expect(
      rows('print isempty(""), isempty("x"), isempty(dynamic(null)), isempty(dynamic([])), isempty(dynamic({}))'),
    ).toEqual([[true, false, true, false, false]]);
    expect(
      rows('print isnull(""), isnull("x"), isnull(dynamic(null)), isnull(dynamic([])), isnull(dynamic({}))'),
    ).toEqual([[false, false, true, false, false]]);
    expect(rows('print isnotempty(""), isnotnull(int(null)), isnotnull(0)')).toEqual([[false, false, true]]);
  });
});

describe('tostring (tostring-function)', () => {
  it("the page's example and the text of each type", () => {
    expect(value('tostring(123)')).toBe('123');
    expect(value('tostring(1.0)')).toBe('1');
    expect(value('tostring(1e21)')).toBe('1E+21');
    expect(value('tostring(0.00001)')).toBe('1E-05');
    expect(value('tostring(int(null))')).toBe('');
    expect(value('tostring(true)')).toBe('true');
    expect(value('tostring(1.5h)')).toBe('01:30:00');
  });
});

describe('equality with null (scalar-data-types/null-values)', () => {
  it("the page's example: null == value is false, null != value is true, null == null is null", () => {
    const r = rows(`datatable(val:int)[5, int(null)]
      | extend IsBiggerThan3 = val > 3
      | extend IsBiggerThan3OrNull = val > 3 or isnull(val)
      | extend IsEqualToNull = val == int(null)
      | extend IsNotEqualToNull = val != int(null)`);
    expect(r).toEqual([
      [5, true, true, false, true],
      [null, null, true, null, null],
    ]);
  });

  it('the where example, and != keeps rows whose other side is null', () => {
    expect(rows('datatable(ival:int, sval:string)[5, "a", int(null), "b"] | where ival != 5')).toEqual([[null, 'b']]);
    expect(rows('datatable(a:long, b:long)[1, 2, 3, long(null)] | where a != b | project a')).toEqual([[1], [3]]);
    expect(value('dynamic(null) == dynamic(1)')).toBe(false);
  });
});

describe('<> (the parser binds it to the NotEqual operator of !=)', () => {
  it('is != for strings and numbers, nulls included (the corpus writes where UPN <> "")', () => {
    expect(rows('datatable(UPN:string)["a", ""] | where UPN <> ""')).toEqual([['a']]);
    expect(rows('print 1 <> 2, 2 <> 2, int(null) <> 1')).toEqual([[true, false, true]]);
  });
});
