import type { Clock } from '../../core/index.js';
import { statusDetailsAfterAdd } from '../sql/status-details.js';
import { type StatusRow, toStatusRecord } from '../sql/status-rows.js';
import type { AddOutcome, PreparedObject, StatusRecord, StatusRepository } from '../store.js';
import type { PgQueryable } from './pg-database.js';

/** The PostgreSQL StatusRepository. */
export function createPgStatuses(db: PgQueryable): StatusRepository {
  return {
    async get(communityId, statusId) {
      const { rows } = await db.query<StatusRow>(
        'SELECT * FROM statuses WHERE id = $1 AND community_id = $2',
        [statusId, communityId],
      );
      const row = rows[0];
      return row === undefined ? undefined : toStatusRecord(row);
    },
    async expire(before) {
      const result = await db.query(
        'DELETE FROM statuses WHERE completed_at IS NOT NULL AND completed_at < $1',
        [before],
      );
      return result.rowCount ?? 0;
    },
  };
}

/**
 * Records the status of an add inside its transaction, with the same details as the SQLite
 * adapter (`statusDetailsAfterAdd`).
 */
export async function insertStatus(
  tx: PgQueryable,
  status: StatusRecord,
  objects: readonly PreparedObject[],
  outcomes: readonly AddOutcome[],
  clock: Clock,
): Promise<void> {
  const details = statusDetailsAfterAdd(status, objects, outcomes);
  // TAXII 2.1 §4.3.1: the status stays pending while any object awaits review.
  const state = details.pendings.length > 0 ? 'pending' : status.status;
  await tx.query(
    `INSERT INTO statuses (id, community_id, collection_id, submitter_org_id, request_timestamp, status, total_count, details, completed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      status.id,
      status.communityId,
      status.collectionId,
      status.submitterOrgId,
      status.requestTimestamp,
      state,
      status.totalCount,
      JSON.stringify(details),
      state === 'complete' ? clock.nowMicros() : null,
    ],
  );
}
