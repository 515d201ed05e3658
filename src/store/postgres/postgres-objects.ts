import type { Clock } from '../../core/index.js';
import { idHash } from '../sql/id-hash.js';
import { buildObjectQuerySql } from '../sql/object-query-sql.js';
import { createRowMapper, type ObjectRow } from '../sql/object-rows.js';
import type { PciiCipher } from '../sql/pcii-cipher.js';
import { DATE_REFERRERS_SQL, dateReferrersParams } from '../sql/release-date.js';
import { computeVersionFlags } from '../sql/version-flags.js';
import { visibilitySql } from '../sql/visibility-sql.js';
import type { ObjectQuery, ObjectRepository, Page, StoredObject, StoredVersion } from '../store.js';
import { type PgDatabase, type PgQueryable, toPgPlaceholders } from './pg-database.js';
import { pgAddObjects } from './postgres-add-objects.js';
import type { PgChangeFeed } from './postgres-change-feed.js';
import type { PgCollectionKeys } from './postgres-collection-keys.js';
import { updateVersions } from './postgres-insert-versions.js';

/** The PostgreSQL ObjectRepository: the shared query SQL, renumbered for `pg`. */
export function createPgObjects(
  db: PgDatabase,
  keys: PgCollectionKeys,
  clock: Clock,
  options: { readonly cipher?: PciiCipher; readonly changes: Pick<PgChangeFeed, 'notifyAdded'> },
): ObjectRepository {
  const { cipher, changes } = options;
  const statistics = createStatisticsRefresh(db);
  async function page<T>(
    conn: PgQueryable,
    coll: number,
    collectionId: string,
    query: ObjectQuery,
    withBodies: boolean,
    stixId?: string,
  ): Promise<Page<T>> {
    const { sql, params } = buildObjectQuerySql(
      coll,
      query,
      stixId === undefined
        ? { withBodies, dialect: 'postgres' }
        : { withBodies, stixId, dialect: 'postgres' },
    );
    const { rows } = await conn.query<ObjectRow>(toPgPlaceholders(sql), params);
    const more = rows.length > query.limit;
    const items = (more ? rows.slice(0, query.limit) : rows).map(createRowMapper(collectionId, cipher));
    return { items: items as T[], more };
  }

  return {
    query: async (collectionId, query) =>
      page<StoredObject>(db, await keys.require(collectionId), collectionId, query, true),
    manifest: async (collectionId, query) =>
      page<StoredVersion>(db, await keys.require(collectionId), collectionId, query, false),
    async exists(collectionId, stixId, visibility) {
      const coll = await keys.require(collectionId);
      const visible = visibility === undefined ? undefined : visibilitySql('o', visibility);
      const sql = `SELECT 1 FROM objects o WHERE o.coll = ? AND o.id_hash = ? AND o.stix_id = ?${visible === undefined ? '' : ` AND ${visible.sql}`} LIMIT 1`;
      const { rows } = await db.query(toPgPlaceholders(sql), [
        coll,
        idHash(stixId),
        stixId,
        ...(visible?.params ?? []),
      ]);
      return rows.length > 0;
    },
    async add(collectionId, objects, status) {
      // The key is read before the transaction: inside it, only `tx` may be used.
      const coll = await keys.require(collectionId);
      const outcomes = await db.transaction(async (tx) => {
        const result = await pgAddObjects(
          tx,
          { clock, ...(cipher === undefined ? {} : { cipher }) },
          coll,
          objects,
          status,
        );
        if (result.some((o) => o.kind === 'added')) await changes.notifyAdded(tx, collectionId);
        return result;
      });
      statistics.added(coll, outcomes.filter((o) => o.kind === 'added').length);
      return outcomes;
    },
    async remove(collectionId, stixId, query) {
      const coll = await keys.require(collectionId);
      return db.transaction(async (tx) => {
        // The same lock as the add path: the flags of an object's versions are recomputed
        // from all of them, so no writer of this collection may change them meanwhile.
        await tx.query('SELECT num FROM collections WHERE num = $1 FOR UPDATE', [coll]);
        const selected = (
          await page<StoredVersion>(tx, coll, collectionId, { ...query, limit: 1_000_000 }, false, stixId)
        ).items;
        if (selected.length === 0) return 0;
        await tx.query('DELETE FROM objects WHERE seq = ANY($1::bigint[])', [selected.map((v) => v.seq)]);
        const { rows } = await tx.query<{ seq: number; versionKey: string; specVersion: string }>(
          `SELECT seq, version_key AS "versionKey", spec_version AS "specVersion"
           FROM objects WHERE coll = $1 AND id_hash = $2 AND stix_id = $3`,
          [coll, idHash(stixId), stixId],
        );
        const flags = [...computeVersionFlags(rows)].map(
          ([seq, f]) => [seq, +f.isFirst, +f.isLast, +f.inLatestSpec, null] as const,
        );
        if (flags.length > 0) await updateVersions(tx, flags);
        // With no version of the id left, the versions naming it come into sight (release-date.ts).
        if (rows.length === 0) {
          const params = dateReferrersParams({ collectionId, stixId }, clock.nowMicros());
          const dated = await tx.query(toPgPlaceholders(DATE_REFERRERS_SQL), params);
          if ((dated.rowCount ?? 0) > 0) await changes.notifyAdded(tx, collectionId);
        }
        return selected.length;
      });
    },
    async count(collectionId) {
      const coll = await keys.require(collectionId);
      const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM objects WHERE coll = $1', [
        coll,
      ]);
      return rows[0]?.n ?? 0;
    },
    async tail(collectionId) {
      const coll = await keys.require(collectionId);
      const { rows } = await db.query<{ dateAdded: number; seq: number }>(
        'SELECT date_added AS "dateAdded", seq FROM objects WHERE coll = $1 ORDER BY date_added DESC, seq DESC LIMIT 1',
        [coll],
      );
      return rows[0];
    },
  };
}

