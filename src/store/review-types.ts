/**
 * Personal-data review (DESIGN.md §3): objects a community holds until a reviewer decides.
 * Part of the store port.
 */
import type { PiiFinding } from '../sharing/index.js';

/** What happens to a community's objects in which personal data is found. */
export const PII_MODES = ['off', 'redact', 'hold'] as const;
export type PiiMode = (typeof PII_MODES)[number];

/** What a reviewer decides: release as is, release redacted, or delete. */
export const REVIEW_DECISIONS = ['approve', 'redact', 'reject'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** Attached to a prepared object that is stored held (its envelope says `held`). */
export interface ReviewTicket {
  readonly id: string;
  readonly findings: readonly PiiFinding[];
  /** The body released by a `redact` decision. */
  readonly redactedJson: string;
  /** The anonymised body of the redacted version, when it differs from `redactedJson`. */
  readonly redactedAnonymisedJson?: string;
}

/** What every decision queue (review, PCII validation) records of a held version. */
export interface HeldRecord {
  readonly id: string;
  readonly communityId: string;
  readonly collectionId: string;
  /** The submission's status, which lists the object under `pendings` until decided. */
  readonly statusId: string;
  readonly stixId: string;
  readonly version: string;
  readonly submitterOrgId: string;
}

/** One held object version awaiting a personal-data review decision. */
export interface ReviewRecord extends HeldRecord {
  readonly findings: readonly PiiFinding[];
  /** When it was stored held (microseconds). */
  readonly heldAt: number;
}

/** A held record with the object as stored (and as it would be released redacted). */
export interface ReviewItem extends ReviewRecord {
  readonly json: string;
  readonly redactedJson: string;
}
