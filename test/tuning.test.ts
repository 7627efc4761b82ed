// A team's tuning of validate: levels per check in rulectl.yaml, suppression comments in rule files (kept aside and
// listed in SARIF as suppressed results), unused or unknown suppressions, and --fail-on.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../src/cli/io.js';
import { runCli } from '../src/cli/main.js';
import { parseDirectives } from '../src/validate/tuning.js';

const repo = path.resolve(import.meta.dirname, '..');
const base = await readFile(path.join(repo, 'rules/endpoint/encoded-powershell.yaml'), 'utf8');
/** The bundled rule with a severity-value error (line 6) and an unknown-key warning (the last line). */
const flawed = base.replace('severity: Medium', 'severity: medium') + 'extraKey: 1\n';

async function repoWith(rule: string, config?: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-tuning-'));
  await mkdir(path.join(dir, '.git'));
  await mkdir(path.join(dir, 'rules'));
  await writeFile(path.join(dir, 'rules/r.yaml'), rule);
  if (config !== undefined) await writeFile(path.join(dir, 'rulectl.yaml'), config);
  return dir;
}

async function validate(dir: string, ...args: string[]) {
  const io = memoryIo(dir);
  const code = await runCli(['validate', '--kql', 'off', ...args], io);
  return { code, out: io.out, err: io.err };
}

interface JsonReport {
  diagnostics: { check: string; severity: string; line: number; message: string }[];
  suppressed?: { check: string; justification: string }[];
  summary: { errors: number; warnings: number; suppressed?: number };
}
const json = (out: string) => JSON.parse(out) as JsonReport;

describe('checks: in rulectl.yaml', () => {
  it('turns a check off, down to a warning, or up to an error', async () => {
    const before = json((await validate(await repoWith(flawed), '-f', 'json')).out);
    expect(before.diagnostics.map(d => [d.check, d.severity])).toEqual([
      ['severity-value', 'error'],
      ['unknown-key', 'warning'],
    ]);
    const off = await validate(await repoWith(flawed, 'checks:\n  severity-value: off\n'), '-f', 'json');
    expect(off.code).toBe(0);
    expect(json(off.out).diagnostics.map(d => d.check)).toEqual(['unknown-key']);
    const swapped = await validate(
      await repoWith(flawed, 'checks:\n  severity-value: warning\n  unknown-key: error\n'),
      '-f',
      'json',
    );
    expect(swapped.code).toBe(1);
    expect(json(swapped.out).diagnostics.map(d => [d.check, d.severity])).toEqual([
      ['severity-value', 'warning'],
      ['unknown-key', 'error'],
    ]);
  });

  it('carries the configured levels into SARIF (a check turned off is disabled there)', async () => {
    const dir = await repoWith(flawed, 'checks:\n  severity-value: warning\n  unknown-key: off\n');
    const log = JSON.parse((await validate(dir, '-f', 'sarif')).out) as {
      runs: {
        tool: { driver: { rules: { id: string; defaultConfiguration: { level: string; enabled?: boolean } }[] } };
        results: { ruleId: string; level: string }[];
      }[];
    };
    const run = log.runs[0]!;
    const rule = (id: string) => run.tool.driver.rules.find(r => r.id === id)?.defaultConfiguration;
    expect(rule('severity-value')).toEqual({ level: 'warning' });
    expect(rule('unknown-key')).toEqual({ level: 'warning', enabled: false });
    expect(run.results.map(r => [r.ruleId, r.level])).toEqual([['severity-value', 'warning']]);
  });

  it('refuses unknown ids (with a suggestion) and wrong levels, at their line, exit 2', async () => {
    const dir = await repoWith(flawed, 'checks:\n  severity-valeu: off\n  unknown-key: false\n  field-length: info\n');
    const run = await validate(dir);
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      'rulectl.yaml:2:3: checks: unknown check "severity-valeu"; did you mean "severity-value"?',
    );
    expect(run.err).toContain('rulectl.yaml:3:16: checks.unknown-key: expected off, warning, error, not false');
    expect(run.err).toContain('rulectl.yaml:4:17: checks.field-length: expected off, warning, error, not "info"');
    expect((await validate(await repoWith(flawed, 'checks: [unknown-key]\n'))).err).toContain(
      'checks: expected a mapping of check id to off, warning or error',
    );
  });
});