/**
 * Keeps the planner's statistics up with a fast-growing table. Before autovacuum's first
 * ANALYZE (up to a minute, and after 10 % growth), PostgreSQL believes `objects` is tiny and
 * reads every remaining row of a collection then sorts, instead of walking an index: 29 ms
 * instead of 0.5 ms per page at 100,000 objects. A new collection in a table that already
 * holds others has the same problem on its own: until an ANALYZE has seen it, the planner
 * takes it for empty and answers lookups by id (the duplicate check of every add, the
 * reference rule of every read) by scanning the collection through `objects_walk`, which
 * grows with every batch (1.4 s per 1,000 ids at 12,000 rows, and reads past the statement
 * timeout). So each node runs ANALYZE itself, in the background, whenever its adds to the
 * table, or to any one collection, have doubled since that count last asked for a run (1,000,
 * 2,000, 4,000, … rows): the planner's idea of every collection stays within 2× of the truth,
 * at the cost of a handful of runs during a bulk load and none in a steady state. `object_refs`
 * goes with it: without statistics the planner guessed 676 references per version (there are
 * two) and hashed the whole collection for each row of a page.
 */
function createStatisticsRefresh(db: PgDatabase): { added(coll: number, rows: number): void } {
  let added = 0;
  let next = 1000;
  let running = false;
  let wanted = false;
  // Per collection: rows this node added, and the count at which it next asks for a run.
  const collections = new Map<number, { added: number; next: number }>();
  const MAX_TRACKED = 10_000;
  const run = () => {
    running = true;
    wanted = false;
    void db
      .query('ANALYZE objects, object_refs')
      .catch(() => undefined) // Only an optimisation: autovacuum will do it anyway.
      .finally(() => {
        running = false;
        if (wanted) run();
      });
  };
  return {
    added(coll, rows) {
      if (rows === 0) return;
      added += rows;
      let due = false;
      if (added >= next) {
        next = added * 2;
        due = true;
      }
      const c = collections.get(coll) ?? { added: 0, next: 1000 };
      c.added += rows;
      if (c.added >= c.next) {
        c.next = c.added * 2;
        due = true;
      }
      if (collections.has(coll) || collections.size < MAX_TRACKED) collections.set(coll, c);
      if (!due) return;
      // One run at a time; a trigger during a run asks for one more after it.
      if (running) wanted = true;
      else run();
    },
  };
}
