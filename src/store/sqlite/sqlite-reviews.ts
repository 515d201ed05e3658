import type Database from 'better-sqlite3';
import { idHash } from '../sql/id-hash.js';
import {
  DATE_REFERRERS_SQL,
  DATE_RELEASED_SQL,
  dateReferrersParams,
  dateReleasedParams,
} from '../sql/release-date.js';
import { type ReviewRow, toReviewRecord } from '../sql/review-rows.js';
import { decideStatusDetails, type StatusDetails } from '../sql/status-details.js';
import { computeVersionFlags } from '../sql/version-flags.js';
import type { ReviewItem, ReviewRepository } from '../store.js';
import { guarded } from './translate-sqlite-error.js';

/**
 * The SQLite ReviewRepository. A decision is one IMMEDIATE transaction over the object row,
 * the review row and the status, so two reviewers deciding at once cannot both win. A
 * released version is dated at its release (release-date.ts); the write lock the
 * transaction holds is what serialises it with the collection's other writers, and so are
 * the versions that reference it, which its release or rejection may bring into sight.
 * `onAdded` hears of the collection once anything dated anew is committed, as after an add
 * (change-feed-types.ts).
 */
export function createSqliteReviews(
  db: Database.Database,
  hooks: { readonly onAdded: (collectionId: string) => void },
): ReviewRepository {
  const { onAdded } = hooks;
  const byId = db.prepare('SELECT * FROM reviews WHERE id = ?');
  const listAll = db.prepare('SELECT * FROM reviews ORDER BY held_at, id LIMIT ?');
  // The held row itself: seq alone could name a later row after a delete, so id and version are checked too.
  const heldRow = db.prepare(
    "SELECT seq, coll, json FROM objects WHERE seq = ? AND stix_id = ? AND version = ? AND review_state = 'held'",
  );
  const release = db.prepare("UPDATE objects SET review_state = 'released' WHERE seq = ?");
  const releaseRedacted = db.prepare(
    "UPDATE objects SET review_state = 'released', json = ?, json_anon = ? WHERE seq = ?",
  );
  const dateReleased = db.prepare(DATE_RELEASED_SQL);
  const dateReferrers = db.prepare(DATE_REFERRERS_SQL);
  const deleteRow = db.prepare('DELETE FROM objects WHERE seq = ?');
  const versionsOf = db.prepare(
    'SELECT seq, version_key AS versionKey, spec_version AS specVersion FROM objects WHERE coll = ? AND id_hash = ? AND stix_id = ?',
  );
  const setFlags = db.prepare(
    'UPDATE objects SET is_first = ?, is_last = ?, in_latest_spec = ? WHERE seq = ?',
  );
  const statusOf = db.prepare('SELECT details FROM statuses WHERE id = ?');
  const updateStatus = db.prepare(
    'UPDATE statuses SET details = ?, status = ?, completed_at = ? WHERE id = ?',
  );
  const deleteReview = db.prepare('DELETE FROM reviews WHERE id = ?');

  const decide = db.transaction(
    (id: string, decision: 'approve' | 'redact' | 'reject', message: string, at: number) => {
      const row = byId.get(id) as ReviewRow | undefined;
      if (row === undefined) return undefined;
      const held = heldRow.get(row.seq, row.stix_id, row.version) as
        | { seq: number; coll: number }
        | undefined;
      let dated = false;
      if (held !== undefined && decision === 'reject') {
        deleteRow.run(held.seq);
        const rest = versionsOf.all(held.coll, idHash(row.stix_id), row.stix_id) as {
          seq: number;
          versionKey: string;
          specVersion: string;
        }[];
        for (const [s, f] of computeVersionFlags(rest))
          setFlags.run(+f.isFirst, +f.isLast, +f.inLatestSpec, s);
        // Its referrers come into sight only if no version of the id is left to withhold them.
        const target = { collectionId: row.collection_id, stixId: row.stix_id };
        if (rest.length === 0) dated = dateReferrers.run(...dateReferrersParams(target, at)).changes > 0;
      } else if (held !== undefined) {
        if (decision === 'approve') release.run(held.seq);
        else releaseRedacted.run(row.redacted_json, row.redacted_anon, held.seq);
        dateReleased.run(...dateReleasedParams(held.seq, at));
        const target = { collectionId: row.collection_id, stixId: row.stix_id, releasedSeq: held.seq };
        dateReferrers.run(...dateReferrersParams(target, at));
        dated = true;
      }
      deleteReview.run(id);
      const review = toReviewRecord(row);
      const stored = statusOf.get(row.status_id) as { details: string } | undefined;
      if (stored !== undefined) {
        const details = decideStatusDetails(
          JSON.parse(stored.details) as StatusDetails,
          review,
          held === undefined ? 'gone' : decision,
          held === undefined ? 'The object was deleted before its review' : message,
        );
        const complete = details.pendings.length === 0;
        updateStatus.run(
          JSON.stringify(details),
          complete ? 'complete' : 'pending',
          complete ? at : null,
          row.status_id,
        );
      }
      return { review, dated };
    },
  );

  return {
    list: ({ communityIds, limit }) =>
      guarded(() => {
        if (communityIds === undefined) return (listAll.all(limit) as ReviewRow[]).map(toReviewRecord);
        if (communityIds.length === 0) return [];
        const marks = communityIds.map(() => '?').join(', ');
        const rows = db
          .prepare(`SELECT * FROM reviews WHERE community_id IN (${marks}) ORDER BY held_at, id LIMIT ?`)
          .all(...communityIds, limit) as ReviewRow[];
        return rows.map(toReviewRecord);
      }),
    get: (id) =>
      guarded(() => {
        const row = byId.get(id) as ReviewRow | undefined;
        if (row === undefined) return undefined;
        const held = heldRow.get(row.seq, row.stix_id, row.version) as { json: string } | undefined;
        if (held === undefined) return undefined;
        const item: ReviewItem = { ...toReviewRecord(row), json: held.json, redactedJson: row.redacted_json };
        return item;
      }),
    decide: (id, decision, options) =>
      guarded(() => {
        const decided = decide.immediate(id, decision, options.message, options.at);
        if (decided === undefined) return undefined;
        // Committed by now: the transaction ran synchronously.
        if (decided.dated) onAdded(decided.review.collectionId);
        return { review: decided.review };
      }),
  };
}
