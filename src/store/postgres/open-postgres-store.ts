import pg from 'pg';
import { type Clock, createSystemClock, HubError } from '../../core/index.js';
import { createPciiCipher } from '../sql/pcii-cipher.js';
import type { MigrateMode } from '../sql/schema-version.js';
import type { LeaderLocks, LimitCounters, Store } from '../store.js';
import { type MigrationReport, migratePostgres } from './migrate-postgres.js';
import { createPgDatabase, type PgDatabase } from './pg-database.js';
import { createPgAudit } from './postgres-audit.js';
import { createPgChangeFeed } from './postgres-change-feed.js';
import { createPgCollectionKeys } from './postgres-collection-keys.js';
import { createPgLeaderLocks } from './postgres-leader-locks.js';
import { createPgLimitCounters } from './postgres-limit-counters.js';
import { createPgObjects } from './postgres-objects.js';
import { createPgPcii } from './postgres-pcii.js';
import { createPgPeers } from './postgres-peers.js';
import { createPgReviews } from './postgres-reviews.js';
import { createPgSettings } from './postgres-settings.js';
import { createPgStatuses } from './postgres-statuses.js';
import { createPgTableCopy } from './postgres-table-copy.js';
import { createPgTenancy } from './postgres-tenancy.js';

export interface PostgresStoreOptions {
  /**
   * `postgres://user:password@host:port/database`. Cairn's own query parameters `schema`,
   * `pool_size` and `statement_timeout_ms` are read (and removed) here. An explicit `schema`
   * or `poolSize` option wins over the URL; a `statement_timeout_ms` in the URL wins over the
   * option (the option carries the hub-wide configuration default, the URL one deployment's).
   */
  readonly url: string;
  /** Schema holding Cairn's tables (created by `auto` migration); default the server's search_path. */
  readonly schema?: string;
  /** What opening may do to the schema (`auto`: migrate); see MigrateMode. */
  readonly migrate: MigrateMode;
  readonly clock?: Clock;
  /** Connections in this node's pool (default 10). */
  readonly poolSize?: number;
  /** Server-side limit per statement, in ms (default 30,000; 0 disables it). */
  readonly statementTimeoutMs?: number;
  /** How long to wait for a connection before failing with 503, in ms (default 10,000). */
  readonly connectTimeoutMs?: number;
  /** AES-256 key of protected (PCII) bodies; without it protected versions cannot be stored. */
  readonly pciiKey?: Buffer;
}

/** The same store on PostgreSQL, plus what opening it migrated and what nodes share. */
export interface PostgresStore extends Store {
  readonly migration: MigrationReport;
  /** Rate-limit and login-failure counters shared by every node on this database. */
  readonly counters: LimitCounters;
  /** Job leadership for this node, on its own connection (closed by the caller). */
  openLeaderLocks(): LeaderLocks;
}

/**
 * Opens the PostgreSQL store: a `pg` pool whose connections run in the configured schema
 * with a statement timeout, the schema migrated (or checked), and the Store port on top.
 * Any number of Cairn nodes may open the same database: migrations take an advisory lock and
 * writers of one collection serialise on its row (postgres-add-objects.ts).
 *
 * @throws HubError CAIRN_STORE_UNAVAILABLE when the server cannot be reached,
 *   CAIRN_CONFIG_INVALID for a bad URL or schema, or pending migrations with `never`,
 *   CAIRN_SCHEMA_MISMATCH for a schema newer than the code, or not exactly the code's with
 *   `verify`.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const settings = resolveOptions(options);
  const connection = connectionConfig(settings);
  const pool = new pg.Pool({ ...connection, max: settings.poolSize });
  // An idle connection that the server drops (restart, failover) is reported here; without a
  // listener Node would crash. The pool discards the connection and the next query opens a
  // fresh one, or fails with CAIRN_STORE_UNAVAILABLE while the server is down.
  pool.on('error', () => undefined);
  const db = createPgDatabase(pool);
  let migration: MigrationReport;
  try {
    migration = await migratePostgres(db, options.migrate, settings.schema);
  } catch (error) {
    await db.close();
    throw error;
  }
  const clock = options.clock ?? createSystemClock();
  const keys = createPgCollectionKeys(db);
  const cipher = options.pciiKey === undefined ? undefined : createPciiCipher(options.pciiKey);
  const changes = createPgChangeFeed({ connect: () => new pg.Client(connection), schema: settings.schema });
  return {
    migration,
    objects: createPgObjects(db, keys, clock, { ...(cipher === undefined ? {} : { cipher }), changes }),
    changes: changes.feed,
    pcii: createPgPcii(db, cipher, { changes }),
    statuses: createPgStatuses(db),
    tenancy: createPgTenancy(db),
    settings: createPgSettings(db),
    peers: createPgPeers(db),
    reviews: createPgReviews(db, { changes }),
    audit: createPgAudit(db),
    tableCopy: createPgTableCopy(db),
    counters: createPgLimitCounters(db),
    openLeaderLocks: () => createPgLeaderLocks(() => new pg.Client(connection), settings.schema ?? 'current'),
    ping: async () => void (await db.query('SELECT 1')),
    close: async () => {
      await changes.close();
      await db.close();
    },
  };
}

/**
 * Applies pending migrations and closes again: `cairn migrate`, so an operator can upgrade
 * the schema once before rolling new nodes out.
 */