describe('suppression comments', () => {
  const suppressedLine = flawed.replace(
    'severity: medium',
    '# rulectl-disable-next-line severity-value -- legacy rule, fixed in the next release\nseverity: medium',
  );

  it('a next-line comment suppresses that finding only: kept aside, counted, exit 0', async () => {
    const dir = await repoWith(suppressedLine);
    const run = await validate(dir, '-f', 'json');
    expect(run.code).toBe(0);
    const report = json(run.out);
    expect(report.diagnostics.map(d => d.check)).toEqual(['unknown-key']);
    expect(report.suppressed).toEqual([
      expect.objectContaining({ check: 'severity-value', justification: 'legacy rule, fixed in the next release' }),
    ]);
    expect(report.summary).toEqual({ files: 1, errors: 0, warnings: 1, suppressed: 1 });
    const stylish = await validate(dir);
    expect(stylish.out).toContain('✖ 1 problem (0 errors, 1 warning) in 1 file; 1 suppressed by comments');
  });

  it('lists suppressed findings in SARIF as suppressed results with the reason', async () => {
    const log = JSON.parse((await validate(await repoWith(suppressedLine), '-f', 'sarif')).out) as {
      runs: { results: { ruleId: string; suppressions?: { kind: string; justification?: string }[] }[] }[];
    };
    const results = log.runs[0]!.results;
    expect(results.map(r => [r.ruleId, r.suppressions])).toEqual([
      ['severity-value', [{ kind: 'inSource', justification: 'legacy rule, fixed in the next release' }]],
      ['unknown-key', undefined],
    ]);
  });

  it('a file-level comment suppresses every finding of its ids in the file', async () => {
    const rule = `# rulectl-disable unknown-key, severity-value\n${flawed}`;
    const run = await validate(await repoWith(rule), '-f', 'json');
    expect(run.code).toBe(0);
    expect(json(run.out).diagnostics).toEqual([]);
    expect(json(run.out).summary.suppressed).toBe(2);
  });

  it('covers the block the next line opens (a list at the key indentation), not what follows it', () => {
    const text =
      'a: 1\n# rulectl-disable-next-line x\nlist:\n- b: 1\n  c: 2\n\n- d\nnext: 1\nquery: |\n  # no directive\n';
    const [d, ...rest] = parseDirectives(text);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ kind: 'disable-next-line', ids: [{ id: 'x' }], line: 2, from: 3, to: 7 });
  });

  it('reports an unused or unknown suppression as an unused-suppression warning at the comment', async () => {
    const rule = flawed
      .replace('severity: medium', 'severity: Medium')
      .replace('tactics:', '# rulectl-disable-next-line severity-value, unkown-key -- old\ntactics:');
    const run = await validate(await repoWith(rule), '-f', 'json');
    expect(run.code).toBe(0);
    const unused = json(run.out).diagnostics.filter(d => d.check === 'unused-suppression');
    expect(unused.map(d => [d.line, d.severity, d.message])).toEqual([
      [17, 'warning', 'rulectl-disable-next-line names an unknown check "unkown-key"; did you mean "unknown-key"?'],
      [
        17,
        'warning',
        'rulectl-disable-next-line severity-value suppresses nothing: no severity-value finding on lines 18-19',
      ],
    ]);
    // Turned off like any check; and a KQL check is not called unused when the KQL stage did not run.
    const off = await validate(await repoWith(rule, 'checks: { unused-suppression: off }\n'), '-f', 'json');
    expect(json(off.out).diagnostics.map(d => d.check)).toEqual(['unknown-key']);
    const kql = await validate(await repoWith(`# rulectl-disable kql-semantic\n${base}`), '-f', 'json');
    expect(json(kql.out).diagnostics).toEqual([]);
  });
});

describe('--fail-on', () => {
  it('warning: exit 1 on a warning; error (the default): only errors fail', async () => {
    const dir = await repoWith(flawed.replace('severity: medium', 'severity: Medium'));
    expect((await validate(dir)).code).toBe(0);
    expect((await validate(dir, '--fail-on', 'error')).code).toBe(0);
    expect((await validate(dir, '--fail-on', 'warning')).code).toBe(1);
    expect((await validate(dir, '--fail-on', 'warning', '--max-warnings', '5')).code).toBe(1);
    const bad = await validate(dir, '--fail-on', 'info');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Invalid values');
  });
});
