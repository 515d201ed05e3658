import { createHash } from 'node:crypto';
import type pg from 'pg';
import { HubError } from '../../core/index.js';
import { translatePgError } from './translate-pg-error.js';

/** The rows of one statement. */
export interface PgResult<R> {
  readonly rows: R[];
  readonly rowCount: number | null;
}

/**
 * The subset of the `pg` API the adapter uses (STYLE.md §5): a pool and a pooled client both
 * satisfy it, tests may pass a fake, and a driver upgrade touches this file only.
 */
export interface PgQueryable {
  /**
   * Runs one statement. A text without parameters may hold several statements separated by
   * `;` (one message, one round trip); the result is then the last statement's.
   */
  query<R extends object = Record<string, unknown>>(
    text: string,
    values?: readonly unknown[],
  ): Promise<PgResult<R>>;
}

/** A pool plus transactions; every error that leaves it is already a HubError. */
export interface PgDatabase extends PgQueryable {
  /**
   * Runs `work` on one connection between BEGIN and COMMIT (ROLLBACK if it throws). `work`
   * must use `tx`, never the pool: with a small pool, a second checkout would deadlock.
   */
  transaction<T>(work: (tx: PgQueryable) => Promise<T>): Promise<T>;
  /** Runs `work` on one connection held for its duration (session-level locks). */
  session<T>(work: (conn: PgQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Wraps a `pg` Pool: the only place that touches pool checkouts and driver errors. */
export function createPgDatabase(pool: pg.Pool): PgDatabase {
  const names = createStatementNames();
  const wrap = (client: pg.Pool | pg.PoolClient): PgQueryable => ({
    async query<R extends object>(text: string, values: readonly unknown[] = []) {
      if (values.some(hasNul)) return withNul<R>(text);
      try {
        const name = values.length === 0 ? undefined : names.of(text);
        const results: pg.QueryResult | pg.QueryResult[] = await client.query(
          name === undefined ? { text, values: [...values] } : { name, text, values: [...values] },
        );
        // pg answers a several-statement text with one result per statement.
        const result = Array.isArray(results) ? (results[results.length - 1] as pg.QueryResult) : results;
        return { rows: result.rows as R[], rowCount: result.rowCount };
      } catch (error) {
        throw translatePgError(error);
      }
    },
  });
  const checkout = async (): Promise<pg.PoolClient> => {
    try {
      return await pool.connect();
    } catch (error) {
      throw translatePgError(error);
    }
  };
  const session = async <T>(work: (conn: PgQueryable) => Promise<T>): Promise<T> => {
    const client = await checkout();
    let broken: Error | undefined;
    // pg emits 'error' on a checked-out client whose connection drops (server restart, network
    // cut). The pool listens only to idle clients, and an unheard 'error' event would crash the
    // process; the statement in flight fails by itself, so this only marks the client broken.
    const onLost = (error: Error) => {
      broken ??= translatePgError(error);
    };
    client.on('error', onLost);
    try {
      return await work(wrap(client));
    } catch (error) {
      // A connection-level failure leaves the client unusable: release(error) discards it
      // instead of handing a dead connection to the next caller.
      if ((error as { code?: unknown }).code === 'CAIRN_STORE_UNAVAILABLE') broken ??= error as Error;
      throw error;
    } finally {
      client.removeListener('error', onLost);
      client.release(broken);
    }
  };
  const pooled = wrap(pool);
  return {
    query: pooled.query,
    session,
    transaction: (work) =>
      session(async (conn) => {
        const tx = beginLazily(conn);
        try {
          const result = await work(tx);
          if (tx.begun()) await conn.query('COMMIT');
          return result;
        } catch (error) {
          // If the connection itself is gone, ROLLBACK fails too; the original error matters.
          if (tx.begun()) await conn.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    // Idempotent: pg refuses a second end(), and a hub may close its store on two paths.
    close: () => (pool.ended ? Promise.resolve() : pool.end()),
  };
}

/**
 * A connection whose BEGIN is sent with the transaction's first statement: in the same
 * message when that statement has no parameters (the simple protocol carries several
 * statements; see postgres-add-objects.ts), just before it otherwise. A transaction that
 * runs no statement sends nothing.
 */
function beginLazily(conn: PgQueryable): PgQueryable & { begun(): boolean } {
  let begun = false;
  return {
    begun: () => begun,
    async query<R extends object>(text: string, values: readonly unknown[] = []) {
      if (begun) return conn.query<R>(text, values);
      begun = true;
      if (values.length === 0) return conn.query<R>(`BEGIN; ${text}`);
      await conn.query('BEGIN');
      return conn.query<R>(text, values);
    },
  };
}

/** The parameters of a statement assembled from parts: `add` returns each value's `$n`. */
export interface PgParams {
  readonly values: unknown[];
  add(value: unknown): string;
}

export function pgParams(): PgParams {
  const values: unknown[] = [];
  return {
    values,
    add(value) {
      values.push(value);
      return `$${values.length}`;
    },
  };
}

/**
 * Renumbers the shared SQL's `?` placeholders (store/sql/) to PostgreSQL's `$1, $2, …`. The
 * shared SQL never contains `?` in a literal or a JSON operator, so a plain scan is exact.
 */
export function toPgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * PostgreSQL text cannot hold U+0000 and rejects a parameter containing it (SQLite accepts
 * it). A key with a NUL (`/collections/%00/`) therefore cannot match anything stored: a read
 * finds nothing, as on SQLite, instead of failing with 500; a write is refused as bad input.
 */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  return Array.isArray(value) && value.some(hasNul);
}

function withNul<R>(text: string): PgResult<R> {
  if (/^\s*SELECT\b/i.test(text) && !/\b(INSERT|UPDATE|DELETE)\b/i.test(text)) {
    return { rows: [], rowCount: 0 };
  }
  throw new HubError('CAIRN_INVALID_INPUT', 'Text containing a NUL character cannot be stored');
}

/**
 * Names for prepared statements, so each connection parses and plans a query shape once
 * instead of on every call (a by-id read is mostly that overhead). The name is a hash of the
 * text, so it can never name two texts. Shapes vary with list lengths and readers' sharing
 * rules, so only the first 500 distinct texts are prepared: the server keeps each one per
 * connection, and the rest simply run unprepared. A prepared plan is replanned by the server
 * when the statistics or the tables it reads change (ANALYZE, migrations).
 */
function createStatementNames(limit = 500): { of(text: string): string | undefined } {
  const known = new Map<string, string>();
  return {
    of(text) {
      const name = known.get(text);
      // `*` expands when a statement is prepared; after a migration adds a column, PostgreSQL
      // refuses to run it ("cached plan must not change result type"). Those stay unprepared.
      if (name !== undefined || known.size >= limit || text.includes('*')) return name;
      const fresh = `cairn_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      known.set(text, fresh);
      return fresh;
    },
  };
}
