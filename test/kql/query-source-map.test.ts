// The query-offset -> file-position map, for every scalar style a rule file may use for `query`.
import { describe, expect, it } from 'vitest';
import { parseRuleText } from '../../src/rules/load.js';
import { querySourceMap } from '../../src/kql/query-source-map.js';

function load(text: string) {
  const { rule } = parseRuleText('r.yaml', '/tmp/r.yaml', new TextEncoder().encode(text));
  const query = rule.data?.query;
  if (typeof query !== 'string') throw new Error('no query');
  return { rule, query, at: querySourceMap(rule, query) };
}

/** The file position of the first occurrence of `needle` in the query. */
function where(text: string, needle: string) {
  const { query, at } = load(text);
  const offset = query.indexOf(needle);
  expect(offset).toBeGreaterThanOrEqual(0);
  return at(offset);
}

describe('querySourceMap', () => {
  it('maps a literal block line by line with its indentation', () => {
    const text = 'id: x\nquery: |\n  SecurityEvent\n  | where EventID == 4624\n    | project Computer\n';
    expect(where(text, 'SecurityEvent')).toEqual({ line: 3, column: 3 });
    expect(where(text, 'EventID')).toEqual({ line: 4, column: 11 });
    expect(where(text, 'Computer')).toEqual({ line: 5, column: 15 });
  });

  it('handles CRLF line ends', () => {
    const text = 'id: x\r\nquery: |\r\n    T\r\n    | where A == 1\r\n';
    expect(where(text, 'A ==')).toEqual({ line: 4, column: 13 });
  });

  it('handles lone CR line ends (old Mac files), in literal and folded blocks', () => {
    expect(where('id: x\rquery: |\r    T\r    | where A == 1\r', 'A ==')).toEqual({ line: 4, column: 13 });
    expect(where('query: >\r  SecurityEvent\r  | where EventID == 4624\r', 'EventID')).toEqual({ line: 3, column: 11 });
  });

  it('handles a BOM (positions are in the BOM-stripped text, as every diagnostic)', () => {
    const text = '\uFEFFquery: |\n  T\n  | take 1\n';
    expect(where(text, 'take')).toEqual({ line: 3, column: 5 });
  });

  it('handles chomping indicators and blank lines inside the block', () => {
    const strip = 'query: |-\n  T\n\n  | take 1\nname: n\n';
    expect(where(strip, 'take')).toEqual({ line: 4, column: 5 });
    const keep = 'query: |+\n  T\n  | take 1\n\nname: n\n';
    expect(where(keep, 'take')).toEqual({ line: 3, column: 5 });
  });

  it('handles an explicit indentation indicator with more-indented first line', () => {
    const text = 'query: |2\n     T\n    | take 1\n';
    expect(where(text, 'T')).toEqual({ line: 2, column: 6 });
    expect(where(text, 'take')).toEqual({ line: 3, column: 7 });
  });

  it('handles a nested literal block after a comment on the header', () => {
    const text = 'query: | # the detection\n      T\n      | take 1\n';
    expect(where(text, 'take')).toEqual({ line: 3, column: 9 });
  });

  it('aligns folded blocks through the folding', () => {
    const text = 'query: >\n  SecurityEvent\n  | where EventID == 4624\n';
    expect(where(text, 'EventID')).toEqual({ line: 3, column: 11 });
  });

  it('aligns double-quoted scalars through escapes', () => {
    const text = 'query: "T | where A == \\"x\\" | where B == 1"\n';
    expect(where(text, 'B ==')).toEqual({ line: 1, column: 38 });
  });

  it('aligns double-quoted scalars through escapes that stand for line breaks, tabs and code points', () => {
    const text = 'query: "T\\n| where A == \\"\\ud83d\\ude00\\t\\x41\\U0001F600\\"\\n| where B == 1"\n';
    expect(where(text, 'B ==')).toEqual({ line: 1, column: 67 });
    expect(where(text, 'A ==')).toEqual({ line: 1, column: 20 });
    const broken = 'query: "T | where A == 1 \\\n  | where B == 1"\n';
    expect(where(broken, 'B ==')).toEqual({ line: 2, column: 11 });
  });

  it('aligns single-quoted and plain multi-line scalars', () => {
    expect(where("query: 'T | where A == ''x'' | take 1'\n", 'take')).toEqual({ line: 1, column: 32 });
    expect(where('query: T\n  | where A == 1\n  | take 1\n', 'take')).toEqual({ line: 3, column: 5 });
  });
});
