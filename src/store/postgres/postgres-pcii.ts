import type { PciiCipher } from '../sql/pcii-cipher.js';
import {
  DECIDE_PCII_OBJECT_SQL,
  DECIDE_PCII_SUBMISSION_SQL,
  listPciiSql,
  PCII_OBJECT_ROW_SQL,
  type PciiSubmissionRow,
  pciiDecisionEffects,
  toPciiItem,
  toPciiRecord,
  UPDATE_STATUS_SQL,
} from '../sql/pcii-sql.js';
import {
  DATE_REFERRERS_SQL,
  DATE_RELEASED_SQL,
  dateReferrersParams,
  dateReleasedParams,
  LOCK_COLLECTION_SQL,
} from '../sql/release-date.js';
import type { PciiRepository } from '../store.js';
import { type PgDatabase, toPgPlaceholders } from './pg-database.js';
import type { PgChangeFeed } from './postgres-change-feed.js';

const pg = toPgPlaceholders;

/**
 * The PostgreSQL PciiRepository. A decision locks its submission row (`FOR UPDATE`), so two
 * officers deciding at once serialise and the second finds nothing pending. It then takes
 * its collection's writer lock, because a validation dates the version anew at the end of
 * the collection (release-date.ts), with the versions that reference it, as adds do under
 * the same lock (a rejected version keeps the readers it had while pending, so its
 * referrers keep theirs). A validation notifies `changes` as an add does (heard by every
 * node when, and only if, it commits).
 */
export function createPgPcii(
  db: PgDatabase,
  cipher: PciiCipher | undefined,
  hooks: { readonly changes: Pick<PgChangeFeed, 'notifyAdded'> },
): PciiRepository {
  const { changes } = hooks;
  return {
    encrypts: cipher !== undefined,
    async list(filter) {
      const { sql, params } = listPciiSql(filter);
      return (await db.query<PciiSubmissionRow>(pg(sql), params)).rows.map(toPciiRecord);
    },
    async get(id) {
      const row = (await db.query<PciiSubmissionRow>('SELECT * FROM pcii_submissions WHERE id = $1', [id]))
        .rows[0];
      if (row === undefined) return undefined;
      const stored = (
        await db.query<{ json: string }>(pg(PCII_OBJECT_ROW_SQL), [row.seq, row.stix_id, row.version])
      ).rows[0];
      return toPciiItem(row, stored, cipher);
    },
    decide: (id, decision, options) =>
      db.transaction(async (tx) => {
        const row = (
          await tx.query<PciiSubmissionRow>('SELECT * FROM pcii_submissions WHERE id = $1 FOR UPDATE', [id])
        ).rows[0];
        if (row === undefined || row.state !== 'pending') return undefined;
        await tx.query(pg(LOCK_COLLECTION_SQL), [row.collection_id]);
        const stored = (
          await tx.query<{ seq: number }>(`${pg(PCII_OBJECT_ROW_SQL)} FOR UPDATE`, [
            row.seq,
            row.stix_id,
            row.version,
          ])
        ).rows[0];
        const status = (
          await tx.query<{ details: string }>('SELECT details FROM statuses WHERE id = $1 FOR UPDATE', [
            row.status_id,
          ])
        ).rows[0];
        const effects = pciiDecisionEffects(
          row,
          decision,
          { ...options, objectGone: stored === undefined },
          status?.details,
        );
        if (stored !== undefined) await tx.query(pg(DECIDE_PCII_OBJECT_SQL), [effects.state, stored.seq]);
        if (stored !== undefined && effects.state === 'validated') {
          await tx.query(pg(DATE_RELEASED_SQL), dateReleasedParams(stored.seq, options.at));
          const target = { collectionId: row.collection_id, stixId: row.stix_id, releasedSeq: stored.seq };
          await tx.query(pg(DATE_REFERRERS_SQL), dateReferrersParams(target, options.at));
          await changes.notifyAdded(tx, row.collection_id);
        }
        await tx.query(pg(DECIDE_PCII_SUBMISSION_SQL), [effects.state, options.at, options.by, id]);
        const s = effects.status;
        if (s !== undefined)
          await tx.query(pg(UPDATE_STATUS_SQL), [s.details, s.state, s.completedAt, row.status_id]);
        return toPciiRecord({ ...row, state: effects.state, decided_at: options.at, decided_by: options.by });
      }),
  };
}
