import { describe, expect, it } from 'vitest';
import { lineDiff, textDiff } from '../../src/deploy/diff.js';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

describe('lineDiff', () => {
  it('shows only the changed line with two lines of context, under a unified hunk header', () => {
    const before = lines(10);
    const after = [...before];
    after[4] = 'line five';
    expect(lineDiff(before.join('\n'), after.join('\n'))).toEqual([
      '@@ -3,5 +3,5 @@',
      ' line 3',
      ' line 4',
      '-line 5',
      '+line five',
      ' line 6',
      ' line 7',
    ]);
  });

  it('keeps far-apart changes in separate hunks and joins close ones', () => {
    const before = lines(20);
    const after = [...before];
    after[1] = 'two';
    after[4] = 'five';
    after[17] = 'eighteen';
    expect(lineDiff(before.join('\n'), after.join('\n'))).toEqual([
      '@@ -1,7 +1,7 @@',
      ' line 1',
      '-line 2',
      '+two',
      ' line 3',
      ' line 4',
      '-line 5',
      '+five',
      ' line 6',
      ' line 7',
      '@@ -16,5 +16,5 @@',
      ' line 16',
      ' line 17',
      '-line 18',
      '+eighteen',
      ' line 19',
      ' line 20',
    ]);
  });

  it('aligns inserted and removed lines', () => {
    expect(lineDiff('a\nb\nc', 'a\nc\nd')).toEqual(['@@ -1,3 +1,3 @@', ' a', '-b', ' c', '+d']);
    expect(lineDiff('a', 'a\nb')).toEqual(['@@ -1 +1,2 @@', ' a', '+b']);
    expect(lineDiff('', 'x')).toEqual(['@@ -1 +1 @@', '-', '+x']);
  });

  it('is empty for equal texts and shows a changed line ending', () => {
    expect(lineDiff('a\nb', 'a\nb')).toEqual([]);
    expect(lineDiff('a\r\nb', 'a\nb')).toEqual(['@@ -1,2 +1,2 @@', '-a\r', '+a', ' b']);
  });

  it('replaces the middle whole when it is too large to align', () => {
    const before = lines(1500).join('\n');
    const after = lines(1500)
      .map(l => `${l}!`)
      .join('\n');
    const diff = lineDiff(before, after);
    expect(diff[0]).toBe('@@ -1,1500 +1,1500 @@');
    expect(diff.filter(l => l.startsWith('-'))).toHaveLength(1500);
  });
});

describe('textDiff', () => {
  it('diffs texts with line breaks or too long to show side by side, not short values', () => {
    expect(textDiff({ path: 'query', before: 'T\n| where A', after: 'T\n| where B' })).toEqual([
      '@@ -1,2 +1,2 @@',
      ' T',
      '-| where A',
      '+| where B',
    ]);
    expect(textDiff({ path: 'description', before: 'x'.repeat(70), after: 'y'.repeat(70) })).toHaveLength(3);
    expect(textDiff({ path: 'severity', before: 'Low', after: 'High' })).toBeUndefined();
    expect(textDiff({ path: 'query', after: 'T\n| where B' })).toBeUndefined();
    expect(textDiff({ path: 'tactics', before: ['a'], after: ['b'] })).toBeUndefined();
  });
});
