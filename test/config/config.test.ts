import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, EMPTY_CONFIG, loadConfig, parseConfig } from '../../src/config/config.js';
import { applyOverrides } from '../../src/config/overrides.js';
import { resolveWorkspace } from '../../src/deploy/target.js';
import { runCli } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { AnalyticRule } from '../../src/rules/model.js';

const CONFIG = `repository: secops-rules
default: dev
defaults:
  paths: [rules, more]
  apiVersion: 2023-02-01
  concurrency: 8
workspaces:
  dev:
    emulator: embedded
    data: .rulectl/emulator.json
  prod:
    subscription: 6f2e1c1a-0000-4000-8000-000000000001
    resourceGroup: rg-sec
    workspace: law-prod
    endpoint: https://management.usgovcloudapi.net
    prune: true
    environment: production
    overrides:
      namePrefix: "[PROD] "
      severity: { 7D6D8A8E-B08A-4082-8DBB-D7FD2CBBC35E: Low }
      disabled: [7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e]
      exclude: [cbb91038-16a5-428f-a44d-be08f613af90]
`;

function errorOf(text: string): string {
  try {
    parseConfig(text, 'rulectl.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('rulectl.yaml', () => {
  it('reads workspaces, defaults and overrides', () => {
    const c = parseConfig(CONFIG, 'rulectl.yaml');
    expect(c.repository).toBe('secops-rules');
    expect(c.defaultWorkspace).toBe('dev');
    expect(c.defaults).toEqual({ paths: ['rules', 'more'], apiVersion: '2023-02-01', concurrency: 8 });
    const prod = c.workspaces.find(w => w.name === 'prod');
    expect(prod).toMatchObject({
      workspace: 'law-prod',
      prune: true,
      environment: 'production',
      endpoint: 'https://management.usgovcloudapi.net',
    });
    expect(c.workspaces.find(w => w.name === 'dev')).toMatchObject({
      emulator: 'embedded',
      data: '.rulectl/emulator.json',
      prune: false,
    });
  });

  it('points at each problem with file:line:col and a suggestion', () => {
    expect(errorOf('workspaces:\n  prod:\n    subscription: s\n    resourceGroup: r\n')).toContain(
      'rulectl.yaml:2:3: workspaces.prod.workspace: required',
    );
    expect(errorOf('worksapces: {}\n')).toContain(
      'rulectl.yaml:1:1: unknown key "worksapces"; did you mean "workspaces"?',
    );
    expect(errorOf('defaults:\n  apiVersion: 2022-11-10\n')).toMatch(
      /2:15: defaults.apiVersion: unknown alertRules api-version/,
    );
    expect(errorOf('workspaces:\n  a:\n    emulator: embedded\n    prune: yes\n')).toContain(
      '4:12: workspaces.a.prune: expected true or false',
    );
    expect(errorOf('workspaces:\n  a:\n    emulator: embedded\n    overrides:\n      severity: Urgent\n')).toContain(
      'expected one of Informational, Low, Medium, High',
    );
    expect(errorOf('default: nope\nworkspaces: {}\n')).toContain('default: no workspace named "nope"');
    expect(errorOf('a: [\n')).toMatch(/^rulectl\.yaml:\d+:\d+: /);
  });

  it('keeps each problem on its line: keys and values are shown with their control characters escaped', () => {
    const message = errorOf('workspaces:\n  "x\\n```\\n## All checks passed \\e[31m":\n    emulator: embedded\n');
    expect(message.split('\n')).toEqual([
      'invalid configuration',
      'rulectl.yaml:2:3: workspace name "x\\n```\\n## All checks passed \\u001b[31m" may use letters, digits, ".", "_" and "-"',
    ]);
  });

  it('lists problems in the order of the file', () => {
    const lines = errorOf('workspaces:\n  a:\n    subscription: 1\n  b: 3\nfoo: 1\n').split('\n').slice(1);
    expect(lines.map(l => l.split(': ')[0])).toEqual([
      'rulectl.yaml:2:3',
      'rulectl.yaml:2:3',
      'rulectl.yaml:3:19',
      'rulectl.yaml:4:6',
      'rulectl.yaml:5:1',
    ]);
  });

  it('bounds what aliases expand to, in nodes and in characters, as the rule loader does', () => {
    const laughs = [
      'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    expect(errorOf(`bomb:\n  ${laughs.replace(/\n/g, '\n  ')}\n`)).toBe(
      'rulectl.yaml:1:1: document expands to more than 20000 nodes through aliases; write the values out instead of repeating anchors',
    );
    const long = `repository: &a "${'A'.repeat(600_000)}"\nworkspaces:\n  *a : {}\n`;
    expect(errorOf(long)).toMatch(
      /^rulectl\.yaml:1:1: document expands to more than 1048576 characters of text through/,
    );
  });

  it('refuses a rulectl.yaml over 1 MiB without parsing it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-cfg-'));
    await writeFile(path.join(dir, 'rulectl.yaml'), `repository: x\n#${'x'.repeat(1024 * 1024)}\n`);
    await expect(loadConfig(dir)).rejects.toThrow('rulectl.yaml is 1048592 bytes; the limit is 1048576');
  });

  it('an empty or comment-only rulectl.yaml is an empty configuration, as a missing one is', () => {
    for (const text of ['', '\n', '# workspaces come later\n\n  # indented too\n'])
      expect(parseConfig(text, 'rulectl.yaml')).toEqual(EMPTY_CONFIG);
  });

  it('a missing rulectl.yaml is an empty configuration; a named missing file is an error', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-cfg-'));
    expect((await loadConfig(dir)).workspaces).toEqual([]);
    await expect(loadConfig(dir, 'other.yaml')).rejects.toThrow('cannot read other.yaml: no such file or directory');
  });

  it('applies overrides by rule id (case-insensitive) without changing the input', () => {
    const { overrides } = parseConfig(CONFIG, 'rulectl.yaml').workspaces[1] ?? { overrides: {} };
    const rule = { id: '7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e', name: 'Hafnium', severity: 'High' } as AnalyticRule;
    expect(applyOverrides(rule, overrides)).toEqual({
      ...rule,
      name: '[PROD] Hafnium',
      severity: 'Low',
      enabled: false,
    });
    expect(rule.name).toBe('Hafnium');
    expect(applyOverrides({ ...rule, id: 'CBB91038-16a5-428f-a44d-be08f613af90' }, overrides)).toBeUndefined();
    expect(applyOverrides(rule, { severity: 'Informational' })?.severity).toBe('Informational');
  });

  it('resolves a workspace by name, by default, or ad hoc from flags', () => {
    const c = parseConfig(CONFIG, 'rulectl.yaml');
    expect(resolveWorkspace(c, {}).name).toBe('dev');
    expect(resolveWorkspace(c, { workspace: 'prod', workspaceName: 'law-other' })).toMatchObject({
      name: 'prod',
      workspace: 'law-other',
      prune: true,
    });
    expect(resolveWorkspace(c, { subscription: 's', resourceGroup: 'r', workspaceName: 'w' })).toMatchObject({
      name: 'ad-hoc',
      prune: false,
    });
    expect(() => resolveWorkspace(c, { subscription: 's' })).toThrow('missing --resource-group, --workspace-name');
    expect(() => resolveWorkspace(c, { workspace: 'prd' })).toThrow('did you mean "prod"');
  });
});

describe('rulectl workspaces', () => {
  it('prints the GitHub Actions matrix, JSON and text', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-ws-'));
    await writeFile(path.join(dir, 'rulectl.yaml'), CONFIG);
    const io = memoryIo(dir);
    expect(await runCli(['workspaces', '--format', 'github-matrix'], io)).toBe(0);
    expect(JSON.parse(io.out)).toEqual({
      include: [
        { workspace: 'dev', environment: 'dev' },
        { workspace: 'prod', environment: 'production' },
      ],
    });
    const text = memoryIo(dir);
    await runCli(['workspaces'], text);
    expect(text.out).toContain('dev (default)  emulator embedded  prune: false');
    const json = memoryIo(dir);
    await runCli(['workspaces', '--format', 'json'], json);
    expect((JSON.parse(json.out) as { repository: string }).repository).toBe('secops-rules');
  });
});
