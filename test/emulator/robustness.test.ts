// Bad input never crashes the emulator: oversized bodies, odd request lines, limits, unwritable data files;
// and the throttle's Retry-After is honest for any request pattern (property test).
import fc from 'fast-check';
import { mkdtemp, writeFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/emulator/faults.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { request, ruleUrl, scheduled } from './client.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

/** Sends a raw request line, which fetch-style clients normalise away. */
function rawPath(requestPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port: emu.port,
        path: requestPath,
        ca: emu.ca,
        agent: false,
        headers: { authorization: `Bearer ${emu.token}` },
      },
      res => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('robustness', () => {
  it('refuses a body over 4 MB with 413 and keeps serving', async () => {
    const big = scheduled({ query: 'x'.repeat(4 * 1024 * 1024) });
    const r = await request(emu, 'PUT', ruleUrl('big'), big).catch((e: NodeJS.ErrnoException) => ({ status: e.code }));
    // The server answers 413 as soon as the limit is passed; the client may see the answer or a reset.
    expect([413, 'ECONNRESET', 'EPIPE']).toContain(r.status);
    expect((await request(emu, 'GET', ruleUrl('big'))).status).toBe(404);
  });

  it('answers odd request lines without crashing', async () => {
    expect(await rawPath('*')).toBe(404);
    expect(await rawPath('/%E0%A4%A')).toBe(404);
    expect(await rawPath('//subscriptions')).toBe(404);
    expect((await request(emu, 'GET', ruleUrl('BuiltInFusion', '2025-09-01'))).status).toBe(200);
  });

  it('enforces the documented length limits and the search * rule', async () => {
    const put = async (props: Record<string, unknown>) =>
      (await request(emu, 'PUT', ruleUrl('limits'), scheduled(props))).json.error?.message as string;
    expect(await put({ displayName: 'n'.repeat(257) })).toContain(
      "The field DisplayName must be a string with a maximum length of '256'.",
    );
    expect(await put({ description: 'd'.repeat(5001) })).toContain("maximum length of '5000'");
    expect(await put({ query: 'q'.repeat(10_001) })).toContain("maximum length of '10000'");
    expect(await put({ query: 'search * | take 1' })).toContain("must not contain 'search *' or 'union *'");
    const ic = {
      createIncident: true,
      groupingConfiguration: {
        enabled: true,
        reopenClosedIncident: false,
        lookbackDuration: 'P8D',
        matchingMethod: 'AllEntities',
      },
    };
    expect(await put({ incidentConfiguration: ic })).toContain(
      'The field LookbackDuration must be between PT5M and P7D.',
    );
    expect(await put({ enabled: 'yes', triggerThreshold: '1' })).toMatch(
      /Enabled; true or false is expected.*TriggerThreshold; an integer is expected/,
    );
  });

  it('refuses to start when the data file cannot be written', async () => {
    // A folder that is really a file cannot be created, even by root.
    const blocker = path.join(await mkdtemp(path.join(os.tmpdir(), 'rulectl-emu-')), 'a-file');
    await writeFile(blocker, 'x');
    const dataFile = path.join(blocker, 'data.json');
    await expect(startEmulator({ dataFile })).rejects.toThrow(
      `cannot read emulator data file ${dataFile}: not a directory`,
    );
  });
});

describe('TokenBucket honesty (property)', () => {
  it('a request made after the reported wait always gets a token; burst is never exceeded', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 60 }),
        (burst, perSecond, gaps) => {
          let now = 0;
          const bucket = new TokenBucket(burst, perSecond, () => now);
          let granted = 0;
          for (const gap of gaps) {
            now += gap;
            const got = bucket.take();
            if (got.ok) granted++;
            else {
              now += got.waitMs;
              if (!bucket.take().ok) return false;
              granted++;
            }
          }
          // Never more than the burst plus what the elapsed time refilled.
          return granted <= burst + Math.floor((now / 1000) * perSecond) + 1;
        },
      ),
      { numRuns: 1000 },
    );
  });
});
