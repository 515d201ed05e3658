import type { ConsentLevel } from '../core/index.js';
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
 */
export function canReceive(reader: Reader, e: SharingEnvelope): boolean {
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

/** {@link canReceive} compiled into a store filter; `undefined` for hub admins. */
export function compileVisibility(reader: Reader): VisibilityFilter | undefined {
  if (reader.hubAdmin) return undefined;
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
  return { anyOf };
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
 * held for review, whoever asks; provenance stays with the operator who runs the export.
 */
export function compileExportVisibility(): VisibilityFilter {
  return { anyOf: [{ tlps: ['clear', 'green', 'amber', 'amber+strict'], releasedOnly: true }] };
}
