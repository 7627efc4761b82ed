// I/O failures are said in words (never a bare ENOENT), and a CA file of another emulator run says so.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import type { RunningEmulator } from '../../src/emulator/options.js';
import { startEmulator } from '../../src/emulator/server.js';
import { makeRepo, TARGET } from '../deploy/helpers.js';

const ERRNO = /\bE[A-Z]{3,}\b/;

describe('I/O errors in words', () => {
  it('a missing --config, an output folder under a file', async () => {
    const dir = await makeRepo([1]);
    await writeFile(path.join(dir, 'a-file'), 'x');
    const cases: [string[], string][] = [
      [['deploy', '--config', 'nope.yaml'], 'rulectl: cannot read nope.yaml: no such file or directory\n'],
      [['build-arm', '--kql', 'off', '--out', 'a-file/x'], 'rulectl: cannot create folder a-file/x: not a directory\n'],
      [
        ['build-arm', '--kql', 'off', '--bundle', 'a-file/x.json'],
        'rulectl: cannot create folder a-file: file already exists\n',
      ],
    ];
    for (const [args, message] of cases) {
      const io = memoryIo(dir);
      expect(await runCli(args, io), args.join(' ')).toBe(2);
      expect(io.err).toBe(message);
      expect(io.err).not.toMatch(ERRNO);
    }
  });
});

describe('a CA file that does not match the emulator', () => {
  let emu: RunningEmulator;
  let other: RunningEmulator;
  let dir: string;
  beforeAll(async () => {
    [emu, other] = await Promise.all([startEmulator(), startEmulator()]);
    dir = await makeRepo([1]);
    await writeFile(path.join(dir, 'old-ca.pem'), other.ca);
  });
  afterAll(() => Promise.all([emu.close(), other.close()]));

  const coords = () => [
    '--emulator',
    emu.url,
    '--emulator-ca',
    'old-ca.pem',
    '--subscription',
    TARGET.subscriptionId,
    '--resource-group',
    TARGET.resourceGroup,
    '--workspace-name',
    TARGET.workspace,
  ];
  const hint =
    "this CA does not match the emulator's certificate; the emulator makes a new one at each start: use the PEM it printed";

  it.each([
    ['deploy', '--dry-run'],
    ['schemas', 'pull'],
  ])('%s %s says so', async (...command) => {
    const io = memoryIo(dir, { RULECTL_EMULATOR_TOKEN: emu.token });
    expect(await runCli([...command, ...coords()], io)).toBe(2);
    expect(io.err).toContain(hint);
  });
});
