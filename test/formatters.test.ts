import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { summarize } from '../src/diagnostics/order.js';
import type { FormatterContext } from '../src/report/formatter.js';
import { escapeData, escapeProperty, github } from '../src/report/formatters/github.js';
import { json } from '../src/report/formatters/json.js';
import { stylish } from '../src/report/formatters/stylish.js';
import { codeFrame } from '../src/report/code-frame.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { memoryIo } from '../src/cli/io.js';
import { runCli } from '../src/cli/main.js';

const diag = (over: Partial<Diagnostic> = {}): Diagnostic => ({
  check: 'unknown-tactic',
  severity: 'error',
  message: 'unknown tactic "Recon"',
  file: 'rules/a.yaml',
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 10,
  ...over,
});

const ctx = (ds: Diagnostic[], files = 1): FormatterContext => ({
  cwd: '/repo',
  color: false,
  version: '0.1.0',
  summary: summarize(ds, files),
  checks: [],
});

describe('github formatter', () => {
  it('escapes data exactly as actions/toolkit does', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeData('a:b,c')).toBe('a:b,c');
    expect(escapeData('%0A')).toBe('%250A');
  });

  it('escapes properties: data characters plus colon and comma', () => {
    expect(escapeProperty('C:\\rules\\a,b%.yaml\n')).toBe('C%3A\\rules\\a%2Cb%25.yaml%0A');
  });

  it('prints one error command per finding with every position property', () => {
    expect(github([diag()], ctx([diag()]))).toBe(
      '::error file=rules/a.yaml,line=3,col=5,endLine=3,endColumn=10,title=unknown-tactic::unknown tactic "Recon"\n',
    );
  });

  it('uses ::warning for warnings and puts the hint on a second annotation line', () => {
    const d = diag({ severity: 'warning', check: 'unknown-key', message: 'unknown key "foo"', hint: 'remove it' });
    expect(github([d], ctx([d]))).toBe(
      '::warning file=rules/a.yaml,line=3,col=5,endLine=3,endColumn=10,title=unknown-key::unknown key "foo"%0Ahint: remove it\n',
    );
  });

  it('escapes every special character in messages and file names', () => {
    const d = diag({ file: 'rules/odd: name, 100%\r\n.yaml', message: 'a%b\rc\nd: e, f::g' });
    const out = github([d], ctx([d]));
    expect(out).toBe(
      '::error file=rules/odd%3A name%2C 100%25%0D%0A.yaml,line=3,col=5,endLine=3,endColumn=10,title=unknown-tactic::a%25b%0Dc%0Ad: e, f::g\n',
    );
    // One command per line, whatever the message held.
    expect(out.split('\n')).toHaveLength(2);
  });

  it('prints nothing when there is nothing to say', () => {
    expect(github([], ctx([]))).toBe('');
  });

  it('ends with a notice when GitHub will not show every finding as an annotation (10 of each kind per step)', () => {
    const errors = Array.from({ length: 11 }, (_, i) => diag({ line: i + 1, endLine: i + 1 }));
    const warnings = Array.from({ length: 3 }, (_, i) => diag({ line: i + 1, endLine: i + 1, severity: 'warning' }));
    const out = github([...errors, ...warnings], ctx([...errors, ...warnings])).split('\n');
    expect(out).toHaveLength(16);
    expect(out[14]).toBe(
      '::notice title=rulectl::11 errors and 3 warnings; GitHub shows at most 10 of each as annotations per step ' +
        "(50 per job); this step's log lists them all",
    );
    const ten = errors.slice(0, 10);
    expect(github(ten, ctx(ten))).not.toContain('::notice');
  });
});

describe('json formatter', () => {
  it('has the documented shape, 1-based positions and a summary', () => {
    const ds = [diag(), diag({ severity: 'warning', line: 9, hint: 'h' })];
    const out = JSON.parse(json(ds, ctx(ds, 2)));
    expect(out).toEqual({
      diagnostics: [
        {
          file: 'rules/a.yaml',
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 10,
          severity: 'error',
          check: 'unknown-tactic',
          message: 'unknown tactic "Recon"',
        },
        expect.objectContaining({ line: 9, severity: 'warning', hint: 'h' }),
      ],
      summary: { files: 2, errors: 1, warnings: 1 },
    });
  });
});

