import { idHash } from '../sql/id-hash.js';
import { type ReviewRow, toReviewRecord } from '../sql/review-rows.js';
import { decideStatusDetails, type StatusDetails } from '../sql/status-details.js';
import { computeVersionFlags } from '../sql/version-flags.js';
import type { ReviewDecision, ReviewItem, ReviewRepository } from '../store.js';
import type { PgDatabase, PgQueryable } from './pg-database.js';
import { updateVersions } from './postgres-insert-versions.js';

const HELD_ROW =
  "SELECT seq, coll, json FROM objects WHERE seq = $1 AND stix_id = $2 AND version = $3 AND review_state = 'held'";

/**
 * The PostgreSQL ReviewRepository. A decision locks its review row (`FOR UPDATE`), so two
 * reviewers deciding at once serialise and the second finds nothing to decide.
 */
export function createPgReviews(db: PgDatabase): ReviewRepository {
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
        const held = (
          await tx.query<{ seq: number; coll: number }>(`${HELD_ROW} FOR UPDATE`, [
            row.seq,
            row.stix_id,
            row.version,
          ])
        ).rows[0];
        if (held !== undefined) await applyDecision(tx, row, held, decision);
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

async function applyDecision(
  tx: PgQueryable,
  row: ReviewRow,
  held: { seq: number; coll: number },
  decision: ReviewDecision,
): Promise<void> {
  if (decision === 'approve') {
    await tx.query("UPDATE objects SET review_state = 'released' WHERE seq = $1", [held.seq]);
  } else if (decision === 'redact') {
    await tx.query("UPDATE objects SET review_state = 'released', json = $1, json_anon = $2 WHERE seq = $3", [
      row.redacted_json,
      row.redacted_anon,
      held.seq,
    ]);
  } else {
    await tx.query('DELETE FROM objects WHERE seq = $1', [held.seq]);
    const rest = await tx.query<{ seq: number; versionKey: string; specVersion: string }>(
      'SELECT seq, version_key AS "versionKey", spec_version AS "specVersion" FROM objects WHERE coll = $1 AND id_hash = $2 AND stix_id = $3',
      [held.coll, idHash(row.stix_id), row.stix_id],
    );
    const updates = [...computeVersionFlags(rest.rows)].map(
      ([seq, f]) => [seq, +f.isFirst, +f.isLast, +f.inLatestSpec, null] as const,
    );
    if (updates.length > 0) await updateVersions(tx, updates);
  }
}
