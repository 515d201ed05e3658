import type Database from 'better-sqlite3';
import type { StatusDetail, StatusRecord, StatusRepository } from '../store.js';
import { guarded } from './translate-sqlite-error.js';

interface Row {
  id: string;
  community_id: string;
  collection_id: string;
  submitter_org_id: string;
  request_timestamp: number;
  status: 'pending' | 'complete';
  total_count: number;
  details: string;
  completed_at: number | null;
}

export function createSqliteStatuses(db: Database.Database): StatusRepository {
  const byId = db.prepare('SELECT * FROM statuses WHERE id = ? AND community_id = ?');
  const expire = db.prepare('DELETE FROM statuses WHERE completed_at IS NOT NULL AND completed_at < ?');
  return {
    get: (communityId, statusId) =>
      guarded(() => {
        const row = byId.get(statusId, communityId) as Row | undefined;
        return row === undefined ? undefined : toRecord(row);
      }),
    expire: (before) => guarded(() => expire.run(before).changes),
  };
}

function toRecord(row: Row): StatusRecord {
  const details = JSON.parse(row.details) as {
    successes: StatusDetail[];
    failures: StatusDetail[];
    pendings: StatusDetail[];
  };
  return {
    id: row.id,
    communityId: row.community_id,
    collectionId: row.collection_id,
    submitterOrgId: row.submitter_org_id,
    requestTimestamp: row.request_timestamp,
    status: row.status,
    totalCount: row.total_count,
    successes: details.successes,
    failures: details.failures,
    pendings: details.pendings,
    ...(row.completed_at === null ? {} : { completedAt: row.completed_at }),
  };
}
