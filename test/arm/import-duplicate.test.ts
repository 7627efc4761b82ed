// `import` into a folder that already holds the rule's id (in any file under --out, in any case) refuses to write a
// second file with it; --force replaces the file that holds it.
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleId, ruleYaml } from '../deploy/helpers.js';
import { run } from './pipeline.js';

describe('import into a folder that already holds the id', () => {
  it('refuses without --force, naming the file; --force rewrites that file and writes no second one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-import-dup-'));
    await mkdir(path.join(dir, 'src'));
    await writeFile(path.join(dir, 'src', 'rule.yaml'), ruleYaml(7).replace('severity: Medium', 'severity: High'));
    expect((await run(dir, 'build-arm', 'src', '--out', 'built')).code).toBe(0);
    const existing = path.join(dir, 'rules', 'identity', 'my-own-name.yaml');
    await mkdir(path.dirname(existing), { recursive: true });
    await writeFile(existing, ruleYaml(7).replace(ruleId(7), ruleId(7).toUpperCase()));

    const refused = await run(dir, 'import', `built/${ruleId(7)}.json`);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      `rule ${ruleId(7)} is already in rules/identity/my-own-name.yaml; use --force to overwrite that file`,
    );
    expect(await readdir(path.join(dir, 'rules'))).toEqual(['identity']);

    const forced = await run(dir, 'import', `built/${ruleId(7)}.json`, '--force');
    expect(forced.code).toBe(0);
    expect(forced.out).toContain('wrote rules/identity/my-own-name.yaml');
    expect(await readdir(path.join(dir, 'rules'))).toEqual(['identity']);
    expect(await readFile(existing, 'utf8')).toContain('severity: High');
    expect((await run(dir, 'validate', 'rules')).code).toBe(0);
  });
});
