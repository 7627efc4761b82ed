// `rulectl emulator`: flags to options, the printed URL and certificate file, a clean stop, usage errors.
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulatorOptions, runEmulator } from '../../src/cli/commands/emulator.js';
import type { Args } from '../../src/cli/command.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { request, ruleUrl, scheduled } from './client.js';

const args = (extra: Record<string, unknown>): Args => ({ _: ['emulator'], ...extra });

describe('rulectl emulator', () => {
  it('maps flags to options', () => {
    expect(
      emulatorOptions(
        args({
          port: 8443,
          data: 'emu.json',
          latency: 50,
          throttle: '20/10',
          'throttle-scope': 'all',
          'fail-rate': 0.1,
          'drop-rate': 0.05,
          seed: 3,
          'page-size': 5,
          token: 't',
        }),
        '/repo',
      ),
    ).toEqual({
      port: 8443,
      dataFile: path.resolve('/repo', 'emu.json'),
      token: 't',
      latencyMs: 50,
      throttle: { burst: 20, perSecond: 10, scope: 'all' },
      faults: { error500Rate: 0.1, dropRate: 0.05, seed: 3 },
      pageSize: 5,
    });
  });

  it('prints where it listens and the certificate file, serves, and stops cleanly', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-emu-cli-'));
    const io = memoryIo(dir);
    let stop: (signal: string) => void = () => undefined;
    const stopped = new Promise<string>(resolve => (stop = resolve));
    const running = runEmulator({ port: 0 }, 'ca.pem', io, () => stopped);
    while (!io.out.includes('Press Ctrl+C')) await new Promise(r => setTimeout(r, 10));
    const url = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(io.out)?.[1];
    expect(url).toBeDefined();
    expect(io.out).toContain(`certificate: ${path.join(dir, 'ca.pem')}`);
    // rulectl's own clients ignore NODE_EXTRA_CA_CERTS; the hint must name what deploy and schemas pull read.
    expect(io.out).toContain(`--emulator-ca ${path.join(dir, 'ca.pem')}`);
    const ca = await readFile(path.join(dir, 'ca.pem'), 'utf8');
    expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const emu = {
      url: url!,
      ca,
      token: 'rulectl-emulator-token',
      port: 0,
      stats: () => ({}) as never,
      close: async () => {},
    };
    expect((await request(emu, 'PUT', ruleUrl('cli-rule'), scheduled())).status).toBe(201);
    stop('SIGTERM');
    expect(await running).toBe(0);
    expect(io.out).toMatch(/stopped \(SIGTERM\): 1 writes, 0 reads/);
    expect((await stat(path.join(dir, 'ca.pem'))).isFile()).toBe(true); // --ca-out is the user's file: kept
  });

  it('starts with --fail-rate or --drop-rate alone: the other rate is 0', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-emu-cli-'));
    for (const [flag, faults] of [
      ['fail-rate', { error500Rate: 0.2, dropRate: 0 }],
      ['drop-rate', { error500Rate: 0, dropRate: 0.2 }],
    ] as const) {
      const options = emulatorOptions(args({ [flag]: 0.2 }), dir);
      expect(options.faults).toEqual(faults);
      const io = memoryIo(dir);
      expect(await runEmulator(options, 'ca.pem', io, () => Promise.resolve('SIGTERM'))).toBe(0);
      expect(io.out).toContain('listening on https://127.0.0.1:');
    }
  });

  it('exits 2 with a clear message on bad flags or a bad data file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rulectl-emu-cli-'));
    const cases: [string[], RegExp][] = [
      [['--throttle', '20'], /--throttle must be BURST\/PER_SECOND/],
      [['--fail-rate', '2'], /--fail-rate must be a number between 0 and 1/],
      [['--port', '-1'], /--port must be a whole number/],
      [['--data', 'bad.json'], /is not valid JSON/],
    ];
    await writeFile(path.join(dir, 'bad.json'), '{');
    for (const [flags, message] of cases) {
      const io = memoryIo(dir);
      expect(await runCli(['emulator', ...flags], io)).toBe(2);
      expect(io.err).toMatch(message);
      expect(io.err).not.toMatch(/\n\s+at /);
    }
  });
});
