// `rulectl test --init`: the generated rows satisfy the query's comparisons with literals where they can be derived.
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { regexExample, scaffoldRows } from '../../src/testing/init.js';
import { schemasFor } from '../../src/testing/suite.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const schemas = schemasFor(repoRoot, []);
const rows = (query: string, mapped: string[] = []) => scaffoldRows(query, schemas, mapped);

describe('scaffoldRows', () => {
  it('meets has_all, has_any and in~ over literal lists and let-bound dynamic lists', () => {
    const r = rows(`let tools = dynamic(["mimikatz", "rubeus"]);
let hosts = dynamic(["DC01", "DC02"]);
SecurityEvent
| where CommandLine has_all ("sekurlsa", "logonpasswords")
| where Account has_any (tools)
| where Computer in~ (hosts)`);
    expect(r.SecurityEvent).toMatchObject({
      CommandLine: 'sekurlsa logonpasswords',
      Account: 'mimikatz',
      Computer: 'DC01',
    });
  });

  it('puts startswith, has, contains and endswith on one column together', () => {
    const r = rows(`DeviceProcessEvents
| where ProcessCommandLine startswith "powershell" and ProcessCommandLine contains "-enc"
| where ProcessCommandLine has "bypass" and ProcessCommandLine endswith ".ps1"`);
    const v = r.DeviceProcessEvents!.ProcessCommandLine as string;
    expect(v).toBe('powershell -enc bypass .ps1');
  });

  it('takes a literal prefix of a simple regex, checked against the regex, and the lower bound of between', () => {
    const r = rows(`SecurityEvent
| where CommandLine matches regex @"(?i)^certutil.*-urlcache"
| where EventID between (4624 .. 4625)`);
    expect(r.SecurityEvent).toMatchObject({ EventID: 4624 });
    // certutil alone does not match ^certutil.*-urlcache: nothing is derived rather than a value that fails.
    expect(r.SecurityEvent!.CommandLine).toBeUndefined();
    expect(
      rows(`SecurityEvent | where CommandLine matches regex "^vssadmin(.exe)? delete"`).SecurityEvent,
    ).not.toHaveProperty('CommandLine');
    expect(rows(`SecurityEvent | where CommandLine matches regex @"vssadmin\\.exe"`).SecurityEvent).toMatchObject({
      CommandLine: 'vssadmin.exe',
    });
  });

  it('leaves clauses under not() and negated operators alone', () => {
    const r = rows(`SecurityEvent
| where not(Account has "svc_backup") and Computer !has "test"
| where Process !in ("a.exe")`);
    expect(r.SecurityEvent).not.toHaveProperty('Account');
    expect(r.SecurityEvent).not.toHaveProperty('Computer');
    expect(r.SecurityEvent).not.toHaveProperty('Process');
  });

  it('gives a parser function without a body (ASIM) rows of its declared columns', () => {
    const r = rows(`imAuthentication | where EventResult == "Failure"`);
    expect(r.imAuthentication).toMatchObject({ EventResult: 'Failure' });
  });
});

describe('regexExample', () => {
  it('is a literal prefix the regex matches, or nothing', () => {
    expect(regexExample('^whoami')).toBe('whoami');
    expect(regexExample('(?i)net\\s+user')).toBeUndefined();
    expect(regexExample('net user.*')).toBe('net user');
    expect(regexExample('abc?')).toBe('ab');
    expect(regexExample('[a-z]+')).toBeUndefined();
  });
});

describe('rulectl test --init on a rule that computes its entity column', () => {
  it('records the empty computed entity column for review, so the generated file passes as written', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-init-'));
    await mkdir(path.join(dir, 'rules'));
    await writeFile(
      path.join(dir, 'rules/x.yaml'),
      `id: 0b6a0f0e-0d3c-4a53-9d59-2a5f0b0b7f12
name: Audit log cleared
severity: High
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics: [DefenseEvasion]
query: |
  SecurityEvent
  | where EventID == 1102
  | extend AccountCustomEntity = SubjectUserName
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: FullName
        columnName: AccountCustomEntity
kind: Scheduled
`,
    );
    const io = memoryIo(dir);
    expect(await runCli(['test', '--init', 'rules/x.yaml'], io)).toBe(0);
    const written = await readFile(path.join(dir, 'rules/x.tests.yaml'), 'utf8');
    expect(written).toContain('emptyEntityColumns:\n        - AccountCustomEntity');
    const again = memoryIo(dir);
    expect(await runCli(['test'], again)).toBe(0);
    expect(again.out).toContain('1 case: 1 passed, 0 failed');
  });
});
