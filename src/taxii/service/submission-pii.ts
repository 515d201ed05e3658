import { randomUUID } from 'node:crypto';
import {
  createPiiDetector,
  findingKinds,
  type PiiContext,
  type PiiFinding,
  prepareSharing,
  redactPii,
  type SharedObject,
  type SubmissionContext,
} from '../../sharing/index.js';
import type { Organisation, PiiMode, PreparedObject } from '../../store/store.js';

/** A valid object before the sharing rules give it an envelope. */
export type Unshared = Omit<PreparedObject, 'envelope' | 'anonymisedJson' | 'statusMessage' | 'review'>;

/**
 * Applies the sharing rules and the community's personal-data policy (DESIGN.md §3) to the
 * valid objects of one submission. Each object is examined once. `redact`: the redacted
 * object is what is stored, and its status entry names the kinds redacted (never the
 * values). `hold`: the object is stored as submitted but `held`, with a review ticket
 * carrying the findings and the redacted bodies a `redact` decision would release. `off`:
 * nothing is examined.
 */
export function prepareSubmission(
  valid: readonly Unshared[],
  sharing: SubmissionContext,
  policy: { readonly mode: PiiMode; readonly context: PiiContext },
): PreparedObject[] {
  const share = (list: readonly Unshared[]) => prepareSharing(list, sharing);
  if (policy.mode === 'off') return merge(valid, share(valid));
  const detector = createPiiDetector(policy.context);
  const findings = valid.map((v) => detector.detect(v.object));
  const redacted = valid.map((v, i) => redactUnshared(v, findings[i] ?? []));
  if (policy.mode === 'redact') {
    return merge(redacted, share(redacted)).map((p, i) => {
      const found = findings[i] ?? [];
      return found.length === 0 ? p : { ...p, statusMessage: `Personal data redacted: ${describe(found)}` };
    });
  }
  const sharedRedacted = share(redacted);
  return merge(valid, share(valid)).map((p, i) => {
    const found = findings[i] ?? [];
    if (found.length === 0) return p;
    const anon = (sharedRedacted[i] as SharedObject).anonymisedJson;
    return {
      ...p,
      envelope: { ...p.envelope, reviewState: 'held' },
      statusMessage: `Held for personal-data review: ${describe(found)}`,
      review: {
        id: randomUUID(),
        findings: found,
        redactedJson: (redacted[i] as Unshared).json,
        ...(anon === undefined ? {} : { redactedAnonymisedJson: anon }),
      },
    };
  });
}

/**
 * What the own-organisation detector looks for: the organisation's registered name, the
 * names of its identity objects in the submission, and the domains of the e-mail addresses
 * those identities give as contact.
 */
export function submitterPiiContext(org: Organisation, objects: readonly Unshared[]): PiiContext {
  const names = new Set([org.name]);
  const domains = new Set<string>();
  for (const { object } of objects) {
    if (object.type !== 'identity' || object.id !== org.identityId) continue;
    if (typeof object.name === 'string') names.add(object.name);
    const contact = typeof object.contact_information === 'string' ? object.contact_information : '';
    for (const m of contact.matchAll(/@([A-Za-z0-9.-]{1,253})/g)) domains.add((m[1] as string).toLowerCase());
  }
  return { ownNames: [...names], ownDomains: [...domains] };
}

function merge(list: readonly Unshared[], shared: readonly SharedObject[]): PreparedObject[] {
  return list.map((v, i) => ({ ...v, ...(shared[i] as SharedObject) }));
}

function redactUnshared(v: Unshared, findings: readonly PiiFinding[]): Unshared {
  if (findings.length === 0) return v;
  const object = redactPii(v.object, findings);
  return { ...v, object, json: JSON.stringify(object) };
}

function describe(findings: readonly PiiFinding[]): string {
  return findingKinds(findings).join(', ');
}
