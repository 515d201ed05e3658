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
import type { PciiRepository } from '../store.js';
import { type PgDatabase, toPgPlaceholders } from './pg-database.js';

const pg = toPgPlaceholders;

/**
 * The PostgreSQL PciiRepository. A decision locks its submission row (`FOR UPDATE`), so two
 * officers deciding at once serialise and the second finds nothing pending.
 */
export function createPgPcii(db: PgDatabase, cipher: PciiCipher | undefined): PciiRepository {
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
        await tx.query(pg(DECIDE_PCII_SUBMISSION_SQL), [effects.state, options.at, options.by, id]);
        const s = effects.status;
        if (s !== undefined)
          await tx.query(pg(UPDATE_STATUS_SQL), [s.details, s.state, s.completedAt, row.status_id]);
        return toPciiRecord({ ...row, state: effects.state, decided_at: options.at, decided_by: options.by });
      }),
  };
}
