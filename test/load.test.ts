import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../src/cli/io.js';
import { runCli } from '../src/cli/main.js';
import { MAX_FILE_BYTES, parseRuleText } from '../src/rules/load.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const parse = (input: string | Uint8Array) =>
  parseRuleText('r.yaml', '/r.yaml', typeof input === 'string' ? utf8(input) : input);
/** `check line:col message` of each diagnostic. */
const findings = (input: string | Uint8Array) =>
  parse(input).diagnostics.map(d => `${d.check} ${d.line}:${d.column} ${d.message}`);

const RULE = 'id: 7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e\nname: A rule\n';
const billionLaughs = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
].join('\n');
const aliasChain = ['k0: &k0 [x]', ...Array.from({ length: 150 }, (_, i) => `k${i + 1}: &k${i + 1} [*k${i}]`)].join(
  '\n',
);
const deepFlow = `a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
/** Under the file and node limits, yet 13.5 GB once the aliases are expanded (one 900 KB string, 15,000 times). */
const longStringAliased = `${RULE}tags: [&a "${'A'.repeat(900_000)}", ${Array(15_000).fill('*a').join(', ')}]\n`;
/** 20,001 keys and not one alias. */
const manyKeys = RULE + Array.from({ length: 20_001 }, (_, i) => `unknownKey${i}: 1\n`).join('');

/** Hostile inputs: text (or bytes) and the one diagnostic each must give, as `check line:col`. */
const HOSTILE: [name: string, input: string | Uint8Array, expected: string][] = [
  ['Latin-1 bytes', new Uint8Array([...utf8('name: caf'), 0xe9, 0x0a]), 'yaml-encoding 1:1'],
  ['UTF-16 with BOM', new Uint8Array([0xff, 0xfe, 0x69, 0x00, 0x64, 0x00]), 'yaml-encoding 1:1'],
  ['empty', '', 'yaml-empty 1:1'],
  ['only blank lines', '  \n\n\t\n', 'yaml-empty 1:1'],
  ['only comments', '# a rule\n  # to come\n', 'yaml-empty 1:1'],
  ['a top-level sequence', '- id: x\n- id: y\n', 'yaml-not-mapping 1:1'],
  ['a top-level scalar', 'just text\n', 'yaml-not-mapping 1:1'],
  ['a duplicate top-level key', `${RULE}severity: High\nname: B\n`, 'yaml-duplicate-key 4:1'],
  ['a duplicate nested key', 'a:\n  b: 1\n  c: 2\n  b: 3\n', 'yaml-duplicate-key 4:3'],
  ['tab indentation', 'a:\n\tb: 1\n', 'yaml-tab 2:1'],
  ['tab indentation deeper', 'a:\n  b:\n  \t c: 1\n', 'yaml-tab 3:3'],
  ['billion laughs', billionLaughs, 'yaml-alias-limit 1:1'],
  ['aliases nested 150 deep', aliasChain, 'yaml-alias-limit 1:1'],
  ['a long string repeated through aliases', longStringAliased, 'yaml-alias-limit 1:1'],
  ['more than 20000 nodes without aliases', manyKeys, 'yaml-too-large 1:1'],
  ['literal nesting 5000 deep', deepFlow, 'yaml-syntax 1:103'],
  ['two documents', 'a: 1\n---\nb: 2\n', 'yaml-syntax 1:1'],
  ['unclosed flow sequence', 'a: [1, 2\nb: 3\n', 'yaml-syntax 2:1'],
  ['a file over 1 MiB', `${RULE}description: "${'x'.repeat(MAX_FILE_BYTES)}"\n`, 'yaml-too-large 1:1'],
];

describe('parseRuleText refuses hostile input with one clear diagnostic', () => {
  it.each(HOSTILE)('%s', (_name, input, expected) => {
    const { rule, diagnostics } = parse(input);
    expect(diagnostics.map(d => `${d.check} ${d.line}:${d.column}`)).toEqual([expected]);
    expect(diagnostics[0]?.severity).toBe('error');
    expect(diagnostics[0]?.message).not.toMatch(/\n/);
    expect(rule.data).toBeUndefined();
  });

  it('says what is wrong in words a user can act on', () => {
    expect(findings(new Uint8Array([0xff, 0xfe, 0x69, 0x00]))).toEqual([
      'yaml-encoding 1:1 file is UTF-16; rule files must be UTF-8',
    ]);
    expect(findings(new Uint8Array([0x61, 0x3a, 0x20, 0xc3]))).toEqual(['yaml-encoding 1:1 file is not valid UTF-8']);
    expect(findings('# nothing yet\n')).toEqual([
      'yaml-empty 1:1 file has only comments; a rule file holds one YAML mapping',
    ]);
    expect(findings('')).toEqual(['yaml-empty 1:1 file is empty; a rule file holds one YAML mapping']);
    expect(findings('- a\n')[0]).toMatch(/the top level is a sequence/);
    expect(findings(`${RULE}"name": B\n`)).toEqual(['yaml-duplicate-key 3:1 duplicate key "name" in the same mapping']);
    expect(findings(billionLaughs)[0]).toMatch(/more than 20000 nodes through aliases/);
    expect(findings(aliasChain)[0]).toMatch(/deeper than 100 levels/);
    expect(findings(longStringAliased)).toEqual([
      'yaml-alias-limit 1:1 document expands to more than 1048576 characters of text through aliases',
    ]);
    // Nothing in it is an alias: the message must not blame them.
    expect(findings(manyKeys)).toEqual([
      'yaml-too-large 1:1 document has more than 20000 nodes (keys, values and list items); a rule has a few hundred',
    ]);
    expect(parse('a:\n\tb: 1\n').diagnostics[0]?.hint).toMatch(/indent with spaces/);
  });

  it('accepts a tab inside a value', () => {
    expect(parse('a: "x\ty"\nb: x\ty\n').rule.data).toEqual({ a: 'x\ty', b: 'x\ty' });
  });

  it('accepts BOM and CRLF files and keeps positions in the BOM-less text', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(RULE.replace(/\n/g, '\r\n'))]);
    const { rule, diagnostics } = parse(bytes);
    expect(diagnostics).toEqual([]);
    expect(rule.data).toEqual({ id: '7d6d8a8e-b08a-4082-8dbb-d7fd2cbbc35e', name: 'A rule' });
    expect(rule.text.startsWith('id:')).toBe(true);
    expect(rule.positions.rangeOf(['name'])).toEqual({ start: { line: 2, column: 7 }, end: { line: 2, column: 13 } });
  });

  it('reports positions of errors in BOM + CRLF files as editors show them', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('a: 1\r\nb: 2\r\na: 3\r\n')]);
    expect(findings(bytes)).toEqual(['yaml-duplicate-key 3:1 duplicate key "a" in the same mapping']);
  });
});

const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

async function tempDir(files: Record<string, string | Uint8Array> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-load-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

async function validate(cwd: string, ...args: string[]) {
  const io = memoryIo(cwd);
  const code = await runCli(['validate', '--kql', 'off', ...args], io);
  return { code, out: io.out, err: io.err };
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe('rulectl validate on hostile files', () => {
  it('reports every hostile file, keeps going, and exits 1 without a stack trace', async () => {
    const files = Object.fromEntries(HOSTILE.map(([name, input]) => [`${name.replace(/\W+/g, '-')}.yaml`, input]));
    const dir = await tempDir({ ...files, 'good.yaml': RULE });
    const { code, out, err } = await validate(dir, '.', '--format', 'json');
    expect(code).toBe(1);
    expect(err).toBe('');
    const report = JSON.parse(out) as { diagnostics: { file: string; check: string; line: number }[]; summary: object };
    // Other checks (schema, semantics) may have more to say about the files that loaded; only the loader's count here.
    const loader = report.diagnostics.filter(d => d.check.startsWith('yaml-'));
    const byFile = new Map(loader.map(d => [d.file, `${d.check} ${d.line}`]));
    for (const [name, , expected] of HOSTILE)
      expect(byFile.get(`${name.replace(/\W+/g, '-')}.yaml`), name).toBe(expected.replace(/:\d+$/, ''));
    expect(byFile.has('good.yaml')).toBe(false);
    expect(loader).toHaveLength(HOSTILE.length);
    expect(report.summary).toMatchObject({ files: HOSTILE.length + 1 });
  });

  it('refuses a file over the limit without parsing it', async () => {
    const dir = await tempDir({ 'big.yaml': `a: "${'x'.repeat(MAX_FILE_BYTES + 10)}"\n` });
    const { code, out } = await validate(dir, 'big.yaml');
    expect(code).toBe(1);
    expect(out).toMatch(/1:1\s+error\s+file is \d+ bytes; the limit is 1048576\s+yaml-too-large/);
  });

  it('exits 2 for a path that does not exist', async () => {
    const dir = await tempDir({ 'a.yaml': RULE });
    const { code, err, out } = await validate(dir, 'a.yaml', 'missing.yaml');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe('rulectl: no such file or directory: missing.yaml\n');
  });

  it('exits 2 for a folder without rule files', async () => {
    const dir = await tempDir({ 'notes/readme.txt': 'hello', 'notes/.hidden/x.yaml': RULE });
    const { code, err } = await validate(dir, 'notes');
    expect(code).toBe(2);
    expect(err).toBe('rulectl: no rule files (*.yaml, *.yml) in notes\n');
  });

  it('exits 2 for a FIFO instead of waiting on it', async () => {
    const dir = await tempDir();
    try {
      execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    } catch {
      return; // no mkfifo here; nothing to prove
    }
    const { code, err } = await validate(dir, 'pipe.yaml');
    expect(code).toBe(2);
    expect(err).toBe('rulectl: not a regular file or folder: pipe.yaml\n');
  });

  /** `validate` where modes count: in-process unless root, which reads anything; then the built CLI as `nobody`. */
  async function validateUnprivileged(dir: string, path_: string): Promise<{ code: number; err: string } | undefined> {
    if (process.getuid?.() !== 0) return validate(dir, path_);
    const bin = path.resolve(import.meta.dirname, '../bin/rulectl.js');
    const built = existsSync(path.resolve(import.meta.dirname, '../dist/cli/main.js'));
    const setpriv = spawnSync('setpriv', ['--version']).status === 0;
    if (!built || !setpriv) return undefined; // nothing to run it with; the non-root branch covers it elsewhere
    await chmod(dir, 0o755);
    const asNobody = ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin];
    const r = spawnSync('setpriv', [...asNobody, 'validate', path_, '--kql', 'off'], { cwd: dir, encoding: 'utf8' });
    return { code: r.status ?? -1, err: r.stderr };
  }

  // CI runs as root: see validateUnprivileged.
  it('exits 2 for a file that cannot be read', async () => {
    const dir = await tempDir({ 'locked.yaml': RULE });
    await chmod(path.join(dir, 'locked.yaml'), 0o000);
    const r = await validateUnprivileged(dir, '.');
    if (!r) return;
    expect(r.code).toBe(2);
    expect(r.err).toBe('rulectl: cannot read locked.yaml: permission denied\n');
    noStack(r.err);
  });

  it('exits 2 for a folder that cannot be read, naming that folder', async () => {
    const dir = await tempDir({ 'rules/a.yaml': RULE, 'rules/team/b.yaml': RULE });
    await chmod(path.join(dir, 'rules', 'team'), 0o000);
    await chmod(path.join(dir, 'rules'), 0o755);
    const r = await validateUnprivileged(dir, 'rules');
    await chmod(path.join(dir, 'rules', 'team'), 0o755);
    if (!r) return;
    expect(r.code).toBe(2);
    expect(r.err).toBe('rulectl: cannot read rules/team: permission denied\n');
  });

  it('finds .yaml and .yml files in nested folders, skipping dot-folders', async () => {
    const dir = await tempDir({
      'a/one.yaml': RULE,
      'a/b/two.YML': RULE.replace('7d6d', '8d6d'),
      '.git/x.yaml': 'not: [valid',
      'c.txt': 'x',
    });
    const { code, out } = await validate(dir, '.', '--format', 'json');
    expect(code).not.toBe(2);
    const report = JSON.parse(out) as { diagnostics: { file: string }[]; summary: { files: number } };
    expect(report.summary.files).toBe(2);
    expect(new Set(report.diagnostics.map(d => d.file))).not.toContain('.git/x.yaml');
  });

  it('follows symbolic links to rule files and folders, once each, and names a dangling one', async () => {
    const dir = await tempDir({
      'shared/one.yaml': RULE,
      'elsewhere/two.yaml': RULE.replace('7d6d', '8d6d'),
      'rules/three.yaml': RULE.replace('7d6d', '9d6d'),
    });
    await symlink(path.join(dir, 'shared'), path.join(dir, 'rules/shared'));
    await symlink(path.join(dir, 'elsewhere/two.yaml'), path.join(dir, 'rules/two.yaml'));
    await symlink(path.join(dir, 'rules'), path.join(dir, 'rules/shared/back')); // a loop
    const { code, out } = await validate(dir, 'rules', '--format', 'json');
    expect(code).not.toBe(2);
    const report = JSON.parse(out) as { summary: { files: number } };
    // three.yaml, two.yaml, shared/one.yaml; the loop back to rules/ is not walked again.
    expect(report.summary.files).toBe(3);
    await symlink(path.join(dir, 'gone.yaml'), path.join(dir, 'rules/dangling.yaml'));
    await symlink(path.join(dir, 'gone.md'), path.join(dir, 'rules/shared/README.md'));
    const dangling = await validate(dir, 'rules', '--format', 'json');
    expect(dangling.code).not.toBe(2);
    expect((JSON.parse(dangling.out) as { summary: { files: number } }).summary.files).toBe(3);
    expect(dangling.err).toBe(
      'rulectl: warning: skipped rules/dangling.yaml: a symbolic link to something that does not exist\n' +
        'rulectl: warning: skipped rules/shared/README.md: a symbolic link to something that does not exist\n',
    );
    // Given by name, it is still a path that does not exist.
    expect((await validate(dir, 'rules/dangling.yaml')).code).toBe(2);
  });
});
