import type { StoredObject, StoredVersion } from '../store.js';

/** A row of an object query (the manifest columns, and `json` when bodies were selected). */
export interface ObjectRow {
  seq: number;
  stix_id: string;
  type: string;
  version: string;
  spec_version: string;
  date_added: number;
  json?: string;
}

/** A queried row as the port's record; shared by every SQL adapter. */
export function toStoredObject(row: ObjectRow): StoredObject | StoredVersion {
  const base = {
    seq: row.seq,
    stixId: row.stix_id,
    type: row.type,
    version: row.version,
    specVersion: row.spec_version,
    dateAdded: row.date_added,
  };
  return row.json === undefined ? base : { ...base, json: row.json };
}
