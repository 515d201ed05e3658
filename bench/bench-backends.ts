/**
 * The two store backends as the store-level benchmarks open them: SQLite in a temporary
 * directory, PostgreSQL in a fresh schema on TEST_PG_URL (dropped afterwards); and a
 * collection to fill, with the status record each batch is stored with.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore } from '../src/store/postgres/open-postgres-store.js';
import { openSqliteStore } from '../src/store/sqlite/open-sqlite-store.js';
import type { StatusRecord, Store } from '../src/store/store.js';

export const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

export function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-store-'));
  return {
    name: 'sqlite',
    open: () => openSqliteStore({ path: join(dir, 'cairn.db'), migrate: 'auto' }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function postgresBackend(): Backend {
  const schema = `cairn_bench_${randomBytes(6).toString('hex')}`;
  return {
    name: 'postgres',
    open: () => openPostgresStore({ url: PG_URL, schema, migrate: 'auto', poolSize: 4 }),
    async cleanup() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** A fresh community (default AMBER) with one collection that grants nothing. */
export async function seedCollection(store: Store): Promise<{ coll: string; community: string }> {
  const community = randomUUID();
  const coll = randomUUID();
  await store.tenancy.addCommunity({
    id: community,
    name: `bench${community.slice(0, 8)}`,
    title: 'Bench',
    kind: 'isac',
    defaultTlp: 'amber',
    maxContentLength: 100_000_000,
    createdAt: 0,
  });
  await store.tenancy.addCollection({
    id: coll,
    communityId: community,
    title: 'Bench',
    readGrants: [],
    writeGrants: [],
    createdAt: 0,
  });
  return { coll, community };
}

/** The completed status a batch of `n` objects is stored with. */
export function statusOf(coll: string, community: string, n: number): StatusRecord {
  return {
    id: randomUUID(),
    communityId: community,
    collectionId: coll,
    submitterOrgId: 'bench',
    requestTimestamp: 0,
    status: 'complete',
    totalCount: n,
    successes: [],
    failures: [],
    pendings: [],
  };
}
