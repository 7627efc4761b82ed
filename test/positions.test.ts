import { describe, expect, it } from 'vitest';
import type { DocPath } from '../src/diagnostics/diagnostic.js';
import { DocumentPositions, type Anchor } from '../src/rules/positions.js';

const LINES = [
  'id: abc  # trailing comment',
  'name: "quoted"',
  'query: |',
  '  SecurityEvent',
  '  | take 1',
  '',
  'tactics:',
  '  - Persistence',
  '  - Execution',
  'empty:',
  'entityMappings:',
  '  - entityType: Host',
  '    fieldMappings:',
  '      - identifier: HostName',
  '        columnName: Computer',
];

const at = (text: string, path: DocPath, anchor?: Anchor) => {
  const r = new DocumentPositions(text).rangeOf(path, anchor);
  return `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
};

/** path, anchor, expected `line:col-endLine:endCol` (end is exclusive, 1-based, UTF-16). */
const CASES: [DocPath, Anchor | undefined, string][] = [
  [['id'], undefined, '1:5-1:8'],
  [['id'], 'key', '1:1-1:3'],
  [['name'], undefined, '2:7-2:15'],
  [['query'], undefined, '3:8-5:11'],
  [['tactics'], undefined, '8:3-9:14'],
  [['tactics', 1], undefined, '9:5-9:14'],
  [['tactics', 7], undefined, '7:1-7:8'],
  [['empty'], undefined, '10:1-10:6'],
  [['empty', 'deeper'], undefined, '10:1-10:6'],
  [['entityMappings', 0, 'fieldMappings', 0, 'columnName'], undefined, '15:21-15:29'],
  [['entityMappings', 0, 'fieldMappings', 0, 'columnName'], 'key', '15:9-15:19'],
  [['entityMappings', 0, 'fieldMappings', 3, 'columnName'], undefined, '13:5-13:18'],
  [['entityMappings', 0, 'nope'], undefined, '12:5-15:29'],
  [['missing'], undefined, '1:1-1:28'],
  [[], undefined, '1:1-1:28'],
];

describe('DocumentPositions.rangeOf', () => {
  for (const [eol, label] of [
    ['\n', 'LF'],
    ['\r\n', 'CRLF'],
    // A lone CR ends a line for YAML (and js-yaml's own error marks) and for editors.
    ['\r', 'CR'],
  ] as const) {
    const text = LINES.join(eol) + eol;
    it.each(CASES)(`${label}: %j (%s) -> %s`, (path, anchor, expected) => {
      expect(at(text, path, anchor)).toBe(expected);
    });
  }

  it('is 1:1 for an empty document', () => {
    expect(at('', ['id'])).toBe('1:1-1:1');
    expect(at('# only a comment\n', ['id'])).toBe('1:1-1:1');
  });

  it('counts columns in UTF-16 units, as editors do', () => {
    expect(at('name: "😀 x"\nid: y\n', ['id'])).toBe('2:5-2:6');
    expect(at('name: 😀x\n', ['name'])).toBe('1:7-1:10');
  });

  it('handles flow collections, quoted keys, anchors, aliases and empty sequence items', () => {
    const text = [
      'f: {a: 1, b: [2, "x"]}',
      '"quoted key": &anchor v',
      'alias: *anchor',
      "'single': 'it''s'",
      'tags:',
      '  -',
      '  - t',
      'folded: >-',
      '  one',
      '  two',
    ].join('\n');
    expect(at(text, ['f'])).toBe('1:4-1:23');
    expect(at(text, ['f', 'b'])).toBe('1:14-1:22');
    expect(at(text, ['f', 'b', 1])).toBe('1:18-1:21');
    expect(at(text, ['quoted key'], 'key')).toBe('2:1-2:13');
    expect(at(text, ['quoted key'])).toBe('2:23-2:24');
    expect(at(text, ['alias'])).toBe('3:8-3:15');
    expect(at(text, ['single'])).toBe('4:11-4:18');
    expect(at(text, ['tags'])).toBe('6:3-7:6');
    expect(at(text, ['tags', 0])).toBe('6:3-6:4');
    expect(at('a:\n  - x\n  # c - d\n  -\n', ['a', 1])).toBe('4:3-4:4');
    expect(at(text, ['folded'])).toBe('8:9-10:6');
  });

  it('resolves to 1:1 for text that is not YAML', () => {
    expect(at('a: [1, 2\nb: 3\n', ['b'])).toBe('1:1-1:1');
  });
});

describe('DocumentPositions.sourceOf', () => {
  it('gives a value as written, quotes included, and undefined for missing or empty values', () => {
    const p = new DocumentPositions('version: 1.0\r\nname: "a b"\r\ntags:\r\n  - x\r\nempty:\r\n');
    expect(p.sourceOf(['version'])).toBe('1.0');
    expect(p.sourceOf(['name'])).toBe('"a b"');
    expect(p.sourceOf(['tags', 0])).toBe('x');
    expect(p.sourceOf(['empty'])).toBeUndefined();
    expect(p.sourceOf(['nope'])).toBeUndefined();
  });
});
