// validate --fix and --fix-dry-run: the safe fixes applied in place with comments and layout kept, a diff that writes
// nothing, SARIF fixes, files that do not parse left alone, and each check's page saying whether it fixes.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { CHECKS } from '../../src/validate/checks/index.js';

// Five fixable mistakes (a key's case, which then exposes a value's case; two duration spellings; an operator's and
// a kind's case) and a tactic in another case, among comments and irregular spacing that must survive.
const RULE = `# Sign-ins from a new country: owned by the identity team.
id: 4b0f3c6e-2f1d-4a51-9a0c-6a4f5d1c2b7e
name: Sign-ins from a new country
description: |
  'Finds successful sign-ins from a country the account has not used in the last 14 days.'
Severity: medium # was High last year
requiredDataConnectors:
  - connectorId: AzureActiveDirectory
    dataTypes:
      - SigninLogs
queryFrequency: 1 hour   # hourly
queryPeriod: "14 days"
triggerOperator: GT
triggerThreshold: 0
tactics:
  - initialaccess # ATT&CK TA0001
relevantTechniques:
  - T1078
query: |
  SigninLogs
  | where ResultType == "0"
  | summarize Countries = make_set(Location) by UserPrincipalName
version: 1.0.0
kind: scheduled
`;

async function repo(text = RULE): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-fix-'));
  const file = path.join(dir, 'rule.yaml');
  await writeFile(file, text);
  return { dir, file };
}

async function validate(dir: string, ...args: string[]) {
  const io = memoryIo(dir);
  const code = await runCli(['validate', 'rule.yaml', '--kql', 'off', ...args], io);
  return { code, out: io.out, err: io.err };
}

describe('validate --fix', () => {
  it('fixes the mistakes in place, keeps every comment and untouched line, and the file then validates clean', async () => {
    const { dir, file } = await repo();
    expect((await validate(dir)).code).toBe(1);
    const fixed = await validate(dir, '--fix');
    expect(fixed.err).toBe('rulectl: applied 7 fix(es) in 1 file(s)\n');
    expect(fixed.code).toBe(0);
    expect(fixed.out).toContain('no problems');
    const after = await readFile(file, 'utf8');
    expect(after).toBe(
      RULE.replace('Severity: medium', 'severity: Medium')
        .replace('1 hour   #', '1h   #')
        .replace('"14 days"', '"14d"')
        .replace('triggerOperator: GT', 'triggerOperator: gt')
        .replace('- initialaccess', '- InitialAccess')
        .replace('kind: scheduled', 'kind: Scheduled'),
    );
    for (const comment of RULE.match(/#.*$/gm) ?? []) expect(after).toContain(comment);
    expect((await validate(dir)).code).toBe(0);
  });

  it('--fix-dry-run prints a unified diff, exits 1 and leaves the file byte for byte', async () => {
    const { dir, file } = await repo();
    const before = readFileSync(file);
    const dry = await validate(dir, '--fix-dry-run');
    expect(dry.code).toBe(1);
    expect(dry.out.startsWith('--- a/rule.yaml\n+++ b/rule.yaml\n@@ -3,')).toBe(true);
    expect(dry.out).toContain('\n-Severity: medium # was High last year\n+severity: Medium # was High last year\n');
    expect(dry.out).toContain('\n-queryFrequency: 1 hour   # hourly\n-queryPeriod: "14 days"\n');
    expect(dry.out).toContain('\n+queryFrequency: 1h   # hourly\n+queryPeriod: "14d"\n+triggerOperator: gt\n');
    expect(dry.err).toContain('7 fix(es) in 1 file(s) would be applied (nothing written)');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('puts the fixes in SARIF as replacements of the finding region', async () => {
    const { dir } = await repo();
    const sarif = JSON.parse((await validate(dir, '--format', 'sarif')).out);
    const results = sarif.runs[0].results as {
      ruleId: string;
      locations: { physicalLocation: { region: unknown } }[];
      fixes?: { artifactChanges: { artifactLocation: { uri: string }; replacements: unknown[] }[] }[];
    }[];
    const fixes = results.filter(r => r.fixes).map(r => r.ruleId);
    expect(fixes.sort()).toEqual([
      'duration-format',
      'duration-format',
      'kind-value',
      'tactic-name',
      'trigger-operator',
      'unknown-key',
    ]);
    const kind = results.find(r => r.ruleId === 'kind-value');
    expect(kind?.fixes?.[0]?.artifactChanges[0]).toEqual({
      artifactLocation: { uri: 'rule.yaml', uriBaseId: '%SRCROOT%' },
      replacements: [
        {
          deletedRegion: { startLine: 24, startColumn: 7, endLine: 24, endColumn: 16 },
          insertedContent: { text: 'Scheduled' },
        },
      ],
    });
    const period = results.find(r => r.fixes && JSON.stringify(r.locations).includes('"startLine":12'));
    expect(JSON.stringify(period?.fixes)).toContain('"insertedContent":{"text":"\\"14d\\""}');
  });

  it('suggests the short form for durations written out (they had no suggestion)', async () => {
    const cases: [string, string][] = [
      ['5 minutes', '5m'],
      ['5min', '5m'],
      ['1hr', '1h'],
      ['1 day', '1d'],
    ];
    for (const [written, meant] of cases) {
      const { dir } = await repo(RULE.replace('1 hour', written));
      expect((await validate(dir)).out).toContain(
        `queryFrequency "${written}" is not a valid duration; did you mean "${meant}"?`,
      );
    }
  });

  it('never touches a file that does not parse', async () => {
    const broken = `${RULE}tags: [unclosed\n`;
    const { dir, file } = await repo(broken);
    const result = await validate(dir, '--fix');
    expect(result.err).toContain('applied 0 fix(es) in 0 file(s)');
    expect(await readFile(file, 'utf8')).toBe(broken);
  });

  it('leaves a misspelt key alone when the mapping already has the key it means', async () => {
    const text = RULE.replace('Severity: medium', 'severity: Medium\nSeverity: Low');
    const { dir, file } = await repo(text);
    await validate(dir, '--fix');
    expect(await readFile(file, 'utf8')).toContain('severity: Medium\nSeverity: Low # was High last year\n');
  });
});

describe('docs/checks/<id>.md', () => {
  it.each(CHECKS.map(c => [c.id, c.fixable === true] as const))('%s says whether --fix fixes it', (id, fixable) => {
    const page = readFileSync(path.resolve(import.meta.dirname, '../../docs/checks', `${id}.md`), 'utf8');
    expect(page).toMatch(
      fixable ? /\n\*\*Automatic fix:\*\* yes: `rulectl validate --fix` / : /\n\*\*Automatic fix:\*\* no /,
    );
  });
});
