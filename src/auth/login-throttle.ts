import type { LoginFailureStore } from '../store/store.js';

/**
 * Slows down repeated failed logins: after `freeAttempts` failures for one key (a user
 * name, or a client address) within `windowMs`, each further attempt waits twice as long
 * as the last, up to `maxDelayMs`. Asynchronous because several nodes share the counts
 * through the database (`createSharedLoginThrottle`); one process may keep them in memory.
 */
export interface LoginThrottle {
  /** Milliseconds to wait before checking credentials for these keys. */
  delayFor(keys: readonly string[]): Promise<number>;
  recordFailure(keys: readonly string[]): Promise<void>;
  recordSuccess(keys: readonly string[]): Promise<void>;
}

export interface LoginThrottleOptions {
  readonly freeAttempts?: number;
  readonly windowMs?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** In-memory throttle only: most keys remembered (the oldest are dropped first). */
  readonly maxKeys?: number;
  /** In-memory throttle only: the clock (the shared one uses the database's). */
  readonly now?: () => number;
}

/** The failed-login window when none is configured (also what the sweep job keeps). */
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;

/** The throttle of a single process, counts in bounded memory. */
export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const windowMs = options.windowMs ?? LOGIN_FAILURE_WINDOW_MS;
  const maxKeys = options.maxKeys ?? 100_000;
  const now = options.now ?? Date.now;
  const failures = new Map<string, { count: number; last: number }>();

  const countOf = (key: string): number => {
    const f = failures.get(key);
    if (f === undefined) return 0;
    if (now() - f.last > windowMs) {
      failures.delete(key);
      return 0;
    }
    return f.count;
  };

  return throttleOver(
    {
      worst: async (keys) => Math.max(0, ...keys.map(countOf)),
      async record(keys) {
        for (const key of keys) {
          const count = countOf(key) + 1;
          failures.delete(key);
          failures.set(key, { count, last: now() });
          if (failures.size > maxKeys) failures.delete(failures.keys().next().value as string);
        }
      },
      async clear(keys) {
        for (const key of keys) failures.delete(key);
      },
    },
    options,
  );
}

/**
 * The throttle of a hub with several nodes: the counts live in `store` (PostgreSQL), so
 * failures spread over nodes by a guessing client add up as if they hit one node.
 */
export function createSharedLoginThrottle(
  store: LoginFailureStore,
  options: Omit<LoginThrottleOptions, 'maxKeys' | 'now'> = {},
): LoginThrottle {
  return throttleOver(store, options);
}

/** The delay policy, the same over any counter store. */
function throttleOver(store: LoginFailureStore, options: LoginThrottleOptions): LoginThrottle {
  const free = options.freeAttempts ?? 5;
  const windowMs = options.windowMs ?? LOGIN_FAILURE_WINDOW_MS;
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 10_000;
  return {
    async delayFor(keys) {
      const worst = await store.worst(keys, windowMs);
      if (worst < free) return 0;
      return Math.min(max, base * 2 ** Math.min(worst - free, 20));
    },
    recordFailure: (keys) => store.record(keys, windowMs),
    recordSuccess: (keys) => store.clear(keys),
  };
}
