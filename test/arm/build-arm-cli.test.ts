import { mkdtemp, mkdir, readdir, readFile, symlink, writeFile, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './pipeline.js';

const seed = path.resolve(import.meta.dirname, '../fixtures/seed');
const ID = '7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e';

async function workspace(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-arm-'));
  await mkdir(path.join(dir, 'rules'));
  await copyFile(path.join(seed, 'hafnium-um-service.yaml'), path.join(dir, 'rules', 'hafnium.yaml'));
  return dir;
}

function ruleYaml(id: string, extra = ''): string {
  return [
    `id: ${id}`,
    `name: Rule ${id.slice(0, 8)}`,
    "description: 'Finds things.'",
    'severity: Low',
    'requiredDataConnectors: []',
    'queryFrequency: 1h',
    'queryPeriod: 1h',
    'triggerOperator: gt',
    'triggerThreshold: 0',
    'tactics:',
    '  - Execution',
    'relevantTechniques:',
    '  - T1059',
    'query: |',
    '  SecurityEvent',
    '  | where EventID == 4688',
    'version: 1.0.0',
    'kind: Scheduled',
    extra,
  ].join('\n');
}

const guid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('rulectl build-arm', () => {
  it('builds the seed rule into the seed template (parsed-JSON equal, API fields in the seed order)', async () => {
    const dir = await workspace();
    expect((await run(dir, 'build-arm')).code).toBe(0);
    const text = await readFile(path.join(dir, 'templates', `${ID}.json`), 'utf8');
    const expected = JSON.parse(await readFile(path.join(seed, 'hafnium-um-service.arm.json'), 'utf8')) as {
      resources: { properties: Record<string, unknown> }[];
    };
    const actual = JSON.parse(text) as typeof expected;
    expect(actual).toEqual(expected);
    const own = (o: Record<string, unknown> | undefined) =>
      Object.keys(o ?? {}).filter(k => !['OriginalUri', 'tags', 'status'].includes(k));
    expect(own(actual.resources[0]?.properties)).toEqual(own(expected.resources[0]?.properties));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "contentVersion": "1.0.0.0",\n');
  });

  it('is byte-identical on a rerun and reports nothing written', async () => {
    const dir = await workspace();
    await writeFile(path.join(dir, 'rules', 'b.yaml'), ruleYaml(guid(1)));
    await run(dir, 'build-arm');
    const first = await readFile(path.join(dir, 'templates', `${ID}.json`));
    const second = await run(dir, 'build-arm');
    expect(second.out).toContain('0 written, 2 unchanged');
    expect(await readFile(path.join(dir, 'templates', `${ID}.json`))).toEqual(first);
  });

  it('--check lists missing, stale and orphaned templates, writes nothing, and passes when fresh', async () => {
    const dir = await workspace();
    await writeFile(path.join(dir, 'rules', 'b.yaml'), ruleYaml(guid(1)));
    const missing = await run(dir, 'build-arm', '--check');
    expect(missing.code).toBe(1);
    expect(missing.out).toContain(`missing: templates/${ID}.json (from rules/hafnium.yaml)`);
    await expect(readdir(path.join(dir, 'templates'))).rejects.toThrow();
    await run(dir, 'build-arm');
    expect((await run(dir, 'build-arm', '--check')).code).toBe(0);
    await writeFile(path.join(dir, 'rules', 'b.yaml'), ruleYaml(guid(1)).replace('severity: Low', 'severity: High'));
    await writeFile(path.join(dir, 'templates', `${guid(9)}.json`), '{}\n');
    const stale = await run(dir, 'build-arm', '--check');
    expect(stale.code).toBe(1);
    expect(stale.out).toContain(`stale: templates/${guid(1)}.json (from rules/b.yaml)`);
    expect(stale.out).toContain(`no rule: templates/${guid(9)}.json`);
    expect(stale.out).toContain('2 template(s) not fresh (0 missing, 1 stale, 1 without a rule)');
    // A plain build does not delete the orphan; it only says so.
    const build = await run(dir, 'build-arm');
    expect(build.out).toContain(`warning: no rule any more: templates/${guid(9)}.json`);
    expect(await readdir(path.join(dir, 'templates'))).toContain(`${guid(9)}.json`);
  });

  it("--check on some of the rules does not call the others' templates ruleless", async () => {
    const dir = await workspace();
    await mkdir(path.join(dir, 'rules', 'team'), { recursive: true });
    await writeFile(path.join(dir, 'rules', 'team', 'b.yaml'), ruleYaml(guid(1)));
    await run(dir, 'build-arm');
    const some = await run(dir, 'build-arm', 'rules/team', '--check');
    expect(some.code).toBe(0);
    expect(some.out).toBe(
      '1 template(s) up to date (templates without a rule are only looked for when no path is given)\n',
    );
    // The default paths, however spelt, are every rule: a template without one is found.
    await writeFile(path.join(dir, 'templates', `${guid(9)}.json`), '{}\n');
    const all = await run(dir, 'build-arm', './rules/', '--check');
    expect(all.code).toBe(1);
    expect(all.out).toContain(`no rule: templates/${guid(9)}.json`);
  });

  it('builds the valid rules, skips a rule with errors and exits 1', async () => {
    const dir = await workspace();
    await writeFile(path.join(dir, 'rules', 'bad.yaml'), 'id: [unclosed\n');
    const result = await run(dir, 'build-arm');
    expect(result.code).toBe(1);
    expect(result.out).toContain('rules/bad.yaml');
    expect(result.out).toContain('built 1 rule(s)');
    expect(await readdir(path.join(dir, 'templates'))).toEqual([`${ID}.json`]);
  });

  it('refuses a rule whose aliases repeat a long string, before building anything from it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-arm-'));
    await mkdir(path.join(dir, 'rules'));
    // 0.9 MB on disk, 2.7 MB expanded; at 15,000 aliases the same file once took build-arm past 13 GB.
    const big = 'A'.repeat(900_000);
    await writeFile(path.join(dir, 'rules', 'amp.yaml'), ruleYaml(guid(3), `tags: [&a "${big}", *a, *a]\n`));
    const result = await run(dir, 'build-arm');
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/expands to more than 1048576 characters of text through aliases\s+yaml-alias-limit/);
    await expect(readdir(path.join(dir, 'templates'))).rejects.toThrow();
  });

  it('skips a dangling link anywhere under the rules with a warning instead of stopping', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-arm-'));
    await mkdir(path.join(dir, 'rules', 'docs'), { recursive: true });
    await writeFile(path.join(dir, 'rules', 'a.yaml'), ruleYaml(guid(4)));
    await symlink('/nonexistent', path.join(dir, 'rules', 'docs', 'README.md'));
    const result = await run(dir, 'build-arm');
    expect(result.code).toBe(0);
    expect(result.err).toBe(
      'rulectl: warning: skipped rules/docs/README.md: a symbolic link to something that does not exist\n',
    );
    expect(await readdir(path.join(dir, 'templates'))).toEqual([`${guid(4)}.json`]);
  });

  it('never turns an id into a path: a non-GUID id is not built', async () => {
    const dir = await workspace();
    await writeFile(path.join(dir, 'rules', 'evil.yaml'), ruleYaml('../../evil'));
    const result = await run(dir, 'build-arm');
    expect(result.code).toBe(1);
    expect(await readdir(dir)).not.toContain('evil.json');
    expect(await readdir(path.join(dir, 'templates'))).toEqual([`${ID}.json`]);
  });

  it('an output path it cannot use is a clear I/O error (exit 2), never an internal error', async () => {
    const dir = await workspace();
    await writeFile(path.join(dir, 'file'), 'x');
    await mkdir(path.join(dir, 'folder.json'));
    for (const [flag, value] of [
      ['--out', 'file'],
      ['--out', 'file/sub'],
      ['--bundle', 'file/all.json'],
      ['--bundle', 'folder.json'],
    ] as const) {
      const result = await run(dir, 'build-arm', flag, value);
      expect(result.code, `${flag} ${value}`).toBe(2);
      expect(result.err).toMatch(/^rulectl: cannot (create folder|read) (file|folder\.json)\b/);
      expect(result.err).not.toContain('internal error');
    }
    expect(await readdir(dir)).toEqual(['file', 'folder.json', 'rules']);
  });

  it('--api-version pins the version and a rule needing more is an error naming the field', async () => {
    const dir = await workspace();
    await writeFile(
      path.join(dir, 'rules', 'dyn.yaml'),
      ruleYaml(
        guid(2),
        'alertDetailsOverride:\n  alertDynamicProperties:\n    - alertProperty: AlertLink\n      value: Link\n',
      ).replace('| where EventID == 4688', '| extend Link = "x"'),
    );
    const pinned = await run(dir, 'build-arm', '--api-version', '2022-11-01');
    expect(pinned.code).toBe(1);
    expect(pinned.out).toMatch(/alertDynamicProperties is not available in api-version 2022-11-01/);
    const unknown = await run(dir, 'build-arm', '--api-version', '2023-02-01-previw');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(
      'rulectl: --api-version 2023-02-01-previw is not an alertRules api-version; did you mean "2023-02-01-preview"?',
    );
    const auto = await run(dir, 'build-arm');
    const t = JSON.parse(await readFile(path.join(dir, 'templates', `${guid(2)}.json`), 'utf8')) as {
      resources: { apiVersion: string }[];
    };
    expect(auto.code).toBe(0);
    expect(t.resources[0]?.apiVersion).toBe('2023-02-01');
  });

  it('--bundle writes one template up to 50 rules and FILE-1.json, FILE-2.json above', async () => {
    const dir = await workspace();
    for (let i = 1; i <= 49; i++) await writeFile(path.join(dir, 'rules', `r${i}.yaml`), ruleYaml(guid(i)));
    const read = async (name: string) =>
      JSON.parse(await readFile(path.join(dir, 'out', name), 'utf8')) as { resources: { name: string }[] };
    expect((await run(dir, 'build-arm', '--bundle', 'out/all.json')).code).toBe(0);
    expect((await read('all.json')).resources).toHaveLength(50);
    await writeFile(path.join(dir, 'rules', 'r50.yaml'), ruleYaml(guid(50)));
    const check = await run(dir, 'build-arm', '--bundle', 'out/all.json', '--check');
    expect(check.code).toBe(1);
    expect(check.out).toContain('missing: out/all-1.json');
    expect(check.out).toContain('no rule: out/all.json');
    expect((await run(dir, 'build-arm', '--bundle', 'out/all.json')).code).toBe(0);
    const [first, second] = [await read('all-1.json'), await read('all-2.json')];
    expect(first.resources).toHaveLength(50);
    expect(second.resources).toHaveLength(1);
    // Ordered by rule id, so the seed rule (7d6d…) comes last.
    expect(second.resources[0]?.name).toContain(ID);
    expect(await readdir(path.join(dir, 'templates')).catch(() => [])).toEqual([]);
  });
});
