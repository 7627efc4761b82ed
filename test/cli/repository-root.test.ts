// rulectl.yaml, schemas/ and the KQL cache belong to the repository that holds the rules, wherever rulectl runs
// from; `validate .` at its top does not read rulectl.yaml or other YAML that is not a rule as rules.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { makeRepo, ruleId, ruleYaml } from '../deploy/helpers.js';

const CUSTOM_RULE = ruleYaml(9)
  .replace(/query: \|\n.*\n/, 'query: |\n  MyApp_CL\n  | where Usrname == "admin"\n')
  .replace('version: 1.0.0', 'requiredDataConnectors: []\nversion: 1.0.0');

async function repository(): Promise<string> {
  const repo = await makeRepo([1], 'repository: team\nworkspaces:\n  local:\n    emulator: embedded\n');
  await writeFile(path.join(repo, 'rules', 'custom.yaml'), CUSTOM_RULE);
  await mkdir(path.join(repo, 'schemas', 'tables'), { recursive: true });
  await writeFile(
    path.join(repo, 'schemas', 'tables', 'MyApp_CL.json'),
    JSON.stringify({ Name: 'MyApp_CL', Properties: [{ Name: 'Username', Type: 'string' }] }),
  );
  return repo;
}

describe('the repository that holds the rules', () => {
  it("validate from another folder reads that repository's schemas and keeps the cache there", async () => {
    const repo = await repository();
    const elsewhere = await mkdtemp(path.join(os.tmpdir(), 'rulectl-elsewhere-'));
    const io = memoryIo(elsewhere);
    expect(await runCli(['validate', path.join(repo, 'rules', 'custom.yaml'), '--format', 'json'], io)).toBe(1);
    const checks = (JSON.parse(io.out) as { diagnostics: { check: string; message: string }[] }).diagnostics;
    expect(checks.map(d => d.check)).not.toContain('kql-unknown-table');
    expect(checks.find(d => d.check === 'kql-semantic')?.message).toContain('Usrname');
    expect(existsSync(path.join(repo, '.rulectl-cache'))).toBe(true);
    expect(existsSync(path.join(elsewhere, '.rulectl-cache'))).toBe(false);
  });

  it('deploy finds rulectl.yaml from a subfolder or from the rule path, and its paths are relative to it', async () => {
    const repo = await repository();
    const sub = memoryIo(path.join(repo, 'rules'));
    expect(await runCli(['deploy', '-w', 'local', '--dry-run'], sub)).toBe(0);
    expect(sub.out).toContain('2 to create');
    const elsewhere = memoryIo(await mkdtemp(path.join(os.tmpdir(), 'rulectl-elsewhere-')));
    expect(await runCli(['deploy', path.join(repo, 'rules'), '-w', 'local', '--dry-run'], elsewhere)).toBe(0);
    expect(elsewhere.out).toContain('2 to create');
  });

  it('validate . skips rulectl.yaml silently and other YAML that is not a rule with a note; a named file is checked', async () => {
    const repo = await repository();
    await writeFile(path.join(repo, 'mkdocs.yml'), 'site_name: Detections\nnav: []\n');
    const io = memoryIo(repo);
    expect(await runCli(['validate', '.', '--kql', 'off'], io)).toBe(0);
    expect(io.out).not.toContain('rulectl.yaml');
    expect(io.out).not.toContain('mkdocs.yml');
    expect(io.out).toMatch(/ in 2 files\n/);
    expect(io.err).toBe(
      'note: skipped 1 YAML file(s) that are not rules (no id, no query): mkdocs.yml; name a file to check it anyway\n',
    );
    const named = memoryIo(repo);
    expect(await runCli(['validate', 'mkdocs.yml', '--kql', 'off'], named)).toBe(1);
    expect(named.out).toContain('missing required key "id"');
  });

  it('a named ARM template is checked, with a note that import turns it into rule files', async () => {
    const repo = await repository();
    expect(await runCli(['build-arm', '--kql', 'off'], memoryIo(repo))).toBe(0);
    const io = memoryIo(repo);
    expect(await runCli(['validate', `templates/${ruleId(1)}.json`, '--kql', 'off'], io)).toBe(1);
    expect(io.err).toBe(
      `note: templates/${ruleId(1)}.json is an ARM template, not a rule file; ` +
        `"rulectl import templates/${ruleId(1)}.json" turns its rules into rule files\n`,
    );
  });
});
