import { idHash } from '../sql/id-hash.js';
import {
  DATE_REFERRERS_SQL,
  DATE_RELEASED_SQL,
  dateReferrersParams,
  dateReleasedParams,
  LOCK_COLLECTION_SQL,
} from '../sql/release-date.js';
import { type ReviewRow, toReviewRecord } from '../sql/review-rows.js';
import { decideStatusDetails, type StatusDetails } from '../sql/status-details.js';
import { computeVersionFlags } from '../sql/version-flags.js';
import type { ReviewDecision, ReviewItem, ReviewRepository } from '../store.js';
import { type PgDatabase, type PgQueryable, toPgPlaceholders as pg } from './pg-database.js';
import type { PgChangeFeed } from './postgres-change-feed.js';
import { updateVersions } from './postgres-insert-versions.js';

const HELD_ROW =
  "SELECT seq, coll, json FROM objects WHERE seq = $1 AND stix_id = $2 AND version = $3 AND review_state = 'held'";

/**
 * The PostgreSQL ReviewRepository. A decision locks its review row (`FOR UPDATE`), so two
 * reviewers deciding at once serialise and the second finds nothing to decide. It then
 * takes its collection's writer lock, because a release dates the version anew at the end
 * of the collection (release-date.ts), with the versions that reference it, and a rejection
 * rewrites other versions' flags (and may date the referrers too), as adds and deletes do
 * under the same lock. Anything dated anew notifies `changes` as an add does (heard by every
 * node when, and only if, it commits).
 */
export function createPgReviews(
  db: PgDatabase,
  hooks: { readonly changes: Pick<PgChangeFeed, 'notifyAdded'> },
): ReviewRepository {
  const { changes } = hooks;
  return {
    async list({ communityIds, limit }) {
      if (communityIds !== undefined && communityIds.length === 0) return [];
      const { rows } =
        communityIds === undefined
          ? await db.query<ReviewRow>('SELECT * FROM reviews ORDER BY held_at, id COLLATE "C" LIMIT $1', [
              limit,
            ])
          : await db.query<ReviewRow>(
              'SELECT * FROM reviews WHERE community_id = ANY($1::text[]) ORDER BY held_at, id COLLATE "C" LIMIT $2',
              [[...communityIds], limit],
            );
      return rows.map(toReviewRecord);
    },
    async get(id) {
      const row = (await db.query<ReviewRow>('SELECT * FROM reviews WHERE id = $1', [id])).rows[0];
      if (row === undefined) return undefined;
      const held = (await db.query<{ json: string }>(HELD_ROW, [row.seq, row.stix_id, row.version])).rows[0];
      if (held === undefined) return undefined;
      const item: ReviewItem = { ...toReviewRecord(row), json: held.json, redactedJson: row.redacted_json };
      return item;
    },
    decide: (id, decision, options) =>
      db.transaction(async (tx) => {
        const row = (await tx.query<ReviewRow>('SELECT * FROM reviews WHERE id = $1 FOR UPDATE', [id]))
          .rows[0];
        if (row === undefined) return undefined;
        await tx.query(pg(LOCK_COLLECTION_SQL), [row.collection_id]);
        const held = (
          await tx.query<{ seq: number; coll: number }>(`${HELD_ROW} FOR UPDATE`, [
            row.seq,
            row.stix_id,
            row.version,
          ])
        ).rows[0];
        const dated = held !== undefined && (await applyDecision(tx, row, held, decision, options.at));
        if (dated) await changes.notifyAdded(tx, row.collection_id);
        await tx.query('DELETE FROM reviews WHERE id = $1', [id]);
        const review = toReviewRecord(row);
        const stored = (
          await tx.query<{ details: string }>('SELECT details FROM statuses WHERE id = $1 FOR UPDATE', [
            row.status_id,
          ])
        ).rows[0];
        if (stored !== undefined) {
          const details = decideStatusDetails(
            JSON.parse(stored.details) as StatusDetails,
            review,
            held === undefined ? 'gone' : decision,
            held === undefined ? 'The object was deleted before its review' : options.message,
          );
          const complete = details.pendings.length === 0;
          await tx.query('UPDATE statuses SET details = $1, status = $2, completed_at = $3 WHERE id = $4', [
            JSON.stringify(details),
            complete ? 'complete' : 'pending',
            complete ? options.at : null,
            row.status_id,
          ]);
        }
        return { review };
      }),
  };
}

/** Applies a decision to the held row; whether any version was dated anew. */
async function applyDecision(
  tx: PgQueryable,
  row: ReviewRow,
  held: { seq: number; coll: number },
  decision: ReviewDecision,
  at: number,
): Promise<boolean> {
  if (decision === 'reject') {
    await tx.query('DELETE FROM objects WHERE seq = $1', [held.seq]);
    const rest = await tx.query<{ seq: number; versionKey: string; specVersion: string }>(
      'SELECT seq, version_key AS "versionKey", spec_version AS "specVersion" FROM objects WHERE coll = $1 AND id_hash = $2 AND stix_id = $3',
      [held.coll, idHash(row.stix_id), row.stix_id],
    );
    const updates = [...computeVersionFlags(rest.rows)].map(
      ([seq, f]) => [seq, +f.isFirst, +f.isLast, +f.inLatestSpec, null] as const,
    );
    if (updates.length > 0) await updateVersions(tx, updates);
    // Its referrers come into sight only if no version of the id is left to withhold them.
    if (rest.rows.length > 0) return false;
    const target = { collectionId: row.collection_id, stixId: row.stix_id };
    return ((await tx.query(pg(DATE_REFERRERS_SQL), dateReferrersParams(target, at))).rowCount ?? 0) > 0;
  }
  if (decision === 'approve') {
    await tx.query("UPDATE objects SET review_state = 'released' WHERE seq = $1", [held.seq]);
  } else {
    await tx.query("UPDATE objects SET review_state = 'released', json = $1, json_anon = $2 WHERE seq = $3", [
      row.redacted_json,
      row.redacted_anon,
      held.seq,
    ]);
  }
  await tx.query(pg(DATE_RELEASED_SQL), dateReleasedParams(held.seq, at));
  const target = { collectionId: row.collection_id, stixId: row.stix_id, releasedSeq: held.seq };
  await tx.query(pg(DATE_REFERRERS_SQL), dateReferrersParams(target, at));
  return true;
}
