import { createHash } from 'node:crypto';
import type { LimitCounters } from '../coordination-types.js';
import type { PgQueryable } from './pg-database.js';

/** The database's clock in milliseconds: one clock for every node, whatever theirs say. */
const NOW_MS = 'extract(epoch FROM clock_timestamp())::float8 * 1000';

/**
 * One statement per request, atomic under concurrency (the row lock of ON CONFLICT), as a
 * GCRA token bucket: `tat` is the theoretical arrival time of the next request; a request
 * is allowed when it would not push `tat` more than the burst (`tau`) past now. `$2` is the
 * emission interval T = 1000 / rate (ms), `$3` is tau = burst × T. A refused request leaves
 * `tat` alone; `allowed` and `at` say what happened, since RETURNING sees only the new row.
 */
const TAKE_SQL = `
INSERT INTO rate_buckets AS b (key, tat, at, allowed)
SELECT $1, t.n + CASE WHEN $2::float8 <= $3::float8 THEN $2::float8 ELSE 0 END, t.n, $2::float8 <= $3::float8
FROM (SELECT ${NOW_MS} AS n) AS t
ON CONFLICT (key) DO UPDATE SET
  allowed = GREATEST(b.tat, EXCLUDED.at) + $2::float8 - EXCLUDED.at <= $3::float8,
  tat = CASE WHEN GREATEST(b.tat, EXCLUDED.at) + $2::float8 - EXCLUDED.at <= $3::float8
        THEN GREATEST(b.tat, EXCLUDED.at) + $2::float8 ELSE b.tat END,
  at = EXCLUDED.at
RETURNING allowed, tat, at`;

// Keys arrive sorted, so two nodes counting [address, user] lock the rows in one order.
const RECORD_SQL = `
INSERT INTO login_failures AS f (key, failures, last_at)
SELECT k, 1, t.n FROM unnest($1::text[]) AS k, (SELECT ${NOW_MS} AS n) AS t
ON CONFLICT (key) DO UPDATE SET
  failures = CASE WHEN EXCLUDED.last_at - f.last_at > $2::float8 THEN 1 ELSE f.failures + 1 END,
  last_at = EXCLUDED.last_at`;

const WORST_SQL = `
SELECT COALESCE(MAX(failures), 0) AS worst FROM login_failures
WHERE key = ANY($1::text[]) AND last_at >= ${NOW_MS} - $2::float8`;

const SWEEP_SQL = `
WITH gone_buckets AS (DELETE FROM rate_buckets WHERE tat < ${NOW_MS} RETURNING 1),
     gone_failures AS (DELETE FROM login_failures WHERE last_at < ${NOW_MS} - $1::float8 RETURNING 1)
SELECT (SELECT count(*) FROM gone_buckets) + (SELECT count(*) FROM gone_failures) AS n`;

/**
 * Rate buckets and failed-login counts in two tables (migration 7), so the limits hold for
 * the hub as a whole rather than per node. Both tables are UNLOGGED: counters are cheap to
 * lose in a database crash (limits start afresh) and skipping the WAL makes each request's
 * UPSERT cheaper.
 */
export function createPgLimitCounters(db: PgQueryable): LimitCounters {
  return {
    rateBuckets: {
      async take(key, limit) {
        const interval = 1000 / limit.ratePerSecond;
        const { rows } = await db.query<{ allowed: boolean; tat: number; at: number }>(TAKE_SQL, [
          boundedKey(key),
          interval,
          limit.burst * interval,
        ]);
        const row = rows[0];
        if (row === undefined || row.allowed) return 0;
        const waitMs = row.tat + interval - limit.burst * interval - row.at;
        return Math.max(1, Math.ceil(waitMs / 1000));
      },
    },
    loginFailures: {
      async worst(keys, windowMs) {
        if (keys.length === 0) return 0;
        const { rows } = await db.query<{ worst: number }>(WORST_SQL, [keyList(keys), windowMs]);
        return Number(rows[0]?.worst ?? 0);
      },
      async record(keys, windowMs) {
        if (keys.length === 0) return;
        await db.query(RECORD_SQL, [keyList(keys), windowMs]);
      },
      async clear(keys) {
        if (keys.length === 0) return;
        await db.query('DELETE FROM login_failures WHERE key = ANY($1::text[])', [keyList(keys)]);
      },
    },
    async sweep(loginWindowMs) {
      const { rows } = await db.query<{ n: number }>(SWEEP_SQL, [loginWindowMs]);
      return Number(rows[0]?.n ?? 0);
    },
  };
}

/** Distinct, bounded and sorted (one lock order; ON CONFLICT refuses a key twice per statement). */
function keyList(keys: readonly string[]): string[] {
  return [...new Set(keys.map(boundedKey))].sort();
}

/**
 * Keys hold client input (a user name from an Authorization header of up to 4 KB); an index
 * entry must stay small, so a long key is stored as its digest.
 */
function boundedKey(key: string): string {
  if (key.length <= 200) return key;
  return `sha256:${createHash('sha256').update(key).digest('base64url')}`;
}
