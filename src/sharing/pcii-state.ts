/**
 * Where a protected (PCII) submission stands (DESIGN.md §1 "PCII", §3 "protected"): stored
 * `pending` until a pcii-officer of the community validates or rejects it.
 */
export const PCII_STATES = ['pending', 'validated', 'rejected'] as const;
export type PciiState = (typeof PCII_STATES)[number];
