// Paging, the ARM throttle (429 + honest Retry-After), injected 500s, dropped connections and latency.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom, TokenBucket } from '../../src/emulator/faults.js';
import { startEmulator } from '../../src/emulator/server.js';
import { request, ruleUrl, scheduled, RULES } from './client.js';

describe('LIST paging', () => {
  it('follows nextLink with $skipToken until every rule was seen once', async () => {
    const emu = await startEmulator({ pageSize: 2 });
    try {
      for (const id of ['p1', 'p2', 'p3', 'p4'])
        expect((await request(emu, 'PUT', ruleUrl(id), scheduled())).status).toBe(201);
      const seen: string[] = [];
      let next: string | undefined = `${RULES}?api-version=2024-01-01-preview`;
      let pages = 0;
      while (next) {
        const r = await request(emu, 'GET', next);
        expect(r.status).toBe(200);
        seen.push(...(r.json.value as { name: string }[]).map(x => x.name));
        next = r.json.nextLink as string | undefined;
        if (next) {
          expect(next.startsWith(`${emu.url}${RULES}?api-version=2024-01-01-preview&`)).toBe(true);
          expect(new URL(next).searchParams.get('$skipToken')).toBeTruthy();
        }
        pages++;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(['BuiltInFusion', 'p1', 'p2', 'p3', 'p4']);
      const bad = await request(emu, 'GET', `${RULES}?api-version=2024-01-01-preview&$skipToken=bm9wZQ`);
      expect([bad.status, bad.json.error.code]).toEqual([400, 'InvalidSkipToken']);
    } finally {
      await emu.close();
    }
  });
});

describe('throttling', () => {
  it('TokenBucket reports exactly when the next token exists', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 10, () => now);
    expect(bucket.take()).toEqual({ ok: true, remaining: 1 });
    expect(bucket.take()).toEqual({ ok: true, remaining: 0 });
    expect(bucket.take()).toEqual({ ok: false, waitMs: 100 });
    now = 60;
    expect(bucket.take()).toEqual({ ok: false, waitMs: 40 });
    now = 100;
    expect(bucket.take()).toMatchObject({ ok: true });
    now = 10_000;
    expect(bucket.take()).toEqual({ ok: true, remaining: 1 }); // never more than the burst
  });

  it('answers 429 SubscriptionRequestsThrottled with Retry-After, then succeeds after waiting it', async () => {
    const emu = await startEmulator({ throttle: { burst: 2, perSecond: 4 } });
    try {
      expect((await request(emu, 'PUT', ruleUrl('t1'), scheduled())).status).toBe(201);
      expect((await request(emu, 'PUT', ruleUrl('t2'), scheduled())).status).toBe(201);
      expect((await request(emu, 'GET', ruleUrl('t2'))).status).toBe(200); // reads are not metered by default
      const limited = await request(emu, 'PUT', ruleUrl('t3'), scheduled());
      expect(limited.status).toBe(429);
      expect(limited.json.error.code).toBe('SubscriptionRequestsThrottled');
      expect(limited.json.error.message).toMatch(
        /^Number of 'write' requests for subscription '[^']+' actor '[^']+' exceeded\. Please try again after '1' seconds\.$/,
      );
      expect(limited.headers['retry-after']).toBe('1');
      const waitMs = Number(limited.headers['retry-after-ms']);
      expect(waitMs).toBeGreaterThan(0);
      expect(waitMs).toBeLessThanOrEqual(250);
      await new Promise(r => setTimeout(r, waitMs));
      const after = await request(emu, 'PUT', ruleUrl('t3'), scheduled());
      expect(after.status).toBe(201);
      expect(emu.stats()).toMatchObject({ writes: 3, reads: 1, throttled: 1 });
      expect(emu.stats().byRule).toEqual({ t1: 1, t2: 1, t3: 1 });
    } finally {
      await emu.close();
    }
  });

  it("meters reads too with scope 'all', and reports the bucket in the ratelimit header", async () => {
    const emu = await startEmulator({ throttle: { burst: 2, perSecond: 1, scope: 'all' } });
    try {
      const first = await request(emu, 'GET', `${RULES}?api-version=2025-09-01`);
      expect(first.headers['x-ms-ratelimit-remaining-subscription-reads']).toBe('1');
      await request(emu, 'GET', `${RULES}?api-version=2025-09-01`);
      const third = await request(emu, 'GET', `${RULES}?api-version=2025-09-01`);
      expect(third.status).toBe(429);
      expect(third.json.error.message).toContain("Number of 'read' requests");
    } finally {
      await emu.close();
    }
  });
});

describe('injected faults', () => {
  it('answers a seeded share of requests with 500 without applying them, reproducibly', async () => {
    const run = async () => {
      const emu = await startEmulator({ faults: { error500Rate: 0.5, seed: 7 } });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await request(emu, 'PUT', ruleUrl(`f${i}`), scheduled())).status);
      // The LIST itself may draw a 500: ask until it passes.
      let list = await request(emu, 'GET', `${RULES}?api-version=2024-01-01-preview`);
      while (list.status === 500) list = await request(emu, 'GET', `${RULES}?api-version=2024-01-01-preview`);
      await emu.close();
      return { statuses, names: (list.json.value as { name: string }[]).map(x => x.name), failed: emu.stats().failed };
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a.statuses).toContain(500);
    expect(a.statuses).toContain(201);
    expect(a.names).toEqual(['BuiltInFusion', ...a.statuses.flatMap((s, i) => (s === 201 ? [`f${i}`] : []))]);
    expect(a.failed).toBeGreaterThanOrEqual(a.statuses.filter(s => s === 500).length);
  });

  it('drops connections after processing: the client sees a reset, the change is applied', async () => {
    const dataFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'rulectl-emu-')), 'data.json');
    const emu = await startEmulator({ dataFile, faults: { dropRate: 1 } });
    try {
      await expect(request(emu, 'PUT', ruleUrl('dropped'), scheduled())).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(emu.stats()).toMatchObject({ dropped: 1, writes: 1 });
    } finally {
      await emu.close();
    }
    const again = await startEmulator({ dataFile });
    try {
      expect((await request(again, 'GET', ruleUrl('dropped'))).status).toBe(200);
    } finally {
      await again.close();
    }
  });

  it('seededRandom is deterministic per seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every(x => x >= 0 && x < 1)).toBe(true);
  });

  it('adds latency to every response', async () => {
    const emu = await startEmulator({ latencyMs: 120 });
    try {
      const t = performance.now();
      await request(emu, 'GET', `${RULES}?api-version=2025-09-01`);
      expect(performance.now() - t).toBeGreaterThanOrEqual(115);
    } finally {
      await emu.close();
    }
  });

  it('refuses nonsense options', async () => {
    await expect(startEmulator({ throttle: { burst: 0, perSecond: 1 } })).rejects.toThrow(/burst/);
    await expect(startEmulator({ faults: { error500Rate: 2 } })).rejects.toThrow(/between 0 and 1/);
    await expect(startEmulator({ port: 70000 })).rejects.toThrow(/port/);
  });
});
