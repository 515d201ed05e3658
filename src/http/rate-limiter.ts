/**
 * Token buckets keyed by principal or client address: each key earns `ratePerSecond` tokens
 * a second up to `burst`, and a request spends one. Memory is bounded: the least recently
 * seen keys are dropped first (a dropped key starts again with a full bucket).
 */
export interface RateLimiter {
  /** Spends a token for `key`; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number;
}

export interface RateLimiterOptions {
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly maxKeys?: number;
  readonly now?: () => number;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { ratePerSecond, burst } = options;
  const maxKeys = options.maxKeys ?? 100_000;
  const now = options.now ?? (() => performance.now());
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
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
