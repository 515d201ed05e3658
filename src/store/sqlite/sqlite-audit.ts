import type Database from 'better-sqlite3';
import { type ChainHead, chainDrafts, EMPTY_HEAD } from '../../audit/index.js';
import {
  AUDIT_COLUMNS,
  type AuditRow,
  auditEntryOf,
  auditListSql,
  auditRowValues,
} from '../sql/audit-sql.js';
import type { AuditEntry, AuditEntryDraft, AuditRepository } from '../store.js';
import { guarded } from './translate-sqlite-error.js';

/**
 * The SQLite audit log. Appends run in an IMMEDIATE transaction: it takes the database's
 * write lock before reading the head, so two processes on one file (the server and a CLI
 * verb) wait for each other instead of both chaining from the same head.
 */
export function createSqliteAudit(db: Database.Database): AuditRepository {
  const head = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (${AUDIT_COLUMNS.split(',')
      .map(() => '?')
      .join(', ')})`,
  );
  const tail = db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT 1`);
  const appendAll = db.transaction((drafts: readonly AuditEntryDraft[]): AuditEntry[] => {
    const entries = chainDrafts((head.get() as ChainHead | undefined) ?? EMPTY_HEAD, drafts);
    for (const e of entries) insert.run(...auditRowValues(e));
    return entries;
  });
  return {
    append: (drafts) => guarded(() => (drafts.length === 0 ? [] : appendAll.immediate(drafts))),
    list: (query = {}) =>
      guarded(() => {
        const { sql, params } = auditListSql(query);
        return (db.prepare(sql).all(...params) as AuditRow[]).map(auditEntryOf);
      }),
    tail: () =>
      guarded(() => {
        const row = tail.get() as AuditRow | undefined;
        return row === undefined ? undefined : auditEntryOf(row);
      }),
  };
}
