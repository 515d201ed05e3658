import { type ChainHead, chainDrafts, EMPTY_HEAD } from '../../audit/index.js';
import {
  AUDIT_COLUMNS,
  type AuditRow,
  auditEntryOf,
  auditListSql,
  auditRowValues,
} from '../sql/audit-sql.js';
import type { AuditRepository } from '../store.js';
import { type PgDatabase, toPgPlaceholders } from './pg-database.js';

const WIDTH = AUDIT_COLUMNS.split(',').length;

/**
 * The PostgreSQL audit log. An append locks the table in EXCLUSIVE mode (readers go on,
 * other appenders wait) before reading the head, so nodes sharing the database extend one
 * chain and never fork it; the lock ends with the transaction.
 */
export function createPgAudit(db: PgDatabase): AuditRepository {
  return {
    async append(drafts) {
      if (drafts.length === 0) return [];
      return db.transaction(async (tx) => {
        await tx.query('LOCK TABLE audit_log IN EXCLUSIVE MODE');
        const { rows } = await tx.query<ChainHead>(
          'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
        );
        const entries = chainDrafts(rows[0] ?? EMPTY_HEAD, drafts);
        const values = entries.map(
          (_, i) => `(${Array.from({ length: WIDTH }, (_, j) => `$${i * WIDTH + j + 1}`).join(', ')})`,
        );
        await tx.query(
          `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ${values.join(', ')}`,
          entries.flatMap(auditRowValues),
        );
        return entries;
      });
    },
    async list(query = {}) {
      const { sql, params } = auditListSql(query);
      return (await db.query<AuditRow>(toPgPlaceholders(sql), params)).rows.map(auditEntryOf);
    },
    async tail() {
      const { rows } = await db.query<AuditRow>(
        `SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT 1`,
      );
      return rows[0] === undefined ? undefined : auditEntryOf(rows[0]);
    },
  };
}
