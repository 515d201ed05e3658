import type Database from 'better-sqlite3';
import type { Clock } from '../../core/index.js';
import { idHash } from '../sql/id-hash.js';
import { buildExistsSql, buildObjectQuerySql } from '../sql/object-query-sql.js';
import { createRowMapper, type ObjectRow } from '../sql/object-rows.js';
import type { PciiCipher } from '../sql/pcii-cipher.js';
import { DATE_REFERRERS_SQL, dateReferrersParams } from '../sql/release-date.js';
import { computeVersionFlags } from '../sql/version-flags.js';
import type {
  ObjectQuery,
  ObjectRepository,
  Page,
  PreparedObject,
  StatusRecord,
  StoredObject,
  StoredVersion,
} from '../store.js';
import { createSqliteAdd } from './sqlite-add-objects.js';
import type { CollectionKeys } from './sqlite-collection-keys.js';
import { guarded } from './translate-sqlite-error.js';

/** The SQLite ObjectRepository. Statements are prepared once per distinct SQL text. */
export function createSqliteObjects(
  db: Database.Database,
  keys: CollectionKeys,
  clock: Clock,
  options: { readonly cipher?: PciiCipher; readonly onAdded: (collectionId: string) => void },
): ObjectRepository {
  const { cipher, onAdded } = options;
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let st = statements.get(sql);
    if (st === undefined) {
      // The number of distinct shapes is bounded by the query limits (ids/types lists).
      if (statements.size > 500) statements.clear();
      st = db.prepare(sql);
      statements.set(sql, st);
    }
    return st;
  };
  const add = createSqliteAdd(db, clock, cipher);

  const countSt = db.prepare('SELECT count(*) AS n FROM objects WHERE coll = ?');
  const tailSt = db.prepare(
    'SELECT date_added AS dateAdded, seq FROM objects WHERE coll = ? ORDER BY date_added DESC, seq DESC LIMIT 1',
  );
  const versionsOf = db.prepare(
    'SELECT seq, version_key AS versionKey, spec_version AS specVersion FROM objects WHERE coll = ? AND id_hash = ? AND stix_id = ?',
  );
  const setFlags = db.prepare(
    'UPDATE objects SET is_first = ?, is_last = ?, in_latest_spec = ? WHERE seq = ?',
  );
  const deleteSeq = db.prepare('DELETE FROM objects WHERE seq = ?');
  const dateReferrers = db.prepare(DATE_REFERRERS_SQL);

  function page<T>(collectionId: string, query: ObjectQuery, withBodies: boolean, stixId?: string): Page<T> {
    const coll = keys.require(collectionId);
    const { sql, params } = buildObjectQuerySql(
      coll,
      query,
      stixId === undefined ? { withBodies } : { withBodies, stixId },
    );
    const rows = prepare(sql).all(...params) as ObjectRow[];
    const more = rows.length > query.limit;
    const items = (more ? rows.slice(0, query.limit) : rows).map(createRowMapper(collectionId, cipher));
    return { items: items as T[], more };
  }

  const removeTx = db.transaction((collectionId: string, stixId: string, query: ObjectQuery) => {
    const coll = keys.require(collectionId);
    const selected = page<StoredVersion>(collectionId, { ...query, limit: 1_000_000 }, false, stixId).items;
    for (const v of selected) deleteSeq.run(v.seq);
    const rest = versionsOf.all(coll, idHash(stixId), stixId) as {
      seq: number;
      versionKey: string;
      specVersion: string;
    }[];
    for (const [seq, f] of computeVersionFlags(rest))
      setFlags.run(+f.isFirst, +f.isLast, +f.inLatestSpec, seq);
    // With no version of the id left, the versions naming it come into sight (release-date.ts).
    const gone = selected.length > 0 && rest.length === 0;
    const target = { collectionId, stixId };
    const dated = gone && dateReferrers.run(...dateReferrersParams(target, clock.nowMicros())).changes > 0;
    return { removed: selected.length, dated };
  });

  return {
    query: (collectionId, query) => guarded(() => page<StoredObject>(collectionId, query, true)),
    manifest: (collectionId, query) => guarded(() => page<StoredVersion>(collectionId, query, false)),
    exists: (collectionId, stixId, visibility) =>
      guarded(() => {
        const { sql, params } = buildExistsSql(keys.require(collectionId), stixId, visibility);
        return prepare(sql).get(...params) !== undefined;
      }),
    add: (collectionId: string, objects: readonly PreparedObject[], status: StatusRecord) =>
      guarded(() => {
        const outcomes = add(keys.require(collectionId), objects, status);
        // Committed by now: the transaction ran synchronously.
        if (outcomes.some((o) => o.kind === 'added')) onAdded(collectionId);
        return outcomes;
      }),
    remove: (collectionId, stixId, query) =>
      guarded(() => {
        const { removed, dated } = removeTx.immediate(collectionId, stixId, query);
        // Committed by now: the transaction ran synchronously.
        if (dated) onAdded(collectionId);
        return removed;
      }),
    count: (collectionId) => guarded(() => (countSt.get(keys.require(collectionId)) as { n: number }).n),
    tail: (collectionId) =>
      guarded(() => tailSt.get(keys.require(collectionId)) as { dateAdded: number; seq: number } | undefined),
  };
}
