import type Database from 'better-sqlite3';
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
} from '../sql/release-date.js';
import type { PciiDecision, PciiRepository } from '../store.js';
import { guarded } from './translate-sqlite-error.js';

/**
 * The SQLite PciiRepository. A decision is one IMMEDIATE transaction over the object row,
 * the submission row and the status, so two officers deciding at once cannot both win. A
 * validated version is dated at its validation (release-date.ts), and so are the versions
 * that reference it, which the validation may bring into sight (a rejected version keeps the
 * readers it had while pending, so its referrers keep theirs). The write lock the
 * transaction holds is what serialises this with the collection's other writers. `onAdded`
 * hears of the collection once a validation is committed, as after an add
 * (change-feed-types.ts).
 */
export function createSqlitePcii(
  db: Database.Database,
  cipher: PciiCipher | undefined,
  hooks: { readonly onAdded: (collectionId: string) => void },
): PciiRepository {
  const { onAdded } = hooks;
  const byId = db.prepare('SELECT * FROM pcii_submissions WHERE id = ?');
  const objectRow = db.prepare(PCII_OBJECT_ROW_SQL);
  const setObjectState = db.prepare(DECIDE_PCII_OBJECT_SQL);
  const dateReleased = db.prepare(DATE_RELEASED_SQL);
  const dateReferrers = db.prepare(DATE_REFERRERS_SQL);
  const setSubmissionState = db.prepare(DECIDE_PCII_SUBMISSION_SQL);
  const statusOf = db.prepare('SELECT details FROM statuses WHERE id = ?');
  const updateStatus = db.prepare(UPDATE_STATUS_SQL);

  const decide = db.transaction(
    (id: string, decision: PciiDecision, options: { message: string; at: number; by: string }) => {
      const row = byId.get(id) as PciiSubmissionRow | undefined;
      if (row === undefined || row.state !== 'pending') return undefined;
      const stored = objectRow.get(row.seq, row.stix_id, row.version) as { seq: number } | undefined;
      const status = statusOf.get(row.status_id) as { details: string } | undefined;
      const effects = pciiDecisionEffects(
        row,
        decision,
        { ...options, objectGone: stored === undefined },
        status?.details,
      );
      const released = stored !== undefined && effects.state === 'validated';
      if (stored !== undefined) setObjectState.run(effects.state, stored.seq);
      if (released) {
        dateReleased.run(...dateReleasedParams(stored.seq, options.at));
        const target = { collectionId: row.collection_id, stixId: row.stix_id, releasedSeq: stored.seq };
        dateReferrers.run(...dateReferrersParams(target, options.at));
      }
      setSubmissionState.run(effects.state, options.at, options.by, id);
      const s = effects.status;
      if (s !== undefined) updateStatus.run(s.details, s.state, s.completedAt, row.status_id);
      const record = toPciiRecord({
        ...row,
        state: effects.state,
        decided_at: options.at,
        decided_by: options.by,
      });
      return { record, released };
    },
  );

  return {
    encrypts: cipher !== undefined,
    list: (filter) =>
      guarded(() => {
        const { sql, params } = listPciiSql(filter);
        return (db.prepare(sql).all(...params) as PciiSubmissionRow[]).map(toPciiRecord);
      }),
    get: (id) =>
      guarded(() => {
        const row = byId.get(id) as PciiSubmissionRow | undefined;
        if (row === undefined) return undefined;
        const stored = objectRow.get(row.seq, row.stix_id, row.version) as { json: string } | undefined;
        return toPciiItem(row, stored, cipher);
      }),
    decide: (id, decision, options) =>
      guarded(() => {
        const decided = decide.immediate(id, decision, options);
        // Committed by now: the transaction ran synchronously.
        if (decided?.released === true) onAdded(decided.record.collectionId);
        return decided?.record;
      }),
  };
}
