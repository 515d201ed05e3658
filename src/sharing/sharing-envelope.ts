import type { ConsentLevel, OrgClass, TlpLevel } from '../core/index.js';
import type { PciiState } from './pcii-state.js';

/**
 * What the hub knows about one stored object version beyond the object itself (DESIGN.md
 * §2 "object version"): the facts the sharing rules decide on.
 */
export interface SharingEnvelope {
  /** Effective marking: the most restrictive TLP of the object, or the community default. */
  readonly tlp: TlpLevel;
  readonly submitterOrgId: string;
  /** The submitting user; absent when a token or the operator submitted it. */
  readonly submitterUserId?: string;
  /** Who may see the submitter behind the object. */
  readonly consent: ConsentLevel;
  /** AMBER content may reach provider-class organisations (the submitter's leave). */
  readonly providersAllowed: boolean;
  /** Named recipient users of RED content (user ids). */
  readonly recipients: readonly string[];
  /** The object is the submitter's own identity: withheld where attribution is not allowed. */
  readonly sourceIdentity: boolean;
  /**
   * `held`: personal data was found and the community holds such objects for review; only
   * hub admins, the community's reviewers and the submitting organisation receive it.
   * Absent means `released`.
   */
  readonly reviewState?: ReviewState;
  /**
   * Present when the version is a protected (PCII) submission: where it stands in the
   * validation workflow (`pcii-state.ts`). Absent means not protected.
   */
  readonly pcii?: PciiState;
}

/** Whether a version awaits a personal-data review decision (DESIGN.md §3). */
export type ReviewState = 'released' | 'held';

/** Who is asking, as far as the sharing rules care. Built from an auth principal. */
export interface Reader {
  readonly kind: 'user' | 'token';
  readonly id: string;
  readonly orgId: string;
  readonly orgClass: OrgClass;
  /** Hub admins see everything, provenance included. */
  readonly hubAdmin: boolean;
  /** A `reviewer` of the community being read: receives its held objects. */
  readonly reviewer?: boolean;
  /** A `pcii-officer` of the community being read (users only): validates protected submissions. */
  readonly pciiOfficer?: boolean;
  /** A `pcii-certified` user: receives validated protected submissions. */
  readonly pciiCertified?: boolean;
}
