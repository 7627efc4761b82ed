import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { summarize } from '../../src/diagnostics/order.js';
import type { FormatterContext } from '../../src/report/formatter.js';
import { MAX_ROWS, markdown } from '../../src/report/formatters/markdown.js';
import { cell, table } from '../../src/report/markdown.js';

const finding = (over: Partial<Diagnostic> = {}): Diagnostic => ({
  check: 'unknown-tactic',
  severity: 'error',
  message: 'unknown tactic "Recon"',
  file: 'rules/a.yaml',
  line: 7,
  column: 5,
  endLine: 7,
  endColumn: 10,
  ...over,
});

const ctx = (diagnostics: Diagnostic[], files = 2): FormatterContext => ({
  cwd: '/repo',
  color: false,
  version: '0.0.0',
  summary: summarize(diagnostics, files),
  checks: [],
});

const render = (diagnostics: Diagnostic[], files = 2) => markdown(diagnostics, ctx(diagnostics, files));

/** The cells of a GFM table row, split on unescaped pipes the way GitHub does. */
const cellsOf = (row: string) =>
  row
    .slice(2, -2)
    .split(/(?<!\\)\|/)
    .map(c => c.trim());

describe('markdown formatter', () => {
  it('says so when there is nothing to report', () => {
    expect(render([], 3)).toBe('### rulectl validate\n\n✅ 3 files checked, no problems\n');
  });

  it('renders one row per finding with the tally above', () => {
    const out = render([
      finding(),
      finding({ severity: 'warning', check: 'missing-description', message: 'no description', line: 1, column: 1 }),
    ]);
    expect(out).toBe(
      [
        '### rulectl validate',
        '',
        '❌ 1 error and 1 warning in 2 files',
        '',
        '| Severity | Location | Check | Message |',
        '| --- | --- | --- | --- |',
        '| error | rules/a.yaml:7:5 | unknown-tactic | unknown tactic "Recon" |',
        '| warning | rules/a.yaml:1:1 | missing-description | no description |',
        '',
      ].join('\n'),
    );
  });

  it('uses a warning sign when there are only warnings and puts the hint on a second line', () => {
    const out = render([finding({ severity: 'warning', hint: 'use Reconnaissance' })]);
    expect(out).toContain('⚠️ 0 errors and 1 warning in 2 files');
    expect(out).toContain('| unknown tactic "Recon"<br>hint: use Reconnaissance |');
  });

  it('keeps hostile text inside its cell', () => {
    const message = 'a|b <img src=x onerror=alert(1)> `code` **bold** [link](http://x) line1\nline2\r\nline3 & ~~s~~';
    const out = render([finding({ message, file: 'rules/we|ird_name.yaml' })]);
    const rows = out.split('\n').filter(l => l.startsWith('| '));
    expect(rows).toHaveLength(3);
    const cells = cellsOf(rows[2]!);
    expect(cells).toHaveLength(4);
    expect(cells[1]).toBe('rules/we&#124;ird\\_name.yaml:7:5');
    expect(cells[3]).toBe(
      'a&#124;b &lt;img src=x onerror=alert(1)&gt; \\`code\\` \\*\\*bold\\*\\* \\[link\\](http://x) line1<br>line2<br>line3 &amp; \\~\\~s\\~\\~',
    );
    expect(out).not.toMatch(/<img/);
  });

  it('caps the table and says how many findings were left out', () => {
    const many = Array.from({ length: MAX_ROWS + 5 }, (_, i) => finding({ line: i + 1 }));
    const out = render(many);
    expect(out.split('\n').filter(l => l.startsWith('| error'))).toHaveLength(MAX_ROWS);
    expect(out).toContain('… and 5 more findings');
    expect(Buffer.byteLength(out)).toBeLessThan(1024 * 1024);
  });

  it('stays under the 1 MiB job-summary limit when messages quote long values, and counts the rows left out', () => {
    // An id of 5,000 `<` is quoted whole by its check; escaped, each row is about 20 KB.
    const long = Array.from({ length: 300 }, (_, i) => finding({ line: i + 1, message: `id "${'<'.repeat(5000)}"` }));
    const out = render(long);
    expect(Buffer.byteLength(out)).toBeLessThan(1024 * 1024);
    const shown = out.split('\n').filter(l => l.startsWith('| error')).length;
    expect(shown).toBeGreaterThan(10);
    expect(out).toContain(`… and ${300 - shown} more findings`);
  });
});

describe('markdown helpers', () => {
  it('escapes backslashes so an escape cannot be undone', () => {
    expect(cell('\\|')).toBe('\\\\&#124;');
  });

  it('builds a table with a separator sized to the header', () => {
    expect(table(['A', 'B'], [['1', '2']])).toEqual({ text: '| A | B |\n| --- | --- |\n| 1 | 2 |\n', omitted: 0 });
  });

  it('leaves out the rows past its byte budget', () => {
    expect(table(['A'], [['1'], ['2'], ['3']], 30)).toEqual({ text: '| A |\n| --- |\n| 1 |\n| 2 |\n', omitted: 1 });
  });
});
