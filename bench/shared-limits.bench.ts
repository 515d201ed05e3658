/**
 * What the shared rate limits cost per request (issue 6, docs/scale-out.md). One hub on
 * PostgreSQL (TEST_PG_URL, a fresh schema, dropped afterwards) is served on a loopback port
 * and driven from this process with fetch (keep-alive, 4 requests in flight) with
 * `GET /hub/collections/{id}/`, a small authenticated read (the scrypt check is cached).
 * Two configurations alternate over several rounds: rate limits on (default rates: the
 * per-address and per-principal buckets, leased from `rate_buckets` a block at a time) and
 * off (rates 0: no limiter statement at all). The difference of the mean latencies is the
 * per-request cost of the shared buckets. Beside it, the statement alone: one connection,
 * sequential calls of `rateBuckets.take` against `SELECT 1` (the round trip's floor).
 * The same rounds on SQLite, whose one process keeps its buckets in memory, give the figure
 * to compare with.
 *
 *   npx tsx -e "import('./bench/shared-limits.bench.ts').then(m=>m.run()).then(r=>console.log(r))"
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createHub, startServer } from '../src/app/index.js';
import { loadConfig } from '../src/config/index.js';
import { openPostgresStore } from '../src/store/postgres/open-postgres-store.js';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
  backend?: 'sqlite' | 'postgres';
}

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PASSWORD = 'bench-admin-password';
const IN_FLIGHT = 4;

export async function run(options: { quick?: boolean } = {}): Promise<BenchResult[]> {
  const requests = options.quick === true ? 1_000 : 5_000;
  const rounds = options.quick === true ? 2 : 4;
  const schema = `cairn_bench_limits_${randomBytes(4).toString('hex')}`;
  const url = new URL(PG_URL);
  url.searchParams.set('schema', schema);
  const sums = { on: 0, off: 0 };
  const sqliteSums = { on: 0, off: 0 };
  const statements: BenchResult[] = [];
  try {
    statements.push(...(await measureStatements(url.toString(), requests)));
    for (let round = 0; round < rounds; round++) {
      for (const mode of ['off', 'on'] as const) {
        const rate = await measure(url.toString(), mode === 'on', requests);
        sums[mode] += rate;
        const sqliteRate = await measure(undefined, mode === 'on', requests);
        sqliteSums[mode] += sqliteRate;
        console.error(
          `  round ${round + 1}, limits ${mode}: PostgreSQL ${rate.toFixed(0)}, SQLite ${sqliteRate.toFixed(0)} requests/s`,
        );
      }
    }
  } finally {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
  return [...statements, ...figures('postgres', sums, rounds), ...figures('sqlite', sqliteSums, rounds)];
}

function figures(
  backend: 'sqlite' | 'postgres',
  sums: { on: number; off: number },
  rounds: number,
): BenchResult[] {
  const off = sums.off / rounds;
  const on = sums.on / rounds;
  // With IN_FLIGHT requests in flight, the mean time per request is IN_FLIGHT / rate.
  const costMs = (IN_FLIGHT / on - IN_FLIGHT / off) * 1000;
  const buckets = backend === 'postgres' ? 'leased from the shared buckets' : "in the one process's memory";
  return [
    { name: 'GET collection, limits off', value: off, unit: 'requests/s', backend },
    { name: 'GET collection, limits on', value: on, unit: 'requests/s', backend },
    {
      name: 'rate limits, added latency per request',
      value: costMs,
      unit: 'ms',
      backend,
      note: `per address and per principal, ${buckets}, ${IN_FLIGHT} in flight, mean of ${rounds} rounds`,
    },
  ];
}

/** Requests/s of one hub: on PostgreSQL at `databaseUrl`, or SQLite when it is undefined. */
async function measure(databaseUrl: string | undefined, limits: boolean, requests: number): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bench-limits-'));
  const hub = await createHub(
    loadConfig({
      env: { CAIRN_ADMIN_PASSWORD: PASSWORD },
      flags: {
        dataDir,
        ...(databaseUrl === undefined ? {} : { databaseUrl }),
        port: 0,
        logLevel: 'silent',
        'jobs.enabled': false,
        // High enough never to refuse: the bench measures the bookkeeping, not refusals.
        'limits.requestsPerSecondPerPrincipal': limits ? 1_000_000 : 0,
        'limits.requestsPerSecondPerAddress': limits ? 1_000_000 : 0,
      },
    }),
  );
  const server = await startServer(hub);
  try {
    const id = ((await hub.store.tenancy.listCollections())[0] as { id: string }).id;
    const target = `${server.url}/hub/collections/${id}/`;
    const headers = {
      accept: 'application/taxii+json;version=2.1',
      authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`,
    };
    const get = async () => {
      const res = await fetch(target, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET answered ${res.status}`);
    };
    for (let i = 0; i < 200; i++) await get(); // warm-up: scrypt cache, prepared statements
    let left = requests;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (left-- > 0) await get();
      }),
    );
    return requests / ((performance.now() - started) / 1000);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Mean µs per call of the bucket UPSERT and of SELECT 1, sequential on one connection. */
async function measureStatements(databaseUrl: string, calls: number): Promise<BenchResult[]> {
  const store = await openPostgresStore({ url: databaseUrl, migrate: 'auto', poolSize: 1 });
  const limit = { ratePerSecond: 1_000_000, burst: 5_000_000 };
  const time = async (work: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < 300; i++) await work(i);
    const started = performance.now();
    for (let i = 0; i < calls; i++) await work(i);
    return ((performance.now() - started) * 1000) / calls;
  };
  try {
    const ping = await time(() => store.ping());
    const take = await time((i) => store.counters.rateBuckets.take(`token:${i % 1000}`, limit));
    console.error(`  SELECT 1: ${ping.toFixed(0)} µs, bucket UPSERT: ${take.toFixed(0)} µs`);
    return [
      { name: 'SELECT 1 round trip (one connection)', value: ping, unit: 'µs' },
      { name: 'rate bucket UPSERT (one connection, 1,000 keys)', value: take, unit: 'µs' },
    ];
  } finally {
    await store.close();
  }
}
