import type { StoredObject, StoredVersion } from '../store.js';
import { isSealed, type PciiCipher, requireCipher } from './pcii-cipher.js';

/** A row of an object query (the manifest columns, and `json` when bodies were selected). */
export interface ObjectRow {
  seq: number;
  stix_id: string;
  type: string;
  version: string;
  spec_version: string;
  date_added: number;
  /** 1 for a protected (PCII) version. */
  protected: number;
  json?: string;
}

/**
 * Maps queried rows of one collection to the port's records; shared by every SQL adapter.
 * A protected body is decrypted here, on the read path, and only for rows the query's
 * visibility filter let through: the reader may receive it.
 */
export function createRowMapper(
  collectionId: string,
  cipher: PciiCipher | undefined,
): (row: ObjectRow) => StoredObject | StoredVersion {
  return (row) => {
    const base = {
      seq: row.seq,
      stixId: row.stix_id,
      type: row.type,
      version: row.version,
      specVersion: row.spec_version,
      dateAdded: row.date_added,
      ...(Number(row.protected) === 1 ? { protected: true as const } : {}),
    };
    if (row.json === undefined) return base;
    const json = isSealed(row.json)
      ? requireCipher(cipher).open(row.json, { collectionId, stixId: row.stix_id, version: row.version })
      : row.json;
    return { ...base, json };
  };
}
