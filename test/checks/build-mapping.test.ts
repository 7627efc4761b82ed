// An API spelling next to its YAML spelling that says something else is one error, `build-mapping`, in validate,
// build-arm and deploy alike (validate used to pass it with an unknown-key warning).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { ruleId, ruleYaml } from '../deploy/helpers.js';

const cases: [string, string, RegExp][] = [
  ['displayName: Another name', 'displayName contradicts name; keep only name', /^displayName:/m],
  ['techniques: [T1003]', 'techniques contradicts relevantTechniques; keep only relevantTechniques', /^techniques:/m],
];

async function repoWith(extra: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-mapping-'));
  await writeFile(path.join(dir, 'rule.yaml'), ruleYaml(1, extra));
  await writeFile(path.join(dir, 'rulectl.yaml'), 'workspaces:\n  local:\n    emulator: embedded\n');
  return dir;
}

describe('build-mapping', () => {
  it.each(cases)(
    '%s: validate, build-arm and deploy report the one error under build-mapping',
    async (extra, message) => {
      const dir = await repoWith(extra);
      const line = ruleYaml(1, extra).split('\n').length;
      for (const command of [
        ['validate', 'rule.yaml', '--kql', 'off'],
        ['build-arm', 'rule.yaml', '--kql', 'off', '--out', 'templates'],
        ['deploy', 'rule.yaml', '-w', 'local', '--dry-run'],
      ]) {
        const io = memoryIo(dir);
        expect(await runCli(command, io), command.join(' ')).toBe(1);
        const output = io.out + io.err;
        expect(output.split(message), output).toHaveLength(2);
        expect(output).toMatch(command[0] === 'deploy' ? /^(?![\s\S]*: error:[\s\S]*: error:)/ : /\(1 error, /);
        expect(output).toMatch(command[0] === 'deploy' ? /\[build-mapping\]/ : /build-mapping$/m);
        expect(output).toContain(command[0] === 'deploy' ? `rule.yaml:${line}:1` : `${line}:1`);
        expect(output).not.toContain('passed to the API as is');
      }
    },
  );

  it("a template link other than the id is no contradiction: a portal rule's template, kept through build and deploy", async () => {
    const template = '99999999-0000-4000-8000-000000000000';
    const dir = await repoWith(`alertRuleTemplateName: ${template}`);
    for (const command of [
      ['validate', 'rule.yaml', '--kql', 'off'],
      ['build-arm', 'rule.yaml', '--kql', 'off', '--out', 'templates'],
    ]) {
      const io = memoryIo(dir);
      expect(await runCli(command, io), command.join(' ') + io.out + io.err).toBe(0);
      expect(io.out + io.err).not.toMatch(/build-mapping|unknown-key/);
    }
    const built = await readFile(path.join(dir, 'templates', `${ruleId(1)}.json`), 'utf8');
    expect(built).toContain(`"alertRuleTemplateName": "${template}"`);
  });

  it('an API spelling equal to the YAML one is not an error: a warning says it is not sent', async () => {
    const dir = await repoWith('displayName: Generated rule 1');
    const io = memoryIo(dir);
    expect(await runCli(['validate', 'rule.yaml', '--kql', 'off'], io)).toBe(0);
    expect(io.out).toContain('unknown key "displayName"; the rule format calls it "name"');
    expect(io.out).toContain('it repeats "name" and is not sent; remove it');
    expect(io.out).not.toContain('passed to the API as is');
  });
});
