// `rulectl schemas pull` end to end: the real @azure/arm-operationalinsights client against the HTTPS emulator.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { startEmulator } from '../../src/emulator/server.js';
import type { RunningEmulator } from '../../src/emulator/options.js';

let emu: RunningEmulator;
let dir: string;
let caFile: string;

beforeAll(async () => {
  emu = await startEmulator({
    tables: {
      soc: {
        MyApp_CL: [
          { name: 'TimeGenerated', type: 'dateTime' },
          { name: 'User_s', type: 'string' },
          { name: 'Count_d', type: 'real' },
          { name: 'Ok_b', type: 'boolean' },
          { name: 'Props_d', type: 'dynamic' },
        ],
        Syslog: [{ name: 'SyslogMessage', type: 'string' }],
      },
    },
  });
  dir = mkdtempSync(path.join(tmpdir(), 'rulectl-pull-'));
  caFile = path.join(dir, 'ca.pem');
  writeFileSync(caFile, emu.ca);
});

afterAll(async () => {
  await emu?.close();
});

const target = () => [
  '--emulator',
  emu.url,
  '--emulator-ca',
  caFile,
  '--subscription',
  '00000000-0000-0000-0000-000000000001',
  '--resource-group',
  'rg',
  '--workspace-name',
  'soc',
];

describe('rulectl schemas pull', () => {
  it('writes every table in the format the KQL checks read, with normalised types', async () => {
    const io = memoryIo(dir);
    expect(await runCli(['schemas', 'pull', ...target()], io)).toBe(0);
    expect(io.out).toBe('wrote 2 table schema(s) to schemas/tables\n');
    expect(readdirSync(path.join(dir, 'schemas', 'tables')).sort()).toEqual(['MyApp_CL.json', 'Syslog.json']);
    expect(JSON.parse(readFileSync(path.join(dir, 'schemas', 'tables', 'MyApp_CL.json'), 'utf8'))).toEqual({
      Name: 'MyApp_CL',
      Properties: [
        { Name: 'TimeGenerated', Type: 'datetime' },
        { Name: 'User_s', Type: 'string' },
        { Name: 'Count_d', Type: 'real' },
        { Name: 'Ok_b', Type: 'bool' },
        { Name: 'Props_d', Type: 'dynamic' },
      ],
    });
    // The pulled table is then known to validate: a typo in its column is an error, not an unknown-table warning.
    writeFileSync(path.join(dir, 'r.yaml'), 'query: |\n  MyApp_CL\n  | where Usr_s == "x"\n');
    const v = memoryIo(dir);
    await runCli(['validate', 'r.yaml', '--format', 'json', '--cache-dir', ''], v);
    const checks = (JSON.parse(v.out) as { diagnostics: { check: string; message: string }[] }).diagnostics.filter(d =>
      d.check.startsWith('kql-'),
    );
    expect(checks.map(d => d.check)).toEqual(['kql-semantic']);
    expect(checks[0]?.message).toContain("'Usr_s'");
  });

  it('pulls only the tables asked for and fails on a table the workspace lacks', async () => {
    const out = path.join(dir, 'only');
    const io = memoryIo(dir);
    expect(
      await runCli(['schemas', 'pull', ...target(), '--out', out, '--table', 'syslog', '--table', 'Nope'], io),
    ).toBe(2);
    expect(readdirSync(path.join(out, 'tables'))).toEqual(['Syslog.json']);
    expect(io.err).toBe('rulectl: no table "Nope" in workspace soc\n');
  });

  it('says plainly when the output folder cannot be written, and leaves no temp file', async () => {
    const io = memoryIo(dir);
    writeFileSync(path.join(dir, 'a-file'), 'x');
    expect(await runCli(['schemas', 'pull', ...target(), '--out', 'a-file/schemas'], io)).toBe(2);
    expect(io.err).toBe('rulectl: cannot write a-file/schemas/tables: not a directory\n');
    const io2 = memoryIo(dir);
    mkdirSync(path.join(dir, 'clash', 'tables', 'Syslog.json'), { recursive: true });
    expect(await runCli(['schemas', 'pull', ...target(), '--out', 'clash', '--table', 'Syslog'], io2)).toBe(2);
    expect(io2.err).toMatch(/^rulectl: cannot write clash\/tables\/Syslog\.json: [a-z ]+\n$/);
    expect(readdirSync(path.join(dir, 'clash', 'tables'))).toEqual(['Syslog.json']);
  });

  it('says plainly when the emulator CA is missing', async () => {
    const io = memoryIo(dir);
    const args = target().filter((a, i, all) => a !== '--emulator-ca' && all[i - 1] !== '--emulator-ca');
    expect(await runCli(['schemas', 'pull', ...args], io)).toBe(2);
    expect(io.err).toContain('needs its CA certificate: --emulator-ca FILE or RULECTL_EMULATOR_CA=FILE');
  });
});
