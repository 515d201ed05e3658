import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle.js';

describe('createLoginThrottle', () => {
  it('lets a few failures pass, then doubles the delay up to the cap', async () => {
    let now = 0;
    const t = createLoginThrottle({ freeAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, now: () => now });
    const keys = ['user:alice'];
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      delays.push(await t.delayFor(keys));
      await t.recordFailure(keys);
      now += 1000;
    }
    expect(delays).toEqual([0, 0, 0, 100, 200, 400, 800, 1000, 1000]);
  });

  it('takes the worst of the keys (user and address) and forgets after success or the window', async () => {
    let now = 0;
    const t = createLoginThrottle({ freeAttempts: 1, baseDelayMs: 50, windowMs: 10_000, now: () => now });
    await t.recordFailure(['addr:1', 'user:bob']);
    await t.recordFailure(['addr:1', 'user:bob']);
    expect(await t.delayFor(['addr:1', 'user:carol'])).toBe(100);
    await t.recordSuccess(['addr:1']);
    expect(await t.delayFor(['addr:1'])).toBe(0);
    now += 20_000;
    expect(await t.delayFor(['user:bob'])).toBe(0);
  });

  it('keeps its memory bounded', async () => {
    const t = createLoginThrottle({ maxKeys: 10, freeAttempts: 1, baseDelayMs: 1 });
    for (let i = 0; i < 100; i++) await t.recordFailure([`addr:${i}`]);
    expect(await t.delayFor(['addr:0'])).toBe(0);
    expect(await t.delayFor(['addr:99'])).toBe(1);
  });
});
