// Injected trouble: an ARM-style token bucket (429 + Retry-After) and seeded random 500s and dropped connections.
import type { FaultOptions, ThrottleOptions } from './options.js';

export type TakeResult = { ok: true; remaining: number } | { ok: false; waitMs: number };

/** A token bucket refilled continuously; the wait it reports is exactly when the next token exists. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): TakeResult {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    // The epsilon absorbs float rounding, so waiting exactly the reported time always yields a token.
    if (this.tokens >= 1 - 1e-9) {
      this.tokens = Math.max(0, this.tokens - 1);
      return { ok: true, remaining: Math.floor(this.tokens) };
    }
    return { ok: false, waitMs: Math.max(1, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000)) };
  }
}

/** mulberry32: a small, fast PRNG whose whole state is one 32-bit seed (reproducible fault runs). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private readonly random: () => number;

  constructor(private readonly options: FaultOptions = {}) {
    this.random = seededRandom(options.seed ?? 1);
  }

  /** Whether this request gets an injected 500 (drawn for every admitted request, so runs replay exactly). */
  fail(): boolean {
    return this.draw(this.options.error500Rate);
  }

  /** Whether this request's connection is destroyed after it was processed. */
  drop(): boolean {
    return this.draw(this.options.dropRate);
  }

  private draw(rate: number | undefined): boolean {
    if (!rate) return false;
    return this.random() < rate;
  }
}

export function validateThrottle(t: ThrottleOptions): string | undefined {
  if (!Number.isFinite(t.burst) || t.burst < 1) return 'throttle burst must be a number >= 1';
  if (!Number.isFinite(t.perSecond) || t.perSecond <= 0) return 'throttle perSecond must be a number > 0';
  return undefined;
}