describe('stylish formatter', () => {
  it('groups by file and counts problems without colour codes when colour is off', () => {
    const ds = [diag(), diag({ file: 'rules/b.yaml', severity: 'warning', message: 'w', check: 'c' })];
    const out = stylish(ds, ctx(ds, 2));
    expect(out).toBe(
      [
        'rules/a.yaml',
        '  3:5  error    unknown tactic "Recon"  unknown-tactic',
        '',
        'rules/b.yaml',
        '  3:5  warning  w  c',
        '',
        '✖ 2 problems (1 error, 1 warning) in 2 files',
        '',
      ].join('\n'),
    );
    expect(out).not.toContain('\u001b[');
  });

  it('says so when there are no problems', () => {
    expect(stylish([], ctx([], 3))).toBe('✓ 3 files checked, no problems\n');
  });

  it('shows control characters from file names, messages and hints as escapes, one line per finding', () => {
    // A quoted rule value or a file name must not clear the screen, retitle the terminal or break the layout.
    const d = diag({
      file: 'rules/\u001b[2Ja.yaml',
      message: 'id "x\u001b]0;pwned\u0007\nline2\r" is not a GUID\u009b',
      hint: 'tab\tkept, \u007f and \u202e shown, עברית kept',
    });
    const out = stylish([d], ctx([d]));
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(out.split('\n').slice(0, 3)).toEqual([
      'rules/\\u001b[2Ja.yaml',
      '  3:5  error    id "x\\u001b]0;pwned\\u0007\\nline2\\r" is not a GUID\\u009b  unknown-tactic',
      '       hint: tab\tkept, \\u007f and \\u202e shown, עברית kept',
    ]);
  });

  it('lets no file name or message start a GitHub workflow command', () => {
    const d = diag({ file: '::error title=pwned::x.yaml', message: 'name "##[warning]owned" is odd', hint: ':: x' });
    const lines = stylish([d], ctx([d])).split('\n');
    expect(lines.filter(l => /^\s*::/.test(l) || l.includes('##['))).toEqual([]);
    expect(lines.slice(0, 3)).toEqual([
      '\\u003a:error title=pwned::x.yaml',
      '  3:5  error    name "#\\u0023[warning]owned" is odd  unknown-tactic',
      '       hint: \\u003a: x',
    ]);
  });

  it('colours when told to, even into a pipe, and never otherwise', () => {
    const ds = [diag()];
    expect(stylish(ds, { ...ctx(ds), color: true })).toContain('\u001b[31merror');
    expect(stylish(ds, ctx(ds))).not.toContain('\u001b[');
  });
});

describe('code frames (stylish --code-frame)', () => {
  const text = 'id: x\r\ntactics:\r\n\t- Recon  # tab-indented on purpose\r\nname: a\r\n';

  it('underlines the range on its source line, CR stripped, tabs kept so the caret lines up', () => {
    const d = diag({ line: 3, column: 4, endLine: 3, endColumn: 9 });
    expect(codeFrame(text, d, '> ')).toEqual(['> \t- Recon  # tab-indented on purpose', '> \t  ^~~~~']);
  });

  it('marks a range over several lines to the end of its first line, and an empty range with one caret', () => {
    expect(codeFrame(text, diag({ line: 2, column: 1, endLine: 3, endColumn: 3 }), '')[1]).toBe('^~~~~~~~');
    expect(codeFrame(text, diag({ line: 1, column: 1, endLine: 1, endColumn: 1 }), '')[1]).toBe('^');
  });

  it('shows control characters in the source line as escapes and keeps the caret under the range', () => {
    const source = 'name: "a\u001bb" x\n';
    const d = diag({ line: 1, column: 13, endLine: 1, endColumn: 14 });
    expect(codeFrame(source, d, '')).toEqual(['name: "a\\u001bb" x', ' '.repeat(17) + '^']);
  });

  it('ends a line at a lone CR too', () => {
    const d = diag({ line: 2, column: 4, endLine: 2, endColumn: 5 });
    expect(codeFrame('a: 1\rb: x\rc: 3', d, '')).toEqual(['b: x', '   ^']);
    expect(codeFrame('a: 1\rb: x\rc: 3', { ...d, line: 3, endLine: 3 }, '')).toEqual(['c: 3', '   ^']);
  });

  it('shows nothing for a line that is not there', () => {
    expect(codeFrame(text, diag({ line: 99, endLine: 99 }), '')).toEqual([]);
  });

  it('is added by stylish only when the source is given', () => {
    const d = diag({ file: 'r.yaml', line: 4, column: 7, endLine: 4, endColumn: 8 });
    const withSource = stylish([d], { ...ctx([d]), source: f => (f === 'r.yaml' ? text : undefined) });
    expect(withSource).toContain(`\n${' '.repeat(7)}name: a\n${' '.repeat(13)}^\n`);
    expect(stylish([d], ctx([d]))).not.toContain('name: a');
  });
});

describe('rulectl validate colour', () => {
  const cwd = path.join(import.meta.dirname, 'golden/validate/errors-and-warnings');
  const run = async (args: string[], stdoutIsTTY: boolean, env: Record<string, string> = {}) => {
    // stderr is a terminal in every case: only where stdout goes decides.
    const io = Object.assign(memoryIo(cwd, env), { isTTY: true, stdoutIsTTY });
    await runCli(['validate', 'input', '--kql', 'off', ...args], io);
    return io.out.includes('\u001b[');
  };

  it('is on when stdout is a terminal, off when it is redirected, NO_COLOR is set or --no-color is given', async () => {
    expect(await run([], true)).toBe(true);
    expect(await run([], false)).toBe(false);
    expect(await run([], true, { NO_COLOR: '1' })).toBe(false);
    expect(await run(['--no-color'], true)).toBe(false);
  });

  it('is on with --color even when stdout is not a terminal', async () => {
    expect(await run(['--color'], false)).toBe(true);
  });

  it('is off for build-arm findings printed to a redirected stdout', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'rulectl-colour-'));
    try {
      const io = Object.assign(memoryIo(cwd), { isTTY: true, stdoutIsTTY: false });
      expect(await runCli(['build-arm', 'input', '--kql', 'off', '--out', out], io)).toBe(1);
      expect(io.out).toContain('error');
      expect(io.out).not.toContain('\u001b[');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
