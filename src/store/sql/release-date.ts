/**
 * Dating a released version, shared by every SQL adapter (`?` placeholders; the PostgreSQL
 * adapter renumbers them).
 *
 * A version held for personal-data review or pending PCII validation is dated at its
 * submission but hidden from most readers. By the time it is released (review approve or
 * redact, PCII validate) a poller (`added_after`, `next`) or a stream resuming from a
 * (date_added, seq) cursor has moved past that date and would never receive it. So a release
 * dates the version anew, exactly as a fresh add would: strictly after the collection's
 * latest date_added, or the decision's clock reading when that is larger.
 *
 * The caller must hold its collection's writer serialisation, as adds do (SQLite: the
 * IMMEDIATE transaction's write lock; PostgreSQL: LOCK_COLLECTION_SQL before any object row
 * is touched), so date_added stays unique per collection and rows still commit in date_added
 * order. `seq` is kept: date_added alone orders a collection, seq only breaks ties there are
 * none of. The version is kept too, even where it came from the submission's date_added (an
 * object with neither modified nor created): it names the version in the status, in the
 * decision records and, for protected versions, in the sealed body's associated data.
 */
import { idHash } from './id-hash.js';

/**
 * PostgreSQL: the row lock every writer of a collection takes first (see
 * postgres-add-objects.ts). A decision takes it right after locking its own queue row and
 * before the object row, the order adds and deletes (collection, then objects) also follow.
 */
export const LOCK_COLLECTION_SQL = 'SELECT num FROM collections WHERE id = ? FOR UPDATE';

/** Parameters: the decision's clock reading (twice, in microseconds), the released row's seq. */
export const DATE_RELEASED_SQL = `UPDATE objects SET date_added = (
  SELECT CASE WHEN max(o.date_added) >= ? THEN max(o.date_added) + 1 ELSE ? END
  FROM objects o WHERE o.coll = objects.coll)
WHERE seq = ?`;

/** The parameters of DATE_RELEASED_SQL. */
export function dateReleasedParams(seq: number, at: number): [number, number, number] {
  return [at, at, seq];
}

/**
 * Dating the versions a release brings into sight. The reference rule (docs/sharing.md
 * "References") withholds a version that references an object of its collection of which
 * the reader receives no version. Once that object is released, or its last version leaves
 * the collection (deleted, rejected in review), its referrers may reach readers they were
 * withheld from, at dates those readers have passed. So they are dated anew too, exactly as
 * the released version is: after it (or after the collection's latest date_added, or the
 * clock reading when that is larger), in their old order.
 *
 * One level of referrers is exact, not a shortcut: the rule judges a target by its own
 * sharing envelope, never by what the target references in turn, so only the versions that
 * name the id itself change visibility. Readers who already received a referrer get it again
 * at its new date (same id and version); that duplicate is documented.
 *
 * Cheap when nothing refers to the id: `object_refs` is driven first (CROSS JOIN keeps SQLite
 * from walking the collection instead) through its `object_refs_target` index (migration 10),
 * so the statement is one index probe and writes nothing. The caller holds the collection's
 * writer serialisation, as for DATE_RELEASED_SQL.
 */
export const DATE_REFERRERS_SQL = `UPDATE objects SET date_added = d.date_added FROM (
  SELECT o.seq, s.start_at + row_number() OVER (ORDER BY o.date_added, o.seq) - 1 AS date_added
  FROM object_refs r CROSS JOIN objects o
  CROSS JOIN (SELECT CASE WHEN max(m.date_added) >= ? THEN max(m.date_added) + 1 ELSE ? END AS start_at
    FROM objects m WHERE m.coll = (SELECT num FROM collections WHERE id = ?)) s
  WHERE r.target_hash = ? AND r.target_id = ? AND o.seq = r.seq
    AND o.coll = (SELECT num FROM collections WHERE id = ?) AND o.seq <> ?) d
WHERE objects.seq = d.seq`;

/** The versions whose referrers are dated: the target's id in one collection. */
export interface ReferencedTarget {
  readonly collectionId: string;
  readonly stixId: string;
  /** The released version itself, never dated twice (an object may name its own id). */
  readonly releasedSeq?: number;
}

/** The parameters of DATE_REFERRERS_SQL, for a decision or deletion at `at` (microseconds). */
export function dateReferrersParams(target: ReferencedTarget, at: number): unknown[] {
  const { collectionId, stixId, releasedSeq } = target;
  // seq starts at 1 on both engines: 0 excludes nothing.
  return [at, at, collectionId, idHash(stixId), stixId, collectionId, releasedSeq ?? 0];
}