export async function migratePostgresStore(
  options: Omit<PostgresStoreOptions, 'migrate' | 'clock'>,
): Promise<MigrationReport> {
  const store = await openPostgresStore({ ...options, poolSize: 1, migrate: 'auto' });
  await store.close();
  return store.migration;
}

interface ResolvedOptions {
  readonly url: string;
  readonly schema: string | undefined;
  readonly poolSize: number;
  readonly statementTimeoutMs: number;
  readonly connectTimeoutMs: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function resolveOptions(options: PostgresStoreOptions): ResolvedOptions {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch (error) {
    throw new HubError('CAIRN_CONFIG_INVALID', 'The database URL is not a valid URL', { cause: error });
  }
  const take = (name: string): string | undefined => {
    const value = url.searchParams.get(name) ?? undefined;
    url.searchParams.delete(name);
    return value;
  };
  const schema = options.schema ?? take('schema');
  const poolSize = options.poolSize ?? integer('pool_size', take('pool_size')) ?? 10;
  const statementTimeoutMs =
    integer('statement_timeout_ms', take('statement_timeout_ms')) ?? options.statementTimeoutMs ?? 30_000;
  // The schema goes into the connection's startup options, which have their own quoting:
  // plain lower-case identifiers only.
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new HubError(
      'CAIRN_CONFIG_INVALID',
      `The database schema "${schema}" must be a lower-case identifier ([a-z_][a-z0-9_]*)`,
    );
  }
  if (poolSize < 1) throw new HubError('CAIRN_CONFIG_INVALID', 'pool_size must be at least 1');
  return {
    url: url.toString(),
    schema,
    poolSize,
    statementTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
  };
}

/**
 * Settings of every connection, pooled or the job-lock one: the schema and statement timeout
 * as startup options, a bounded wait for a connection, TCP keepalive, and a client-side query
 * timeout a little above the server's, so a query on a connection to a host that went silent
 * (no reset, no answer) fails with 503 instead of hanging.
 */
function connectionConfig(settings: ResolvedOptions): pg.ClientConfig {
  return {
    connectionString: settings.url,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(settings.statementTimeoutMs > 0 ? { query_timeout: settings.statementTimeoutMs + 5_000 } : {}),
    application_name: 'cairn',
    options: [
      ...(settings.schema === undefined ? [] : [`-c search_path=${settings.schema}`]),
      `-c statement_timeout=${settings.statementTimeoutMs}`,
      // Cairn's statements are index walks of at most a page: LLVM compilation (30-55 ms a
      // statement here) never pays off, and a plan costed above jit_above_cost paid it on
      // every page (bench/README.md "PostgreSQL resumed walks").
      '-c jit=off',
    ].join(' '),
    types: { getTypeParser: getTypeParser as pg.CustomTypesConfig['getTypeParser'] },
  };
}

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new HubError('CAIRN_CONFIG_INVALID', `The database URL parameter ${name} must be a whole number`);
  }
  return n;
}

/**
 * BIGINT (microseconds, seq, counts) as a JS number instead of pg's default string: every
 * value Cairn stores stays below 2^53. Per pool, so other `pg` users keep the defaults.
 */
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === pg.types.builtins.INT8 && format !== 'binary') return Number;
  return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}

export type { MigrationReport, PgDatabase };
