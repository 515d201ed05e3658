import type { RateBucketStore } from '../store/store.js';

/**
 * Token buckets keyed by principal or client address: each key earns `ratePerSecond` tokens
 * a second up to `burst`, and a request spends one. Asynchronous because several nodes share
 * the buckets through the database (`createSharedRateLimiter`).
 */
export interface RateLimiter {
  /** Spends a token for `key`; resolves to 0 when allowed, else the seconds to wait. */
  take(key: string): Promise<number>;
}

export interface RateLimiterOptions {
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly maxKeys?: number;
  readonly now?: () => number;
}

/**
 * The buckets of a single process, in memory. Memory is bounded: the least recently seen
 * keys are dropped first (a dropped key starts again with a full bucket).
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { ratePerSecond, burst } = options;
  const maxKeys = options.maxKeys ?? 100_000;
  const now = options.now ?? (() => performance.now());
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    async take(key) {
      if (ratePerSecond <= 0) return 0;
      const t = now();
      const b = buckets.get(key) ?? { tokens: burst, at: t };
      buckets.delete(key);
      b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * ratePerSecond);
      b.at = t;
      let wait = 0;
      if (b.tokens >= 1) b.tokens -= 1;
      else wait = Math.ceil((1 - b.tokens) / ratePerSecond);
      buckets.set(key, b);
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
      return wait;
    },
  };
}

/**
 * The buckets of a hub with several nodes, kept in `store` (PostgreSQL), so a client spreading
 * requests over nodes gets the hub's limit, not a multiple of it. A rate of zero turns the
 * limit off without touching the store.
 *
 * A round trip per request would cost more than a small read itself, so each node leases
 * tokens in blocks: one atomic take of `lease` tokens (a tenth of a second's worth), spent
 * locally. The hub-wide limit still holds exactly, since every token comes out of the shared
 * bucket; what a node leases and does not spend within a second is dropped, which makes the
 * limit stricter by at most one lease per node and key, never looser. When the bucket cannot
 * give a whole lease, single tokens are taken, so a client at its limit is judged exactly.
 */
export function createSharedRateLimiter(
  store: RateBucketStore,
  options: Pick<RateLimiterOptions, 'ratePerSecond' | 'burst' | 'maxKeys' | 'now'>,
): RateLimiter {
  const limit = { ratePerSecond: options.ratePerSecond, burst: Math.max(1, options.burst) };
  const lease = Math.max(1, Math.min(Math.floor(limit.ratePerSecond / 10), Math.floor(limit.burst / 2)));
  // Taking `lease` tokens at once is taking one token of a bucket `lease` times coarser.
  const leaseLimit = { ratePerSecond: limit.ratePerSecond / lease, burst: limit.burst / lease };
  const maxKeys = options.maxKeys ?? 100_000;
  const now = options.now ?? (() => performance.now());
  const leased = new Map<string, { tokens: number; expires: number }>();
  const acquiring = new Map<string, Promise<number>>();

  /** One lease for `key` at a time: concurrent requests wait for it instead of leasing more. */
  const acquire = (key: string): Promise<number> => {
    let running = acquiring.get(key);
    if (running === undefined) {
      running = (async () => {
        const wait = lease > 1 ? await store.take(key, leaseLimit) : 1;
        if (wait === 0) {
          leased.delete(key);
          leased.set(key, { tokens: lease, expires: now() + 1_000 });
          if (leased.size > maxKeys) leased.delete(leased.keys().next().value as string);
        }
        return wait;
      })().finally(() => acquiring.delete(key));
      acquiring.set(key, running);
    }
    return running;
  };
  const spendLocal = (key: string): boolean => {
    const held = leased.get(key);
    if (held === undefined || held.tokens < 1 || held.expires <= now()) return false;
    held.tokens -= 1;
    return true;
  };

  return {
    async take(key) {
      if (limit.ratePerSecond <= 0 || spendLocal(key)) return 0;
      if ((await acquire(key)) === 0 && spendLocal(key)) return 0;
      return store.take(key, limit);
    },
  };
}
