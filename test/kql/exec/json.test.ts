// Conformance tests for extract_json(), dynamic_to_json() and the older names notempty() and array_strcat(), from
// the examples of their Kusto documentation pages.
import { describe, expect, test } from 'vitest';
import { problem, q, rows, value } from './helpers.js';

describe('extract_json / extractjson (extract-json-function)', () => {
  test("the page's example: a property of an object as a string", () => {
    expect(
      rows(`let json = '{"name": "John", "age": 30, "city": "New York"}';
print extract_json("$.name", json, typeof(string))`),
    ).toEqual([['John']]);
  });

  const hosts = `'{"duration":311,"hosts":[{"name":"a","AvailableMB":100},{"name":"b","AvailableMB":200}]}'`;

  test('dot and bracket steps with an array subscript are the same path (jsonpath page)', () => {
    expect(
      q(`print a = extract_json("$.hosts[1].AvailableMB", ${hosts}, typeof(int)),
      b = extractjson("$['hosts'][1]['AvailableMB']", ${hosts}, typeof(long)),
      c = extract_json("$.duration", ${hosts})`),
    ).toEqual({
      columns: ['a:int', 'b:long', 'c:string'],
      rows: [[200, 200, '311']],
    });
  });

  test('the corpus shape: the first element of a JSON array, as a string', () => {
    expect(value(`extractjson("$[0].Value", '[{"Name":"x","Value":"http://a.example/login"}]', typeof(string))`)).toBe(
      'http://a.example/login',
    );
  });

  test('a path that finds nothing, and an empty source, give the null of the type', () => {
    expect(
      rows(`print a = extract_json("$.nope", '{"a":1}'), b = extract_json("$.a[3]", '{"a":[1]}', typeof(long)),
        c = extract_json("$.a", "", typeof(long)), d = isnull(extract_json("$.a", '{"a":null}', typeof(real)))`),
    ).toEqual([['', null, null, true]]);
  });

  test('typeof(dynamic) keeps objects and arrays; a JSON boolean reads as bool', () => {
    expect(
      rows(
        `print a = extract_json("$.h", '{"h":{"x":[1,2]}}', typeof(dynamic)), b = extract_json("$.ok", '{"ok":true}', typeof(bool))`,
      ),
    ).toEqual([['{"x":[1,2]}', true]]);
  });

  test('refusals: paths beyond the documented subset, text that is not JSON, conversions the page does not give', () => {
    for (const path of ['$..name', '$.hosts[*]', '$.hosts[-1]', 'hosts', '$.hosts[0:1]'])
      expect(problem(`print extract_json("${path}", ${hosts})`).message).toContain(`the JSONPath "${path}"`);
    expect(problem(`print extract_json("$.a", "{a:1}")`).message).toContain('text that is not JSON');
    expect(problem(`print extract_json("$.hosts", ${hosts})`).message).toContain('an object or array as string');
    expect(problem(`print extract_json("$.a", '{"a":"12"}', typeof(long))`).message).toContain('a JSON string as long');
    expect(problem(`print extract_json("$.a", '{"a":1.50}')`).message).toContain('the fraction 1.5');
  });
});

describe('dynamic_to_json (dynamic-to-json-function)', () => {
  // The page nests dynamic({...}) literals inside the bag; this engine refuses a dynamic() inside a dynamic literal,
  // so the same values are written as plain nested JSON.
  test("the page's example: bags with the same pairs in another order give the same text, sorted by name", () => {
    expect(
      rows(`let bag1 = dynamic_to_json(dynamic({'Y10': {}, 'X8': {'c3': 1, 'd8': 5, 'a4': 6},
  'D1': 114, 'A1': 12, 'B1': 2, 'C1': 3, 'A14': [15, 13, 18]}));
let bag2 = dynamic_to_json(dynamic({'X8': {'a4': 6, 'c3': 1, 'd8': 5}, 'A14': [15, 13, 18], 'C1': 3,
  'B1': 2, 'Y10': {}, 'A1': 12, 'D1': 114}));
print AreEqual = bag1 == bag2, Result = bag1`),
    ).toEqual([[true, '{"A1":12,"A14":[15,13,18],"B1":2,"C1":3,"D1":114,"X8":{"a4":6,"c3":1,"d8":5},"Y10":{}}']]);
  });

  test('strings are written as JSON and read back by todynamic(); a scalar is its tostring()', () => {
    expect(
      rows(`print a = dynamic_to_json(dynamic(["b.example", {"z": "q", "10": 1, "9": 2}])), b = dynamic_to_json(42),
        c = tostring(todynamic(dynamic_to_json(extract_all(@"(\\w+)\\.com", "x.com y.com")))[1])`),
    ).toEqual([['["b.example",{"10":1,"9":2,"z":"q"}]', '42', 'y']]);
  });

  test('refusals: names ordered by letter case, a null or a string at the top', () => {
    expect(problem(`print dynamic_to_json(dynamic({"B": 1, "a": 2}))`).message).toContain('letter case');
    expect(problem(`print dynamic_to_json(dynamic({"a": 1, "A": 2}))`).message).toContain('letter case');
    expect(problem(`print dynamic_to_json(dynamic(null))`).message).toContain('a dynamic null');
    expect(problem(`print dynamic_to_json(dynamic("x"))`).message).toContain('a dynamic string');
  });
});

describe('notempty (isnotempty-function) and array_strcat (strcat-array-function): older names', () => {
  test('notempty() is isnotempty()', () => {
    expect(rows(`print notempty(""), notempty("a"), notempty(int(null)), notempty(1)`)).toEqual([
      [false, true, false, true],
    ]);
  });

  test("array_strcat() is strcat_array(): the page's examples", () => {
    expect(value('array_strcat(dynamic([1, 2, 3]), "->")')).toBe('1->2->3');
    expect(value(`array_strcat(dynamic([1, 2, 3]), '"')`)).toBe('1"2"3');
  });
});
