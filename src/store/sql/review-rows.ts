import type { PiiFinding } from '../../sharing/index.js';
import type { ReviewRecord } from '../store.js';
import { type HeldRow, heldRecordFields } from './held-rows.js';

/** A row of the reviews table, as both drivers return it. */
export interface ReviewRow extends HeldRow {
  findings: string;
  redacted_json: string;
  redacted_anon: string | null;
  held_at: number;
}

/** A stored review as the port's record; shared by every SQL adapter. */
export function toReviewRecord(row: ReviewRow): ReviewRecord {
  return {
    ...heldRecordFields(row),
    findings: JSON.parse(row.findings) as PiiFinding[],
    heldAt: row.held_at,
  };
}
