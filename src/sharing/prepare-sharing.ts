import type { ConsentLevel, TlpLevel } from '../core/index.js';
import { anonymiseJson } from './anonymise.js';
import { consentFromAisLabels, stricterConsent } from './consent.js';
import type { SharingEnvelope } from './sharing-envelope.js';
import { effectiveTlp } from './tlp.js';

/** Who submits, and under which community rules. */
export interface SubmissionContext {
  readonly submitterOrgId: string;
  readonly submitterUserId?: string;
  /** The submitting organisation's registered STIX identity. */
  readonly submitterIdentityId: string;
  readonly hubIdentityId: string;
  readonly communityDefaultTlp: TlpLevel;
  /** Consent given with the submission; else AIS labels; else the organisation default. */
  readonly consent?: ConsentLevel;
  readonly organisationConsent: ConsentLevel;
  readonly providersAllowed: boolean;
  /** User ids named as recipients of RED content. */
  readonly recipients: readonly string[];
}

export interface SharedObject {
  readonly envelope: SharingEnvelope;
  /** The body for readers who may not see the submitter; undefined when it names none. */
  readonly anonymisedJson?: string;
}

/**
 * The sharing envelope of every object of one submission (DESIGN.md §3). The submitter's
 * identities are its registered identity and any identity object of the submission that
 * carries AIS consent labels; consent comes from the submission, else from those labels
 * (strictest wins), else from the organisation's default.
 */
export function prepareSharing(
  objects: readonly { readonly object: Readonly<Record<string, unknown>>; readonly json: string }[],
  ctx: SubmissionContext,
): SharedObject[] {
  const sourceIds = new Set([ctx.submitterIdentityId]);
  let labelled: ConsentLevel | undefined;
  for (const { object } of objects) {
    if (object.type !== 'identity' || typeof object.id !== 'string') continue;
    const level = consentFromAisLabels(object);
    if (level === undefined) continue;
    sourceIds.add(object.id);
    labelled = labelled === undefined ? level : stricterConsent(labelled, level);
  }
  const consent = ctx.consent ?? labelled ?? ctx.organisationConsent;
  const ids = [...sourceIds];
  return objects.map(({ object, json }) => {
    const anonymisedJson = anonymiseJson(json, ids, ctx.hubIdentityId);
    const envelope: SharingEnvelope = {
      tlp: effectiveTlp(object, ctx.communityDefaultTlp),
      submitterOrgId: ctx.submitterOrgId,
      ...(ctx.submitterUserId === undefined ? {} : { submitterUserId: ctx.submitterUserId }),
      consent,
      providersAllowed: ctx.providersAllowed,
      recipients: ctx.recipients,
      sourceIdentity: typeof object.id === 'string' && sourceIds.has(object.id),
    };
    return anonymisedJson === undefined ? { envelope } : { envelope, anonymisedJson };
  });
}
