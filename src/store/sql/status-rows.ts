import type { StatusRecord } from '../store.js';
import type { StatusDetails } from './status-details.js';

/** A row of the statuses table, as both drivers return it. */
export interface StatusRow {
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

/** A stored status as the port's record; shared by every SQL adapter. */
export function toStatusRecord(row: StatusRow): StatusRecord {
  const details = JSON.parse(row.details) as StatusDetails;
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
