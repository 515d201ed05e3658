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
import type { PciiDecision, PciiRepository } from '../store.js';
import { guarded } from './translate-sqlite-error.js';

/**
 * The SQLite PciiRepository. A decision is one IMMEDIATE transaction over the object row,
 * the submission row and the status, so two officers deciding at once cannot both win.
 */
export function createSqlitePcii(db: Database.Database, cipher: PciiCipher | undefined): PciiRepository {
  const byId = db.prepare('SELECT * FROM pcii_submissions WHERE id = ?');
  const objectRow = db.prepare(PCII_OBJECT_ROW_SQL);
  const setObjectState = db.prepare(DECIDE_PCII_OBJECT_SQL);
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
      if (stored !== undefined) setObjectState.run(effects.state, stored.seq);
      setSubmissionState.run(effects.state, options.at, options.by, id);
      const s = effects.status;
      if (s !== undefined) updateStatus.run(s.details, s.state, s.completedAt, row.status_id);
      return toPciiRecord({ ...row, state: effects.state, decided_at: options.at, decided_by: options.by });
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
    decide: (id, decision, options) => guarded(() => decide.immediate(id, decision, options)),
  };
}
