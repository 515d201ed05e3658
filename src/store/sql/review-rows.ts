import type { PiiFinding } from '../../sharing/index.js';
import type { ReviewRecord } from '../store.js';

/** A row of the reviews table, as both drivers return it. */
export interface ReviewRow {
  id: string;
  community_id: string;
  collection_id: string;
  status_id: string;
  seq: number;
  stix_id: string;
  version: string;
  submitter_org_id: string;
  findings: string;
  redacted_json: string;
  redacted_anon: string | null;
  held_at: number;
}

/** A stored review as the port's record; shared by every SQL adapter. */
export function toReviewRecord(row: ReviewRow): ReviewRecord {
  return {
    id: row.id,
    communityId: row.community_id,
    collectionId: row.collection_id,
    statusId: row.status_id,
    stixId: row.stix_id,
    version: row.version,
    submitterOrgId: row.submitter_org_id,
    findings: JSON.parse(row.findings) as PiiFinding[],
    heldAt: row.held_at,
  };
}
