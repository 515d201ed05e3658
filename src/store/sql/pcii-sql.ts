import type { PciiState } from '../../sharing/index.js';
import type { PciiDecision, PciiItem, PciiRecord } from '../store.js';
import { type HeldRow, heldRecordFields } from './held-rows.js';
import { isSealed, type PciiCipher, requireCipher } from './pcii-cipher.js';
import { decideStatusDetails, type StatusDetails } from './status-details.js';

/**
 * The SQL of protected (PCII) submissions shared by every SQL adapter (`?` placeholders;
 * the PostgreSQL adapter renumbers them): migration 6 and the statements of the validation
 * queue.
 */

/**
 * Migration 6 (DESIGN.md §1 "PCII"): each stored version's protected flag and PCII state
 * (NULL when not protected; filtered on in every read), and one row per protected version
 * for the validation workflow, kept after the decision as its record.
 */
export function pciiMigrationSql(dialect: 'sqlite' | 'postgres'): string {
  const big = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
  const small = dialect === 'sqlite' ? 'INTEGER' : 'SMALLINT';
  return `
ALTER TABLE objects ADD COLUMN protected ${small} NOT NULL DEFAULT 0;
ALTER TABLE objects ADD COLUMN pcii_state TEXT;
CREATE TABLE pcii_submissions (
  id TEXT PRIMARY KEY, community_id TEXT NOT NULL, collection_id TEXT NOT NULL,
  status_id TEXT NOT NULL, seq ${big} NOT NULL, stix_id TEXT NOT NULL, version TEXT NOT NULL,
  submitter_org_id TEXT NOT NULL, statement TEXT NOT NULL, state TEXT NOT NULL,
  submitted_at ${big} NOT NULL, decided_at ${big}, decided_by TEXT);
CREATE INDEX pcii_submissions_queue ON pcii_submissions (community_id, state, submitted_at);
`;
}

export const INSERT_PCII_SUBMISSION_SQL = `INSERT INTO pcii_submissions
  (id, community_id, collection_id, status_id, seq, stix_id, version, submitter_org_id, statement, state, submitted_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`;

/** A row of pcii_submissions, as both drivers return it. */
export interface PciiSubmissionRow extends HeldRow {
  statement: string;
  state: string;
  submitted_at: number;
  decided_at: number | null;
  decided_by: string | null;
}

/** The list query: of some communities (or all), optionally in one state, oldest first. */
export function listPciiSql(filter: {
  readonly communityIds?: readonly string[];
  readonly state?: string;
  readonly limit: number;
}): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.communityIds !== undefined) {
    where.push(
      filter.communityIds.length === 0
        ? '1 = 0'
        : `community_id IN (${filter.communityIds.map(() => '?').join(', ')})`,
    );
    params.push(...filter.communityIds);
  }
  if (filter.state !== undefined) {
    where.push('state = ?');
    params.push(filter.state);
  }
  const clause = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return {
    sql: `SELECT * FROM pcii_submissions${clause} ORDER BY submitted_at, id LIMIT ?`,
    params: [...params, filter.limit],
  };
}

/** The protected row a submission names: seq alone could name a later row after a delete. */
export const PCII_OBJECT_ROW_SQL =
  'SELECT seq, json FROM objects WHERE seq = ? AND stix_id = ? AND version = ? AND protected = 1';

/** A stored row as the port's record; shared by every SQL adapter. */
export function toPciiRecord(row: PciiSubmissionRow): PciiRecord {
  return {
    ...heldRecordFields(row),
    statement: row.statement,
    state: row.state as PciiState,
    submittedAt: Number(row.submitted_at),
    ...(row.decided_at === null ? {} : { decidedAt: Number(row.decided_at) }),
    ...(row.decided_by === null ? {} : { decidedBy: row.decided_by }),
  };
}

/** The record with its stored object decrypted (absent once the version was deleted). */
export function toPciiItem(
  row: PciiSubmissionRow,
  stored: { readonly json: string } | undefined,
  cipher: PciiCipher | undefined,
): PciiItem {
  const record = toPciiRecord(row);
  if (stored === undefined) return record;
  const identity = { collectionId: row.collection_id, stixId: row.stix_id, version: row.version };
  const json = isSealed(stored.json) ? requireCipher(cipher).open(stored.json, identity) : stored.json;
  return { ...record, json };
}

export const DECIDE_PCII_OBJECT_SQL = 'UPDATE objects SET pcii_state = ? WHERE seq = ?';
export const DECIDE_PCII_SUBMISSION_SQL =
  'UPDATE pcii_submissions SET state = ?, decided_at = ?, decided_by = ? WHERE id = ?';
export const UPDATE_STATUS_SQL = 'UPDATE statuses SET details = ?, status = ?, completed_at = ? WHERE id = ?';

/**
 * What a decision writes: the version's new state (a validated version is also dated anew,
 * release-date.ts, which the adapters do), and the status details with the object
 * moved out of `pendings` (validated: `successes`; rejected or deleted meanwhile:
 * `failures`), complete when nothing else is pending.
 */
export function pciiDecisionEffects(
  row: PciiSubmissionRow,
  decision: PciiDecision,
  options: { readonly message: string; readonly at: number; readonly objectGone: boolean },
  storedDetails: string | undefined,
): {
  state: PciiState;
  status?: { details: string; state: 'pending' | 'complete'; completedAt: number | null };
} {
  const state: PciiState = decision === 'validate' ? 'validated' : 'rejected';
  if (storedDetails === undefined) return { state };
  const details = decideStatusDetails(
    JSON.parse(storedDetails) as StatusDetails,
    { stixId: row.stix_id, version: row.version },
    options.objectGone ? 'gone' : decision === 'validate' ? 'approve' : 'reject',
    options.objectGone ? 'The object was deleted before its PCII validation' : options.message,
  );
  const complete = details.pendings.length === 0;
  return {
    state,
    status: {
      details: JSON.stringify(details),
      state: complete ? 'complete' : 'pending',
      completedAt: complete ? options.at : null,
    },
  };
}
