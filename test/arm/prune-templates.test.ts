// A template whose rule is gone: --check says to delete it, and `build-arm --prune-templates` deletes the ones
// build-arm wrote (never a file it did not write, never with a rule file it cannot read).
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ruleId, ruleYaml } from '../deploy/helpers.js';
import { run } from './pipeline.js';

async function built(...ns: number[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-prune-'));
  await mkdir(path.join(dir, 'rules'));
  for (const n of ns) await writeFile(path.join(dir, 'rules', `rule-${n}.yaml`), ruleYaml(n));
  expect((await run(dir, 'build-arm')).code).toBe(0);
  return dir;
}

const templates = (dir: string) => readdir(path.join(dir, 'templates'));

describe('build-arm --prune-templates', () => {
  it('--check and a plain build say how to remove a template whose rule is gone', async () => {
    const dir = await built(1, 2);
    await rm(path.join(dir, 'rules', 'rule-2.yaml'));
    const check = await run(dir, 'build-arm', '--check');
    expect(check.code).toBe(1);
    expect(check.out).toContain(
      `no rule: templates/${ruleId(2)}.json (delete it or restore its rule; rulectl build-arm --prune-templates deletes it)`,
    );
    expect(check.out).toContain('1 without a rule); run rulectl build-arm --prune-templates');
    const build = await run(dir, 'build-arm');
    expect(build.out).toContain(`warning: no rule any more: templates/${ruleId(2)}.json (run with --prune-templates`);
  });

  it('deletes the templates build-arm wrote for rules that are gone, then --check passes', async () => {
    const dir = await built(1, 2, 3);
    await rm(path.join(dir, 'rules', 'rule-2.yaml'));
    await rm(path.join(dir, 'rules', 'rule-3.yaml'));
    const pruned = await run(dir, 'build-arm', '--prune-templates');
    expect(pruned.code).toBe(0);
    expect(pruned.out).toContain(`deleted: templates/${ruleId(2)}.json`);
    expect(pruned.out).toContain(`deleted: templates/${ruleId(3)}.json`);
    expect(await templates(dir)).toEqual([`${ruleId(1)}.json`]);
    expect((await run(dir, 'build-arm', '--check')).code).toBe(0);
  });

  it('keeps a file build-arm did not write, and prunes nothing while a rule file has no readable id', async () => {
    const dir = await built(1, 2);
    const handWritten = `${ruleId(8)}.json`;
    await writeFile(path.join(dir, 'templates', handWritten), '{"resources": []}\n');
    await rm(path.join(dir, 'rules', 'rule-2.yaml'));
    await writeFile(path.join(dir, 'rules', 'broken.yaml'), 'id: [unclosed\n');
    const unsafe = await run(dir, 'build-arm', '--prune-templates');
    expect(unsafe.code).toBe(1);
    expect(unsafe.out).toContain('not pruning: rules/broken.yaml has no readable id');
    expect(await templates(dir)).toContain(`${ruleId(2)}.json`);
    await rm(path.join(dir, 'rules', 'broken.yaml'));
    const pruned = await run(dir, 'build-arm', '--prune-templates');
    expect(pruned.code).toBe(0);
    expect(pruned.out).toContain(`kept: templates/${handWritten} (not a template build-arm wrote; delete it by hand)`);
    expect((await templates(dir)).sort()).toEqual([`${ruleId(1)}.json`, handWritten].sort());
  });

  it('is refused with --check or with only some of the rules', async () => {
    const dir = await built(1);
    const both = await run(dir, 'build-arm', '--check', '--prune-templates');
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--check.*--prune-templates|--prune-templates.*--check/);
    const some = await run(dir, 'build-arm', 'rules/rule-1.yaml', '--prune-templates');
    expect(some.code).toBe(2);
    expect(some.err).toContain('--prune-templates needs a build of every rule');
  });
});
