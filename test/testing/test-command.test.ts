import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

const QUERY = `SigninLogs
  | where ResultType != "0"
  | summarize Attempts = count() by IPAddress, UserPrincipalName`;

function rule(opts: { query?: string; threshold?: number; period?: string; grouping?: string } = {}): string {
  const query = (opts.query ?? QUERY).split('\n').map(l => `  ${l.trim().startsWith('|') ? l.trim() : l.trim()}`);
  return [
    'id: 0b6a0f0e-0d3c-4a53-9d59-2a5f0b0b7f11',
    'name: Failed sign-ins from one address',
    'severity: Medium',
    'queryFrequency: 1h',
    `queryPeriod: ${opts.period ?? '1h'}`,
    'triggerOperator: gt',
    `triggerThreshold: ${opts.threshold ?? 0}`,
    'tactics:',
    '  - CredentialAccess',
    'query: |',
    ...query,
    'entityMappings:',
    '  - entityType: IP',
    '    fieldMappings:',
    '      - identifier: Address',
    '        columnName: IPAddress',
    '  - entityType: Account',
    '    fieldMappings:',
    '      - identifier: FullName',
    '        columnName: UserPrincipalName',
    'customDetails:',
    '  Attempts: Attempts',
    'alertDetailsOverride:',
    '  alertDisplayNameFormat: Failed sign-ins from {{IPAddress}}',
    'eventGroupingSettings:',
    `  aggregationKind: ${opts.grouping ?? 'AlertPerResult'}`,
    'kind: Scheduled',
    '',
  ].join('\n');
}

const TESTS = `cases:
  - name: three failures from one address fire
    data:
      SigninLogs:
        - { TimeGenerated: 2024-01-15T10:00:00Z, ResultType: "50126", IPAddress: 203.0.113.7, UserPrincipalName: a@contoso.com }
        - { TimeGenerated: 2024-01-15T10:01:00Z, ResultType: "50126", IPAddress: 203.0.113.7, UserPrincipalName: a@contoso.com }
        - { TimeGenerated: 2024-01-15T10:02:00Z, ResultType: "50126", IPAddress: 203.0.113.7, UserPrincipalName: a@contoso.com }
    expect:
      alerts:
        - entities:
            - { type: IP, Address: 203.0.113.7 }
            - { type: Account, FullName: a@contoso.com }
          customDetails: { Attempts: 3 }
          alertDisplayName: Failed sign-ins from 203.0.113.7
          severity: Medium
  - name: successful sign-ins stay quiet
    data:
      SigninLogs:
        - { TimeGenerated: 2024-01-15T10:00:00Z, ResultType: "0", IPAddress: 203.0.113.7, UserPrincipalName: a@contoso.com }
    expect:
      fires: false
`;

