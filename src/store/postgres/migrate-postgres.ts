import { type MigrateMode, pendingMigrations } from '../sql/schema-version.js';
import type { PgDatabase, PgQueryable } from './pg-database.js';
import { POSTGRES_MIGRATIONS, type PostgresMigration } from './postgres-migrations.js';

/** What a migration run did. */
export interface MigrationReport {
  /** Migrations applied by this run, in order. */
  readonly applied: readonly { readonly version: number; readonly name: string }[];
  /** The schema version after the run (0: empty). */
  readonly version: number;
}

/**
 * Advisory-lock class of Cairn's migration lock ('CAIM'); the object id is a hash of the
 * schema name, so hubs in different schemas of one database do not wait for each other.
 */
const MIGRATION_LOCK_CLASS = 0x4341494d;

/**
 * Applies pending migrations (mode `auto`) or only checks the schema (`verify`, `never`; see
 * MigrateMode). Several nodes may start together: each takes a session advisory lock first,
 * so one migrates and the others, once it is released, find nothing pending; a checking node
 * likewise waits for a `cairn migrate` in progress and judges its outcome. Each migration
 * runs in its own transaction (PostgreSQL DDL is transactional) and is recorded in
 * `schema_migrations`. Only `auto` writes anything, even the schema or that table.
 *
 * @throws HubError CAIRN_SCHEMA_MISMATCH for a schema newer than the code, or not exactly
 *   the code's with `verify`; CAIRN_CONFIG_INVALID when migrations are pending with `never`.
 */
export async function migratePostgres(
  db: PgDatabase,
  mode: MigrateMode,
  schema: string | undefined,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<MigrationReport> {
  return db.session(async (conn) => {
    const lockKey = schema ?? 'current';
    await conn.query('SELECT pg_advisory_lock($1, hashtext($2))', [MIGRATION_LOCK_CLASS, lockKey]);
    try {
      if (schema !== undefined && mode === 'auto') {
        await conn.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      }
      const applied = await appliedVersions(conn, mode);
      const pending = pendingMigrations(applied, migrations, mode);
      const current = (): number => Math.max(0, ...applied);
      if (pending.length === 0) return { applied: [], version: current() };
      const done: { version: number; name: string }[] = [];
      for (const m of pending) {
        await conn.query('BEGIN');
        try {
          await conn.query(m.sql);
          await conn.query(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())',
            [m.version, m.name],
          );
          await conn.query('COMMIT');
        } catch (error) {
          await conn.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        applied.add(m.version);
        done.push({ version: m.version, name: m.name });
      }
      return { applied: done, version: current() };
    } finally {
      await conn
        .query('SELECT pg_advisory_unlock($1, hashtext($2))', [MIGRATION_LOCK_CLASS, lockKey])
        .catch(() => undefined);
    }
  });
}

async function appliedVersions(conn: PgQueryable, mode: MigrateMode): Promise<Set<number>> {
  if (mode === 'auto') {
    await conn.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
    );
  } else {
    // Checking must not write: a missing table (or schema) means nothing is applied yet.
    const { rows } = await conn.query<{ t: string | null }>("SELECT to_regclass('schema_migrations') AS t");
    if (rows[0]?.t === null || rows[0]?.t === undefined) return new Set();
  }
  const { rows } = await conn.query<{ version: number }>('SELECT version FROM schema_migrations');
  return new Set(rows.map((r) => r.version));
}

/** Quotes an SQL identifier (schema names come from configuration). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
