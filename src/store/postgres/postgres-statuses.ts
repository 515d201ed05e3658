import type { Clock } from '../../core/index.js';
import { STATUS_ROW_COLUMNS, statusRowValues } from '../sql/status-details.js';
import { type StatusRow, toStatusRecord } from '../sql/status-rows.js';
import type { AddOutcome, PreparedObject, StatusRecord, StatusRepository } from '../store.js';
import type { PgParams, PgQueryable } from './pg-database.js';

/** The PostgreSQL StatusRepository. */
export function createPgStatuses(db: PgQueryable): StatusRepository {
  return {
    async get(communityId, statusId) {
      const { rows } = await db.query<StatusRow>(
        // Named columns, not `*`: the statement stays prepared (pg-database.ts); it follows every POST.
        `SELECT id, community_id, collection_id, submitter_org_id, request_timestamp, status, total_count, details,
           completed_at FROM statuses WHERE id = $1 AND community_id = $2`,
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
 * The INSERT that records the status of an add inside its transaction (the last part of the
 * batch's combined statement), with the same details as the SQLite adapter
 * (`statusDetailsAfterAdd`).
 */
export function statusInsertSql(
  params: PgParams,
  status: StatusRecord,
  objects: readonly PreparedObject[],
  outcomes: readonly AddOutcome[],
  clock: Clock,
): string {
  const values = statusRowValues(status, objects, outcomes, clock.nowMicros()).map((v) => params.add(v));
  return `INSERT INTO statuses (${STATUS_ROW_COLUMNS}) VALUES (${values.join(', ')})`;
}
