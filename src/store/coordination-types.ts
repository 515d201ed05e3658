/**
 * What several Cairn nodes on one database share besides the data (issue 6): counters for
 * rate limits and login slow-down, and leadership of background jobs. The PostgreSQL adapter
 * implements these on the database; a single SQLite process keeps them in memory instead
 * (auth/login-throttle.ts, http/rate-limiter.ts, app/jobs/local-leader-locks.ts).
 */

/** A token bucket per key, shared by every node. */
export interface RateBucketStore {
  /**
   * Spends one request from the bucket of `key`, which earns `ratePerSecond` requests a
   * second up to `burst`. Atomic across nodes.
   * @returns 0 when allowed, else the whole seconds to wait before the next one is.
   * @throws HubError CAIRN_STORE_UNAVAILABLE when the database cannot be reached.
   */
  take(key: string, limit: { readonly ratePerSecond: number; readonly burst: number }): Promise<number>;
}

/** Failed-login counts per key (user name, token id or client address), shared by every node. */
export interface LoginFailureStore {
  /** The highest count among `keys` of failures no older than `windowMs` apart (0 when none). */
  worst(keys: readonly string[], windowMs: number): Promise<number>;
  /** Counts one more failure for each key; a count older than `windowMs` starts again at 1. */
  record(keys: readonly string[], windowMs: number): Promise<void>;
  /** Forgets the keys (after a successful login). */
  clear(keys: readonly string[]): Promise<void>;
}

/** The shared counters, and their housekeeping. */
export interface LimitCounters {
  readonly rateBuckets: RateBucketStore;
  readonly loginFailures: LoginFailureStore;
  /**
   * Deletes buckets that have refilled (equivalent to absent) and login failures older than
   * `loginWindowMs`; returns how many rows went. Idempotent: a background job runs it.
   */
  sweep(loginWindowMs: number): Promise<number>;
}

/**
 * Leadership of named background jobs: at most one node holds a name at a time, and a node
 * that dies loses it without anyone's help (PostgreSQL session advisory locks).
 */
export interface LeaderLocks {
  /**
   * Takes the lock of `name` if it is free, or confirms this node still holds it.
   * @returns true while this node is the leader of `name`; false when another node is, or
   *   the database cannot be reached (a node that cannot see the database leads nothing).
   */
  hold(name: string): Promise<boolean>;
  /** Releases every lock this node holds and closes its connection. Idempotent. */
  close(): Promise<void>;
}
