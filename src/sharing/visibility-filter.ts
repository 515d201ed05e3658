import type { ConsentLevel, TlpLevel } from '../core/index.js';
import type { PciiState } from './pcii-state.js';
import type { SharingEnvelope } from './sharing-envelope.js';

/**
 * One conjunction of conditions on a stored version's envelope. Every field present must
 * hold; absent fields do not constrain.
 */
export interface VisibilityClause {
  readonly tlps: readonly TlpLevel[];
  readonly submitterOrgId?: string;
  readonly submitterUserId?: string;
  /** The reader is among the named RED recipients. */
  readonly recipient?: string;
  readonly providersAllowed?: true;
  /** When set, a source-identity row passes only if its consent is one of these. */
  readonly sourceIdentityConsents?: readonly ConsentLevel[];
  /** Only versions not held for personal-data review. */
  readonly releasedOnly?: true;
  /**
   * Protected (PCII) versions in these states pass; when absent, only versions that are not
   * protected do. Absent is the default on purpose: a clause written without PCII in mind
   * (exports, the match index, feeds) can never let a protected version out.
   */
  readonly pcii?: readonly PciiState[];
}

/**
 * What a reader may receive, as a store filter: a version is visible when ANY clause holds
 * (disjunctive normal form, which SQL `WHERE (…) OR (…)` expresses directly). `undefined`
 * means no restriction; an empty list means nothing.
 *
 * The store also applies the reference rule with every filter (DESIGN.md §3, issue 5): a
 * version whose content references name an object of the same collection that has no
 * version passing this filter (or `referenceTargets`) is withheld too.
 * `receivedInCollection(versions, (e) => matchesFilter(filter, e), (e) => matchesTargets(filter, e))`
 * (references.ts) is the whole semantics the store must match.
 */
export interface VisibilityFilter {
  readonly anyOf: readonly VisibilityClause[];
  /**
   * The clauses the reference rule judges targets by; absent: `anyOf`. For a filter that
   * narrows a reader's own (deleting only one's own organisation's versions): what the
   * reader may see of a target does not narrow with it.
   */
  readonly referenceTargets?: readonly VisibilityClause[];
}

/** When the reader sees the submitter behind a version; otherwise the anonymised body. */
export interface AttributionFilter {
  readonly consents: readonly ConsentLevel[];
  readonly submitterOrgId: string;
}

/**
 * Evaluates a filter against one envelope: the reference semantics every store adapter must
 * match for the envelope part (references.ts adds the reference rule over a collection).
 */
export function matchesFilter(filter: VisibilityFilter | undefined, envelope: SharingEnvelope): boolean {
  if (filter === undefined) return true;
  return filter.anyOf.some((c) => matchesClause(c, envelope));
}

/** Evaluates the filter the reference rule applies to a referenced object's versions. */
export function matchesTargets(filter: VisibilityFilter | undefined, envelope: SharingEnvelope): boolean {
  if (filter === undefined) return true;
  return (filter.referenceTargets ?? filter.anyOf).some((c) => matchesClause(c, envelope));
}

function matchesClause(c: VisibilityClause, e: SharingEnvelope): boolean {
  if (!c.tlps.includes(e.tlp)) return false;
  if (c.submitterOrgId !== undefined && e.submitterOrgId !== c.submitterOrgId) return false;
  if (c.submitterUserId !== undefined && e.submitterUserId !== c.submitterUserId) return false;
  if (c.recipient !== undefined && !e.recipients.includes(c.recipient)) return false;
  if (c.providersAllowed === true && !e.providersAllowed) return false;
  if (c.releasedOnly === true && e.reviewState === 'held') return false;
  if (c.pcii === undefined ? e.pcii !== undefined : e.pcii === undefined || !c.pcii.includes(e.pcii))
    return false;
  if (
    c.sourceIdentityConsents !== undefined &&
    e.sourceIdentity &&
    !c.sourceIdentityConsents.includes(e.consent)
  )
    return false;
  return true;
}

/** Evaluates an attribution filter: true when the reader sees the real provenance. */
export function seesAttributionBy(filter: AttributionFilter | undefined, envelope: SharingEnvelope): boolean {
  if (filter === undefined) return true;
  return filter.consents.includes(envelope.consent) || envelope.submitterOrgId === filter.submitterOrgId;
}
