/**
 * Protected (PCII) submissions (DESIGN.md §1 "PCII", §3 "protected"): the validation queue
 * and encryption at rest. Part of the store port.
 */
import type { PciiState } from '../sharing/index.js';
import type { HeldRecord } from './review-types.js';

/** What a pcii-officer decides on a pending protected version. */
export type PciiDecision = 'validate' | 'reject';

/** Attached to a prepared object that is a protected submission (its envelope says `pending`). */
export interface PciiTicket {
  readonly id: string;
  /** The submitter's express statement that the information is submitted for protection. */
  readonly statement: string;
}

/** One protected version and where it stands in the validation workflow. */
export interface PciiRecord extends HeldRecord {
  readonly statement: string;
  readonly state: PciiState;
  /** Microseconds. */
  readonly submittedAt: number;
  readonly decidedAt?: number;
  /** Who decided (a user id, or `operator`). */
  readonly decidedBy?: string;
}

/** A record with the stored object, decrypted; `json` is absent once the version was deleted. */
export interface PciiItem extends PciiRecord {
  readonly json?: string;
}

export interface PciiRepository {
  /** Whether an encryption key is configured: without one nothing protected may be stored. */
  readonly encrypts: boolean;
  /** Records of the given communities (or all), optionally in one state, oldest first. */
  list(filter: {
    readonly communityIds?: readonly string[];
    readonly state?: PciiState;
    readonly limit: number;
  }): Promise<PciiRecord[]>;
  get(id: string): Promise<PciiItem | undefined>;
  /**
   * Applies a decision atomically: sets the version's PCII state (`validated` or `rejected`),
   * moves it from the status's `pendings` to `successes` (validated) or `failures` (rejected)
   * with `message`, and completes the status when nothing remains pending. Undefined when
   * the record is not pending (unknown, or already decided).
   */
  decide(
    id: string,
    decision: PciiDecision,
    options: { readonly message: string; readonly at: number; readonly by: string },
  ): Promise<PciiRecord | undefined>;
}
