import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/deploy/pacing.js';

describe('Pacer (client-side write pacing)', () => {
  it('pauses everyone for Retry-After until it knows the rate, then spaces writes at the learned rate', () => {
    let now = 0;
    const pacer = new Pacer(() => now);
    expect(pacer.reserve()).toBe(0);
    now = 100;
    pacer.throttled(1000); // first empty bucket: no rate yet, so wait as told
    expect(pacer.reserve()).toBe(1000);
    // After the pause, 10 writes pass before the bucket is empty again 1.25 s after the first 429.
    now = 1100;
    for (let i = 0; i < 10; i++) pacer.passedWrite();
    now = 1350;
    pacer.throttled(1000);
    expect(pacer.stats().intervalMs).toBeCloseTo(125);
    // Writes are now spaced by the interval instead of waiting a whole second.
    const a = pacer.reserve();
    const b = pacer.reserve();
    expect(b - a).toBeCloseTo(125);
    expect(a).toBeLessThan(1000);
  });

  it('ignores estimates from too few samples', () => {
    let now = 0;
    const pacer = new Pacer(() => now);
    pacer.throttled(1000);
    now = 1001;
    pacer.passedWrite();
    pacer.throttled(1000);
    expect(pacer.stats().intervalMs).toBe(0);
  });
});
