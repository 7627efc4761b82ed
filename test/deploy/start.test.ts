// `rulectl start` (what `npm start` runs): validate, build, deploy twice to the in-process emulator.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { makeRepo, ruleId } from './helpers.js';

describe('rulectl start', () => {
  it('deploys the repository to the embedded emulator, and the redeploy writes nothing', async () => {
    const dir = await makeRepo([1, 2], 'repository: demo\nworkspaces:\n  local:\n    emulator: embedded\n');
    const io = memoryIo(dir);
    // KQL analysis has its own tests; here it would only add the Kusto library's load time.
    expect(await runCli(['start', '--kql', 'off'], io)).toBe(0);
    expect(io.out).toContain('2 to create');
    expect(io.out).toMatch(/Done: 2 rule\(s\) deployed to local \(4 writes .*\); the redeploy made 0 writes/);
    expect((await readdir(path.join(dir, 'templates'))).sort()).toEqual([`${ruleId(1)}.json`, `${ruleId(2)}.json`]);
  });

  it('refuses a workspace that is not an embedded emulator', async () => {
    const dir = await makeRepo(
      [1],
      'workspaces:\n  prod:\n    subscription: s\n    resourceGroup: r\n    workspace: law\n',
    );
    const io = memoryIo(dir);
    expect(await runCli(['start'], io)).toBe(2);
    expect(io.err).toContain('rulectl start deploys only to an embedded emulator');
  });
});
