/**
 * The columns every decision queue (reviews, pcii_submissions) shares: where the held
 * version is and who submitted it. Both drivers return them alike.
 */
export interface HeldRow {
  id: string;
  community_id: string;
  collection_id: string;
  status_id: string;
  seq: number;
  stix_id: string;
  version: string;
  submitter_org_id: string;
}

/** The shared columns as the port's record fields. */
export function heldRecordFields(row: HeldRow) {
  return {
    id: row.id,
    communityId: row.community_id,
    collectionId: row.collection_id,
    statusId: row.status_id,
    stixId: row.stix_id,
    version: row.version,
    submitterOrgId: row.submitter_org_id,
  };
}
