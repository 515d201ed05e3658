/**
 * Slows down repeated failed logins: after `freeAttempts` failures for one key (a user
 * name, or a client address) within `windowMs`, each further attempt waits twice as long
 * as the last, up to `maxDelayMs`. Bounded memory: the oldest keys are dropped first.
 */
export interface LoginThrottle {
  /** Milliseconds to wait before checking credentials for these keys. */
  delayFor(keys: readonly string[]): number;
  recordFailure(keys: readonly string[]): void;
  recordSuccess(keys: readonly string[]): void;
}

export interface LoginThrottleOptions {
  readonly freeAttempts?: number;
  readonly windowMs?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly maxKeys?: number;
  readonly now?: () => number;
}

export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const free = options.freeAttempts ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 10_000;
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

  return {
    delayFor(keys) {
      const worst = Math.max(0, ...keys.map(countOf));
      if (worst < free) return 0;
      return Math.min(max, base * 2 ** Math.min(worst - free, 20));
    },
    recordFailure(keys) {
      for (const key of keys) {
        const count = countOf(key) + 1;
        failures.delete(key);
        failures.set(key, { count, last: now() });
        if (failures.size > maxKeys) failures.delete(failures.keys().next().value as string);
      }
    },
    recordSuccess(keys) {
      for (const key of keys) failures.delete(key);
    },
  };
}
