import type pg from 'pg';
import type { ChangeFeed } from '../change-feed-types.js';
import { createChangeEmitter } from '../sql/change-emitter.js';
import type { PgQueryable } from './pg-database.js';

/** The change feed of one PostgreSQL store, shared by every node on it (LISTEN/NOTIFY). */
export interface PgChangeFeed {
  readonly feed: ChangeFeed;
  /**
   * Inside a writer's transaction: every node's listeners hear of `collectionId` when, and only
   * if, the transaction commits (PostgreSQL delivers NOTIFY at commit, in commit order).
   */
  notifyAdded(tx: PgQueryable, collectionId: string): Promise<void>;
  /** Stops listening and closes the connection. Idempotent. */
  close(): Promise<void>;
}

const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 5_000;

/**
 * NOTIFY on commit, and one LISTEN connection per node that hands each notification to this
 * node's subscribers. The connection opens with the first subscriber (CLI commands never
 * hold one), and reopens after a database restart with a growing pause; every time it is
 * (re)established the subscribers get `resync`, because notifications sent while it was down
 * are lost for good. Nothing is lost for a subscriber that re-reads from its own position.
 *
 * The channel carries the schema, so hubs in different schemas of one database (tests,
 * staging beside production) do not wake each other.
 */
export function createPgChangeFeed(options: {
  readonly connect: () => pg.Client;
  readonly schema: string | undefined;
}): PgChangeFeed {
  const channel = `cairn_changes:${options.schema ?? 'default'}`;
  let client: pg.Client | undefined;
  let closed = false;
  let retryMs = FIRST_RETRY_MS;
  let retryTimer: NodeJS.Timeout | undefined;
  const emitter = createChangeEmitter({ onFirstListener: () => void listen() });

  async function listen(): Promise<void> {
    if (closed || client !== undefined) return;
    const conn = options.connect();
    client = conn;
    const lost = () => {
      if (client !== conn) return;
      client = undefined;
      void conn.end().catch(() => undefined);
      if (closed) return;
      retryTimer = setTimeout(() => void listen(), retryMs);
      retryTimer.unref();
      retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
    };
    conn.on('error', lost);
    conn.on('end', lost);
    conn.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined && message.payload !== '')
        emitter.emit({ kind: 'added', collectionId: message.payload });
    });
    try {
      await conn.connect();
      await conn.query(`LISTEN "${channel}"`);
    } catch {
      lost();
      return;
    }
    if (closed || client !== conn) return;
    retryMs = FIRST_RETRY_MS;
    emitter.emit({ kind: 'resync' });
  }

  return {
    feed: emitter.feed,
    async notifyAdded(tx, collectionId) {
      await tx.query('SELECT pg_notify($1, $2)', [channel, collectionId]);
    },
    async close() {
      closed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      const conn = client;
      client = undefined;
      if (conn !== undefined) await conn.end().catch(() => undefined);
    },
  };
}
