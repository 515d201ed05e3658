import { afterAll, beforeAll, expect, it } from 'vitest';
import { createJobRunner, type Job } from '../../src/app/jobs/job-runner.js';
import { createStatusPurgeJob } from '../../src/app/jobs/status-purge-job.js';
import { createSystemClock, silentLogger } from '../../src/core/index.js';
import { createSharedRateLimiter, type RateLimiter } from '../../src/http/rate-limiter.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/open-postgres-store.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { createPgTestSchema, describeWithPostgres, eventually, type PgTestSchema } from './pg-test-schema.js';

/**
 * Issue 6, the building blocks several nodes share on PostgreSQL: rate buckets and login
 * failures counted by atomic UPSERTs, and job leadership on session advisory locks. Each
 * "node" is its own PostgresStore (own pool) on one fresh schema.
 */
describeWithPostgres('shared coordination on PostgreSQL', (base) => {
  let schema: PgTestSchema;
  let a: PostgresStore;
  let b: PostgresStore;
  let proxy: TcpProxy;
  const open = (url: string) => openPostgresStore({ url, migrate: 'auto', connectTimeoutMs: 2000 });

  beforeAll(async () => {
    schema = createPgTestSchema(base);
    a = await open(schema.url());
    b = await open(schema.url());
    proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(base).port || 5432) });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await proxy?.close();
    await schema?.drop();
  });

  it('rate buckets: a burst is shared by two nodes, then refused with a wait (atomic under concurrency)', async () => {
    // Practically no refill: exactly `burst` of 40 concurrent requests may pass, whichever node.
    const limit = { ratePerSecond: 0.01, burst: 10 };
    const waits = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? a : b).counters.rateBuckets.take('token:t1', limit),
      ),
    );
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
    // The next request becomes possible after one emission interval (100 s at 0.01/s).
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(90);
    expect(await a.counters.rateBuckets.take('token:other', limit)).toBe(0);
  });

  it('leased shared limiter: two nodes together never pass more than the hub-wide budget', async () => {
    // 50/s with a burst of 50: each node leases 5 tokens per round trip.
    const options = { ratePerSecond: 50, burst: 50 };
    const nodes = [
      createSharedRateLimiter(a.counters.rateBuckets, options),
      createSharedRateLimiter(b.counters.rateBuckets, options),
    ];
    const started = performance.now();
    const waits = await Promise.all(
      Array.from({ length: 300 }, (_, i) => (nodes[i % 2] as RateLimiter).take('token:leased')),
    );
    const seconds = (performance.now() - started) / 1000;
    const allowed = waits.filter((w) => w === 0).length;
    // Never looser than the bucket (burst + what refilled meanwhile); stricter by at most one
    // unspent lease per node.
    expect(allowed).toBeLessThanOrEqual(50 + Math.ceil(50 * seconds) + 1);
    expect(allowed).toBeGreaterThanOrEqual(50 - 2 * 5);
    expect(waits.filter((w) => w > 0).every((w) => w >= 1)).toBe(true);
  });

  it('login failures recorded on different nodes add up, and a success clears them', async () => {
    const keys = ['user:mallory', 'addr:203.0.113.7'];
    await a.counters.loginFailures.record(keys, 60_000);
    await b.counters.loginFailures.record(keys, 60_000);
    await a.counters.loginFailures.record(['user:mallory', 'user:mallory'], 60_000);
    expect(await b.counters.loginFailures.worst(['user:mallory'], 60_000)).toBe(3);
    expect(await a.counters.loginFailures.worst(['addr:203.0.113.7', 'user:nobody'], 60_000)).toBe(2);
    await b.counters.loginFailures.clear(['user:mallory']);
    expect(await a.counters.loginFailures.worst(['user:mallory'], 60_000)).toBe(0);
  });

  it('counts concurrent failures from two nodes exactly (no lost update, no deadlock)', async () => {
    const keys = ['user:eve', 'addr:198.51.100.1'];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 === 0 ? a : b).counters.loginFailures.record(i % 3 === 0 ? [...keys].reverse() : keys, 60_000),
      ),
    );
    expect(await a.counters.loginFailures.worst(['user:eve'], 60_000)).toBe(30);
  });

  it('bounds keys made of client input, and sweeps refilled buckets and old failures', async () => {
    const long = `user:${'x'.repeat(5000)}`;
    await a.counters.loginFailures.record([long], 1);
    expect(await b.counters.loginFailures.worst([long], 60_000)).toBe(1);
    await a.counters.rateBuckets.take('addr:fast', { ratePerSecond: 1000, burst: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(await a.counters.sweep(1)).toBeGreaterThanOrEqual(2);
    const left = await schema.query<{ key: string }>(
      "SELECT key FROM rate_buckets WHERE key = 'addr:fast' UNION ALL SELECT key FROM login_failures WHERE key LIKE 'sha256:%'",
    );
    expect(left).toEqual([]);
  });

  it('leader locks: one holder at a time; released on close, taken by the other node', async () => {
    const la = a.openLeaderLocks();
    const lb = b.openLeaderLocks();
    try {
      expect(await la.hold('job-x')).toBe(true);
      expect(await lb.hold('job-x')).toBe(false);
      expect(await la.hold('job-x')).toBe(true);
      expect(await lb.hold('job-y')).toBe(true);
      await la.close();
      expect(await lb.hold('job-x')).toBe(true);
    } finally {
      await la.close();
      await lb.close();
    }
  });

  it('leader locks: a node whose connection is cut steps down, and another takes over', async () => {
    const viaProxy = await open(schema.url({ port: proxy.port }));
    const cut = viaProxy.openLeaderLocks();
    const other = b.openLeaderLocks();
    try {
      expect(await cut.hold('job-z')).toBe(true);
      expect(await other.hold('job-z')).toBe(false);
      proxy.cut();
      expect(await cut.hold('job-z')).toBe(false);
      // The server ends the reset session and frees its locks.
      await eventually('the other node to take over', async () =>
        (await other.hold('job-z')) ? true : undefined,
      );
      proxy.restore();
      expect(await cut.hold('job-z')).toBe(false);
      await other.close();
      expect(await cut.hold('job-z')).toBe(true);
    } finally {
      proxy.restore();
      await cut.close();
      await other.close();
      await viaProxy.close();
    }
  });

  it('job runner: exactly one of two nodes runs a job; when its runner stops, the other takes over', async () => {
    const runs: string[] = [];
    const job = (node: string): Job => ({
      name: 'count',
      intervalMs: 50,
      run: async () => void runs.push(node),
    });
    const ra = createJobRunner([job('a')], { locks: a.openLeaderLocks(), pollMs: 50, logger: silentLogger });
    ra.start();
    await eventually('a to lead', async () => (ra.leading().includes('count') ? true : undefined));
    const rb = createJobRunner([job('b')], { locks: b.openLeaderLocks(), pollMs: 50, logger: silentLogger });
    rb.start();
    try {
      await eventually('a few runs', async () => (runs.length >= 3 ? true : undefined));
      expect(rb.leading()).toEqual([]);
      expect(new Set(runs)).toEqual(new Set(['a']));
      await ra.stop();
      await eventually('b to lead', async () => (rb.leading().includes('count') ? true : undefined));
      await eventually('b to run', async () => (runs.includes('b') ? true : undefined));
    } finally {
      await ra.stop();
      await rb.stop();
    }
  });

  it('status-purge job (T123): deletes completed statuses past retention only, and is idempotent', async () => {
    const hour = 3_600_000_000;
    const now = createSystemClock().nowMicros();
    const insert = (id: string, completedAt: number | null) =>
      schema.query(
        `INSERT INTO statuses (id, community_id, collection_id, submitter_org_id, request_timestamp, status,
          total_count, details, completed_at) VALUES ($1, 'c', 'k', 'o', $2, $3, 0, '{}', $4)`,
        [id, now - 100 * hour, completedAt === null ? 'pending' : 'complete', completedAt],
      );
    await insert('status-old', now - 25 * hour);
    await insert('status-recent', now - 23 * hour);
    await insert('status-pending', null);
    const job = createStatusPurgeJob(a.statuses, {
      clock: createSystemClock(),
      retentionHours: 24,
      intervalMs: 1000,
    });
    await job.run();
    await job.run();
    const left = await schema.query<{ id: string }>(
      "SELECT id FROM statuses WHERE id LIKE 'status-%' ORDER BY id",
    );
    expect(left.map((r) => r.id)).toEqual(['status-pending', 'status-recent']);
  });
});
