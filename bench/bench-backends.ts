/**
 * The two store backends as the benchmarks open them: SQLite in a temporary directory,
 * PostgreSQL in a fresh schema on TEST_PG_URL (dropped afterwards); what each occupies on
 * disk; and a collection to fill, with the status record each batch is stored with.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore } from '../src/store/postgres/open-postgres-store.js';
import { openSqliteStore } from '../src/store/sqlite/open-sqlite-store.js';
import type { StatusRecord, Store } from '../src/store/store.js';

export const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type BackendName = 'sqlite' | 'postgres';
export const BACKEND_NAMES: readonly BackendName[] = ['sqlite', 'postgres'];

export interface Backend {
  readonly name: BackendName;
  /** The database file, or the schema: where to look when a bench keeps its data. */
  readonly location: string;
  open(): Promise<Store>;
  /** Bytes the store occupies: the database file and its WAL, or the schema's relations. */
  sizeBytes(): Promise<number>;
  cleanup(): Promise<void>;
}

export function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-store-'));
  const path = join(dir, 'cairn.db');
  return {
    name: 'sqlite',
    location: path,
    open: () => openSqliteStore({ path, migrate: 'auto' }),
    sizeBytes: async () => sqliteFileBytes(path),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function postgresBackend(): Backend {
  const schema = freshPostgresSchema();
  return {
    name: 'postgres',
    location: `schema ${schema.name} on ${PG_URL}`,
    open: () => openPostgresStore({ url: PG_URL, schema: schema.name, migrate: 'auto', poolSize: 4 }),
    sizeBytes: () => schema.sizeBytes(),
    cleanup: () => schema.drop(),
  };
}

export function backendNamed(name: BackendName): Backend {
  return name === 'sqlite' ? sqliteBackend() : postgresBackend();
}

/** A SQLite database file with its WAL (before a checkpoint the WAL holds recent pages). */
export function sqliteFileBytes(path: string): number {
  return statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
}

/** A schema name no other run uses, the hub URL that selects it, its size, and its removal. */
export interface PostgresSchema {
  readonly name: string;
  /** PG_URL with `schema=` set, as `databaseUrl` / CAIRN_DATABASE_URL take it. */
  readonly url: string;
  /** Its tables with their indexes and TOAST (`pg_total_relation_size`). */
  sizeBytes(): Promise<number>;
  drop(): Promise<void>;
}

export function freshPostgresSchema(prefix = 'cairn_bench'): PostgresSchema {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const url = new URL(PG_URL);
  url.searchParams.set('schema', name);
  return {
    name,
    url: url.toString(),
    sizeBytes: async () => {
      const rows = await onAdminConnection((client) =>
        client.query<{ bytes: string | null }>(
          `SELECT sum(pg_total_relation_size(c.oid)) AS bytes FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')`,
          [name],
        ),
      );
      return Number(rows.rows[0]?.bytes ?? 0);
    },
    drop: async () => {
      await onAdminConnection((client) => client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`));
    },
  };
}

async function onAdminConnection<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
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
