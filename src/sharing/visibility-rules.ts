import { type ConsentLevel, TLP_LEVELS } from '../core/index.js';
import { PCII_STATES, type PciiState } from './pcii-state.js';
import type { Reader, SharingEnvelope } from './sharing-envelope.js';
import type { AttributionFilter, VisibilityClause, VisibilityFilter } from './visibility-filter.js';

/**
 * THE sharing rule (DESIGN.md §3), as a predicate on one version. A collection read grant
 * is checked before this, by the access policy.
 *
 * | TLP          | who receives it                                                     |
 * |--------------|---------------------------------------------------------------------|
 * | CLEAR, GREEN | every reader of the collection                                      |
 * | AMBER        | member organisations; provider-class only with `providersAllowed`  |
 * | AMBER+STRICT | member organisations, never provider-class                          |
 * | RED          | the submitting user and the named recipients; never tokens          |
 *
 * The submitting organisation always receives its own non-RED submissions. The submitter's
 * identity object is withheld from readers who may not see the attribution. A version held
 * for personal-data review reaches, besides hub admins, only the community's reviewers and
 * the submitting organisation (still within the TLP rule).
 *
 * A protected (PCII) version must pass both its TLP and the protection rule: users of the
 * submitting organisation in every state; the community's pcii-officers in every state;
 * pcii-certified users once validated; never tokens. Hub admins have no bypass here.
 *
 * This judges one version by its envelope. Over a collection, a version that references an
 * object the reader receives no version of is withheld as well (`receivedInCollection` in
 * references.ts, DESIGN.md §3 "must not reveal them").
 */
export function canReceive(reader: Reader, e: SharingEnvelope): boolean {
  if (e.pcii !== undefined && !receivesProtected(reader, e)) return false;
  if (reader.hubAdmin) return true;
  const own = e.submitterOrgId === reader.orgId;
  if (e.sourceIdentity && !own && !attributionConsents(reader).includes(e.consent)) return false;
  if (e.reviewState === 'held' && !own && reader.reviewer !== true) return false;
  switch (e.tlp) {
    case 'clear':
    case 'green':
      return true;
    case 'amber':
      return own || reader.orgClass !== 'provider' || e.providersAllowed;
    case 'amber+strict':
      return own || reader.orgClass !== 'provider';
    case 'red':
      return reader.kind === 'user' && (e.submitterUserId === reader.id || e.recipients.includes(reader.id));
  }
}

/** Whether the reader sees who submitted a version (else it gets the anonymised body). */
export function seesAttribution(reader: Reader, e: SharingEnvelope): boolean {
  return (
    reader.hubAdmin || e.submitterOrgId === reader.orgId || attributionConsents(reader).includes(e.consent)
  );
}

/**
 * The states of protected versions a reader receives regardless of who submitted them:
 * every state for the community's pcii-officers, `validated` for pcii-certified users,
 * nothing for anyone else. Tokens are machines, never certified people: nothing. The
 * submitting organisation's own users get every state besides (see canReceive).
 */
export function pciiStatesFor(reader: Reader): readonly PciiState[] {
  if (reader.kind !== 'user') return [];
  if (reader.pciiOfficer === true) return PCII_STATES;
  return reader.pciiCertified === true ? ['validated'] : [];
}

/** Whether the protection rule lets a protected version through (its TLP still applies). */
function receivesProtected(reader: Reader, e: SharingEnvelope): boolean {
  if (reader.kind !== 'user' || e.pcii === undefined) return false;
  return e.submitterOrgId === reader.orgId || pciiStatesFor(reader).includes(e.pcii);
}

/**
 * {@link canReceive} compiled into a store filter. Hub admins get one too: every version
 * that is not protected, and protected ones only as their PCII standing allows.
 */
export function compileVisibility(reader: Reader): VisibilityFilter {
  const clauses: readonly VisibilityClause[] = reader.hubAdmin ? [{ tlps: TLP_LEVELS }] : tlpClauses(reader);
  return { anyOf: withProtected(reader, clauses) };
}

/**
 * Adds the protected variants of the TLP clauses: a protected version passes a clause's
 * TLP conditions AND the protection rule (its PCII states, or the reader's own organisation).
 * For the own-organisation variant only the clauses already bound to the reader's
 * organisation or user are needed: every other clause, narrowed to the own organisation,
 * selects a subset of theirs. Fewer clauses keep every reader's row check cheap.
 */
function withProtected(reader: Reader, clauses: readonly VisibilityClause[]): VisibilityClause[] {
  if (reader.kind !== 'user') return [...clauses];
  const states = pciiStatesFor(reader);
  const out = [...clauses];
  if (states.length > 0) out.push(...clauses.map((c) => ({ ...c, pcii: states })));
  if (states.length < PCII_STATES.length) {
    const own = reader.hubAdmin
      ? clauses
      : clauses.filter((c) => c.submitterOrgId === reader.orgId || c.submitterUserId === reader.id);
    out.push(...own.map((c) => ({ ...c, submitterOrgId: reader.orgId, pcii: PCII_STATES })));
  }
  return out;
}

/** The TLP, consent and review rules of a reader who is not a hub admin, as clauses. */
function tlpClauses(reader: Reader): VisibilityClause[] {
  const consents = attributionConsents(reader);
  // Clauses not bound to the reader's own organisation pass held versions to reviewers only.
  const held = reader.reviewer === true ? {} : { releasedOnly: true as const };
  const guarded = (c: Omit<VisibilityClause, 'sourceIdentityConsents'>): VisibilityClause => ({
    ...c,
    sourceIdentityConsents: consents,
    ...held,
  });
  const shared =
    reader.orgClass === 'provider'
      ? (['clear', 'green'] as const)
      : (['clear', 'green', 'amber', 'amber+strict'] as const);
  const anyOf: VisibilityClause[] = [guarded({ tlps: shared })];
  if (reader.orgClass === 'provider') anyOf.push(guarded({ tlps: ['amber'], providersAllowed: true }));
  anyOf.push({ tlps: ['clear', 'green', 'amber', 'amber+strict'], submitterOrgId: reader.orgId });
  if (reader.kind === 'user') {
    // The submitting user is of the reader's own organisation, so its identity is no secret to it.
    anyOf.push(
      { tlps: ['red'], submitterUserId: reader.id },
      { tlps: ['red'], recipient: reader.id, submitterOrgId: reader.orgId },
      guarded({ tlps: ['red'], recipient: reader.id }),
    );
  }
  return anyOf;
}

/** {@link seesAttribution} compiled for the store; `undefined` for hub admins. */
export function compileAttribution(reader: Reader): AttributionFilter | undefined {
  if (reader.hubAdmin) return undefined;
  return { consents: attributionConsents(reader), submitterOrgId: reader.orgId };
}

/** Consent levels under which this reader may see the submitter. */
function attributionConsents(reader: Reader): ConsentLevel[] {
  return reader.orgClass === 'government' ? ['government', 'everyone'] : ['everyone'];
}

/**
 * What may leave the hub in an export or a feed (DESIGN.md §3): never TLP:RED, never content
 * held for review, never a protected (PCII) version (the clause names no PCII state),
 * whoever asks; provenance stays with the operator who runs the export.
 */
export function compileExportVisibility(): VisibilityFilter {
  return { anyOf: [{ tlps: ['clear', 'green', 'amber', 'amber+strict'], releasedOnly: true }] };
}
