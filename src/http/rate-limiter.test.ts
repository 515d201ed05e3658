import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.js';

describe('createRateLimiter', () => {
  it('allows a burst, then refills at the sustained rate', async () => {
    let t = 0;
    const limiter = createRateLimiter({ ratePerSecond: 2, burst: 3, now: () => t });
    const first: number[] = [];
    for (let i = 0; i < 4; i++) first.push(await limiter.take('k'));
    expect(first).toEqual([0, 0, 0, 1]);
    t += 500;
    expect(await limiter.take('k')).toBe(0);
    expect(await limiter.take('k')).toBe(1);
  });

  it('keeps keys apart and never limits with a rate of zero', async () => {
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 1, now: () => 0 });
    expect(await limiter.take('a')).toBe(0);
    expect(await limiter.take('b')).toBe(0);
    expect(await limiter.take('a')).toBe(1);
    const off = createRateLimiter({ ratePerSecond: 0, burst: 0 });
    expect(await off.take('a')).toBe(0);
  });
});
