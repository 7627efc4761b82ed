import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { summarize } from '../src/diagnostics/order.js';
import { fingerprint, sarif } from '../src/report/formatters/sarif.js';
import { BUILTIN_CHECKS } from '../src/validate/builtin-checks.js';
import { memoryIo } from '../src/cli/io.js';
import { runCli } from '../src/cli/main.js';

// The official schema is draft-04 (see test/fixtures/sarif/SOURCE.md); ajv 8 reads it once `id` is `$id`,
// and its `language` pattern is only valid without the regexp `u` flag.
function sarifValidator() {
  const file = path.join(import.meta.dirname, 'fixtures/sarif/sarif-2.1.0-rtm.5.json');
  const { $schema: _draft, id, ...schema } = JSON.parse(readFileSync(file, 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  const isUri = (s: string) => URL.canParse(s);
  ajv.addFormat('uri', isUri);
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile({ $id: id, ...schema });
}
const validate = sarifValidator();

const diags: Diagnostic[] = [
  {
    check: 'yaml-syntax',
    severity: 'error',
    message: 'bad indentation',
    file: 'rules/a b#1.yaml',
    line: 2,
    column: 3,
    endLine: 2,
    endColumn: 3,
  },
  {
    check: 'unknown-key',
    severity: 'warning',
    message: 'unknown key "foo"',
    hint: 'did you mean "for"?',
    file: 'rules/sub/c.yaml',
    line: 7,
    column: 1,
    endLine: 7,
    endColumn: 4,
    path: ['foo'],
  },
  {
    check: 'schema',
    severity: 'error',
    message: 'x',
    file: '/abs/d.yaml',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 9,
  },
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests walk the parsed log freely
const render = (ds: Diagnostic[]): any =>
  JSON.parse(
    sarif(ds, { cwd: '/repo', color: false, version: '1.2.3', summary: summarize(ds, 3), checks: BUILTIN_CHECKS }),
  );

describe('sarif formatter', () => {
  it('the validator rejects what is not SARIF', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: {} }] })).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });

  it('is valid SARIF 2.1.0 with findings and without', () => {
    for (const ds of [diags, []]) {
      const ok = validate(render(ds));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('describes the tool and every check in the catalog, plus any check only seen in results', () => {
    const run = render(diags).runs[0];
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.tool.driver).toMatchObject({ name: 'rulectl', version: '1.2.3' });
    const rules = run.tool.driver.rules as { id: string; helpUri: string; defaultConfiguration: { level: string } }[];
    const ids = rules.map(r => r.id);
    expect(ids).toEqual([...ids].sort());
    for (const c of BUILTIN_CHECKS) expect(ids).toContain(c.id);
    expect(ids).toContain('unknown-key');
    expect(rules.find(r => r.id === 'yaml-tab')?.helpUri).toMatch(/\/docs\/checks\/yaml-tab\.md$/);
    expect(rules.find(r => r.id === 'yaml-tab')?.defaultConfiguration.level).toBe('error');
    for (const r of run.results) expect(rules[r.ruleIndex]?.id).toBe(r.ruleId);
  });

  it('writes results with levels, relative encoded URIs and 1-based regions', () => {
    const [a, b, c] = render(diags).runs[0].results;
    expect(a.level).toBe('error');
    expect(a.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'rules/a%20b%231.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 3 },
    });
    expect(b.level).toBe('warning');
    expect(b.message.text).toBe('unknown key "foo". Hint: did you mean "for"?');
    expect(c.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'file:///abs/d.yaml' });
  });

  it('doubles literal braces, which SARIF message strings reserve for placeholders', () => {
    const braces = { ...diags[0]!, message: 'placeholder {{SrcIpAddr} is not closed', hint: 'write {{Name}}' };
    expect(render([braces]).runs[0].results[0].message.text).toBe(
      'placeholder {{{{SrcIpAddr}} is not closed. Hint: write {{{{Name}}}}',
    );
  });

  it('fingerprints are stable when a finding moves and differ between findings', () => {
    const [, b] = diags;
    const moved = { ...b!, line: 40, endLine: 40 };
    expect(fingerprint(moved)).toBe(fingerprint(b!));
    const fps = render(diags).runs[0].results.map(
      (r: { partialFingerprints: Record<string, string> }) => Object.values(r.partialFingerprints)[0],
    );
    expect(new Set(fps).size).toBe(3);
    expect(render(diags)).toEqual(render(diags));
  });

  it('gives the same finding made twice in one query (same check, path and message) distinct fingerprints', () => {
    // Code scanning keeps one alert per fingerprint: the second unknown `Foo` would vanish.
    const at = (line: number): Diagnostic => ({
      check: 'kql-semantic',
      severity: 'error',
      message: "The name 'Foo' does not refer to any known column",
      file: 'rules/k.yaml',
      line,
      column: 11,
      endLine: line,
      endColumn: 14,
      path: ['query'],
    });
    const fps = (ds: Diagnostic[]): string[] => {
      const results = render(ds).runs[0].results as { partialFingerprints: Record<string, string> }[];
      return results.map(r => r.partialFingerprints['rulectl/v1'] ?? '');
    };
    const [first, second] = fps([at(21), at(22)]);
    expect(first).not.toBe(second);
    // The first keeps the fingerprint it has alone; both are stable when the query moves down.
    expect(first).toBe(fingerprint(at(21)));
    expect(fps([at(31), at(32)])).toEqual([first, second]);
  });
});

describe('rulectl validate --format sarif', () => {
  it('writes valid SARIF for real findings, with every check of the catalog as a rule', async () => {
    const io = memoryIo(path.join(import.meta.dirname, 'golden/validate/errors-and-warnings'));
    expect(await runCli(['validate', 'input', '--kql', 'off', '--format', 'sarif'], io)).toBe(1);
    const log = JSON.parse(io.out);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const ids = (log.runs[0].tool.driver.rules as { id: string }[]).map(r => r.id);
    for (const c of BUILTIN_CHECKS) expect(ids).toContain(c.id);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
  });
});
