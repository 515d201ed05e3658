/**
 * The closed vocabularies of Cairn's domain (DESIGN.md §2), shared by every layer.
 */

export const ORG_CLASSES = ['government', 'sltt', 'private', 'provider', 'international'] as const;
export type OrgClass = (typeof ORG_CLASSES)[number];

export const ROLES = [
  'hub-admin',
  'community-admin',
  'analyst',
  'reader',
  'reviewer',
  'pcii-officer',
] as const;
export type Role = (typeof ROLES)[number];

/** TLP 2.0 levels, least restrictive first. */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];

export const COMMUNITY_KINDS = ['hub', 'isac', 'isao', 'program'] as const;
export type CommunityKind = (typeof COMMUNITY_KINDS)[number];

/** Who may see the submitter behind an object (AIS-style consent, DESIGN.md §3). */
export const CONSENT_LEVELS = ['none', 'government', 'everyone'] as const;
export type ConsentLevel = (typeof CONSENT_LEVELS)[number];
