import type Database from 'better-sqlite3';
import { type StatusRow, toStatusRecord } from '../sql/status-rows.js';
import type { StatusRepository } from '../store.js';
import { guarded } from './translate-sqlite-error.js';

export function createSqliteStatuses(db: Database.Database): StatusRepository {
  const byId = db.prepare('SELECT * FROM statuses WHERE id = ? AND community_id = ?');
  const expire = db.prepare('DELETE FROM statuses WHERE completed_at IS NOT NULL AND completed_at < ?');
  return {
    get: (communityId, statusId) =>
      guarded(() => {
        const row = byId.get(statusId, communityId) as StatusRow | undefined;
        return row === undefined ? undefined : toStatusRecord(row);
      }),
    expire: (before) => guarded(() => expire.run(before).changes),
  };
}