async function repo(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-test-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

async function run(dir: string, ...args: string[]) {
  const io = memoryIo(dir);
  const code = await runCli(['test', ...args], io);
  return { code, out: io.out, err: io.err };
}

/** The 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex(l => l.includes(needle)) + 1;

describe('rulectl test', () => {
  it('passes a rule whose cases hold', async () => {
    const dir = await repo({ 'rules/x.yaml': rule(), 'rules/x.tests.yaml': TESTS });
    const r = await run(dir);
    expect(r.out).toContain('2 cases: 2 passed, 0 failed (1 rule)');
    expect(r.code).toBe(0);
  });

  it('fails a case for a wrong threshold, at the case line, with the result shown', async () => {
    const dir = await repo({ 'rules/x.yaml': rule({ threshold: 5 }), 'rules/x.tests.yaml': TESTS });
    const r = await run(dir);
    expect(r.code).toBe(1);
    const line = lineOf(TESTS, 'three failures from one address fire');
    expect(r.out).toContain(
      `rules/x.tests.yaml:${line}:11: expected 1 alert, got 0: the query returned 1 row; the rule fires on more than 5 rows (triggerOperator gt, triggerThreshold 5)\n        result:\n`,
    );
    expect(r.out).toMatch(/IPAddress\s+│ UserPrincipalName\s+│ Attempts/);
    expect(r.out).toMatch(/203\.0\.113\.7 │ a@contoso\.com\s+│ 3/);
    expect(r.out).toContain('1 passed, 1 failed');
  });

  it('fails the quiet case when the query lost its where', async () => {
    const query = QUERY.replace('  | where ResultType != "0"\n', '');
    const dir = await repo({ 'rules/x.yaml': rule({ query }), 'rules/x.tests.yaml': TESTS });
    const r = await run(dir);
    expect(r.code).toBe(1);
    const line = lineOf(TESTS, 'successful sign-ins stay quiet');
    expect(r.out).toContain(
      `rules/x.tests.yaml:${line}:11: expected the rule to stay quiet, it fired: the query returned 1 row; the rule fires on more than 0 rows (triggerOperator gt, triggerThreshold 0)\n        result:\n`,
    );
    // The row the where would have dropped, as a grid.
    expect(r.out).toMatch(
      / {10}IPAddress {3}│ UserPrincipalName │ Attempts\n {10}─+┼─+┼─+\n {10}203\.0\.113\.7 │ a@contoso\.com {5}│ 1\n/,
    );
    expect(r.out).toContain('✓ three failures from one address fire');
  });

  it('fails when the query renames a mapped entity column', async () => {
    const query = `${QUERY}\n  | project-rename SourceIP = IPAddress`;
    const dir = await repo({ 'rules/x.yaml': rule({ query }), 'rules/x.tests.yaml': TESTS });
    const r = await run(dir);
    expect(r.code).toBe(1);
    const line = lineOf(TESTS, 'three failures from one address fire');
    expect(r.out).toContain(
      `rules/x.tests.yaml:${line}:11: entity mapping IP.Address reads column IPAddress, which the query's result does not have (columns: SourceIP, UserPrincipalName, Attempts)`,
    );
    // The alert's expectations are compared too: the IP entity is gone, and {{IPAddress}} is left as written.
    const alertLine = lineOf(TESTS, '- entities:');
    expect(r.out).toContain(
      `rules/x.tests.yaml:${alertLine}:11: alert 1: entities differ\n          Account FullName=a@contoso.com\n        - IP Address=203.0.113.7\n          (- expected, + actual)\n`,
    );
    expect(r.out).toContain('+ actual:   Failed sign-ins from {{IPAddress}}');
  });

  it('fails when the window is an hour where the case needs it longer (queryPeriod off by one)', async () => {
    const tests = `cases:
  - name: events across the hour before the run
    now: 2024-01-15T11:00:00Z
    data:
      SigninLogs:
        - { TimeGenerated: 2024-01-15T09:59:59Z, ResultType: "50126", IPAddress: 198.51.100.1, UserPrincipalName: old@contoso.com }
        - { TimeGenerated: 2024-01-15T10:00:00Z, ResultType: "50126", IPAddress: 203.0.113.7, UserPrincipalName: a@contoso.com }
    expect:
      rows:
        - { IPAddress: 198.51.100.1, UserPrincipalName: old@contoso.com, Attempts: 1 }
        - { IPAddress: 203.0.113.7, UserPrincipalName: a@contoso.com, Attempts: 1 }
`;
    const ok = await run(await repo({ 'rules/x.yaml': rule({ period: '2h' }), 'rules/x.tests.yaml': tests }));
    expect(ok.out).toContain('1 passed, 0 failed');
    // queryPeriod 1h: the row one second older than now - 1h is not seen; the row at now - 1h is.
    const r = await run(await repo({ 'rules/x.yaml': rule({ period: '1h' }), 'rules/x.tests.yaml': tests }));
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'rules/x.tests.yaml:2:11: the result rows differ (2 expected, 1 actual); 1 data row of the case lies outside the window the run sees, 2024-01-15T10:00:00Z up to 2024-01-15T11:00:00Z (queryPeriod 1h)',
    );
    expect(r.out).toMatch(/- 198\.51\.100\.1 │ old@contoso\.com\s+│ 1/);
    expect(r.out).toMatch(/ {3}203\.0\.113\.7 {2}│ a@contoso\.com\s+│ 1/);
    expect(r.out).toContain('(- expected, + actual)');
  });

  it('makes one alert with SingleAlert and lists every row in a custom detail', async () => {
    const tests = TESTS.replace(
      /alerts:\n[\s\S]*?severity: Medium\n/,
      'alerts:\n        - customDetails: { Attempts: [3] }\n',
    ).replace(
      '        - { TimeGenerated: 2024-01-15T10:02:00Z',
      '        - { TimeGenerated: 2024-01-15T10:02:30Z, ResultType: "50053", IPAddress: 192.0.2.1, UserPrincipalName: b@contoso.com }\n        - { TimeGenerated: 2024-01-15T10:02:00Z',
    );
    const dir = await repo({ 'rules/x.yaml': rule({ grouping: 'SingleAlert' }), 'rules/x.tests.yaml': tests });
    const r = await run(dir, '--format', 'json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { results: { name: string; failures: { message: string; diff?: string }[] }[] };
    expect(json.results[0]!.failures[0]!.message).toBe('alert 1: custom detail Attempts differs');
    expect(json.results[0]!.failures[0]!.diff).toBe('- expected: ["3"]\n+ actual:   ["3","1"]');
  });

  it('fails a case the engine cannot run, at the query position in the rule file', async () => {
    const query = `${QUERY}\n  | extend F = series_fir(dynamic([1]), dynamic([1]))`;
    const dir = await repo({ 'rules/x.yaml': rule({ query }), 'rules/x.tests.yaml': TESTS });
    const r = await run(dir);
    expect(r.code).toBe(1);
    const text = rule({ query });
    expect(r.out).toContain(
      `rules/x.yaml:${lineOf(text, 'series_fir')}:16: the query cannot run (unsupported): the function series_fir() is not supported`,
    );
    expect(r.out).toContain('0 passed, 2 failed');
  });

  it('reports every mistake in a test file at its line and exits 2', async () => {
    const tests = `cases:
  - name: one
    data:
      SigninLogs:
        - { TimeGenerated: yesterday, ResultType: "0" }
    expect:
      alert: 1
  - name: two
    data: {}
    now: 2024-01-15T10:00:00Z
    expect:
      fires: maybe
`;
    const dir = await repo({ 'rules/x.yaml': rule(), 'rules/x.tests.yaml': tests });
    const r = await run(dir);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/5:28 +error +SigninLogs\.TimeGenerated is datetime: "yesterday" is not a datetime/);
    expect(r.out).toMatch(/7:7 +error +unknown key "alert"; did you mean "alerts"\?/);
    expect(r.out).toMatch(/12:14 +error +"fires" is true or false/);
  });

  it('writes JUnit XML and GitHub annotations for failures', async () => {
    const dir = await repo({ 'rules/x.yaml': rule({ threshold: 5 }), 'rules/x.tests.yaml': TESTS });
    const junit = await run(dir, '--format', 'junit');
    expect(junit.code).toBe(1);
    expect(junit.out).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="rulectl test" tests="2" failures="1" errors="0">/,
    );
    expect(junit.out).toContain(
      '<testcase classname="rules/x.yaml" name="successful sign-ins stay quiet" file="rules/x.tests.yaml" line="16"',
    );
    expect(junit.out).toMatch(
      /<failure message="expected 1 alert, got 0: the query returned 1 row; the rule fires on more than 5 rows \(triggerOperator gt, triggerThreshold 5\)" type="test-failed">/,
    );
    const gh = await run(dir, '--format', 'github');
    expect(gh.out).toMatch(
      /^::error file=rules\/x\.tests\.yaml,line=2,col=11,endLine=2,endColumn=11,title=test-failed::three failures from one address fire: expected 1 alert, got 0: .*%0Aresult:%0A/m,
    );
  });

  it('--require-tests: a rule without tests, or without a quiet case, is an error', async () => {
    const onlyFiring = TESTS.slice(0, TESTS.indexOf('  - name: successful'));
    const dir = await repo({
      'rules/x.yaml': rule(),
      'rules/x.tests.yaml': onlyFiring,
      'rules/y.yaml': rule().replace('0b6a0f0e-0d3c-4a53-9d59-2a5f0b0b7f11', '1b6a0f0e-0d3c-4a53-9d59-2a5f0b0b7f11'),
    });
    expect((await run(dir)).code).toBe(0);
    const r = await run(dir, '--require-tests');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/rules\/x\.tests\.yaml\n\s+1:1 +error +no case in which the rule stays quiet +test-missing/);
    expect(r.out).toMatch(/rules\/y\.yaml\n\s+1:1 +error +the rule has no tests +test-missing/);
    await writeFile(path.join(dir, 'rulectl.yaml'), 'tests:\n  required: true\n');
    expect((await run(dir)).code).toBe(1);
    await writeFile(path.join(dir, 'rulectl.yaml'), 'tests:\n  requried: true\n');
    const bad = await run(dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown key "requried"/);
  });

  it('--filter runs only the matching cases', async () => {
    const dir = await repo({ 'rules/x.yaml': rule({ threshold: 5 }), 'rules/x.tests.yaml': TESTS });
    const r = await run(dir, '--filter', 'QUIET');
    expect(r.code).toBe(0);
    expect(r.out).toContain('1 case: 1 passed, 0 failed');
  });

  it('the bundled rules each have a firing and a quiet case, and pass', async () => {
    const r = await run(repoRoot, 'rules', '--require-tests');
    expect(r.out).toMatch(/cases: (\d+) passed, 0 failed \(4 rules\)/);
    expect(r.code).toBe(0);
  });
});

describe('rulectl test --init', () => {
  it('writes a reviewed-marked case whose rows satisfy the literal comparisons, and refuses to overwrite', async () => {
    const dir = await repo({ 'rules/x.yaml': rule() });
    const r = await run(dir, '--init', 'rules/x.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toContain('wrote rules/x.tests.yaml: SigninLogs; the generated case fires (1 alert(s)); review it');
    const again = await run(dir, '--init', 'rules/x.yaml');
    expect(again.code).toBe(2);
    expect(again.err).toContain('rules/x.tests.yaml exists; --init does not overwrite it');
    const passes = await run(dir);
    expect(passes.code).toBe(0);
  });
});
