import type pg from 'pg';
import type { LeaderLocks } from '../coordination-types.js';

/**
 * Advisory-lock class of job leadership ('CAIJ'); the migration lock uses 'CAIM'. The object
 * id is a hash of `<schema>:<job name>`, so hubs in different schemas of one database each
 * elect their own leaders.
 */
const JOB_LOCK_CLASS = 0x4341494a;

/**
 * Job leadership on PostgreSQL session-level advisory locks, held on one dedicated
 * connection outside the pool (a pooled connection would carry the lock to whichever request
 * borrowed it next). When the node dies, the kernel closes its socket, the server ends the
 * session and the locks are free for the next node's `pg_try_advisory_lock`. When the
 * connection is lost while the node lives, every lock is presumed lost at once: the node stops
 * leading before another can have taken over, and tries again on a fresh connection.
 *
 * @param newClient returns an unconnected client with the pool's settings (schema, timeouts).
 * @param scope the schema name (or another per-hub name) that the lock ids are derived from.
 */
export function createPgLeaderLocks(newClient: () => pg.Client, scope: string): LeaderLocks {
  let current: { client: pg.Client; alive: boolean } | undefined;
  const held = new Set<string>();
  let closed = false;

  const drop = () => {
    held.clear();
    const lost = current;
    current = undefined;
    if (lost !== undefined) {
      lost.alive = false;
      // end() closes the session, which releases whatever the server still thinks we hold.
      lost.client.end().catch(() => undefined);
    }
  };

  const connection = async (): Promise<pg.Client> => {
    if (current?.alive === true) return current.client;
    drop();
    const client = newClient();
    const state = { client, alive: true };
    const lost = () => {
      state.alive = false;
      if (current === state) held.clear();
    };
    // Without listeners, a dropped connection's 'error' event would crash the process.
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    current = state;
    return client;
  };

  return {
    async hold(name) {
      if (closed) return false;
      try {
        const client = await connection();
        if (held.has(name)) {
          // Still leader only if the session that holds the lock still answers.
          await client.query('SELECT 1');
          return current?.client === client && current.alive && held.has(name);
        }
        const { rows } = await client.query<{ ok: boolean }>(
          'SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok',
          [JOB_LOCK_CLASS, `${scope}:${name}`],
        );
        if (rows[0]?.ok === true && current?.client === client && current.alive) held.add(name);
        return held.has(name);
      } catch {
        // Unreachable, timed out or dropped: this node leads nothing until it reconnects.
        drop();
        return false;
      }
    },
    async close() {
      closed = true;
      const last = current;
      held.clear();
      current = undefined;
      if (last?.alive) await last.client.end().catch(() => undefined);
    },
  };
}
