import { randomUUID } from 'node:crypto';
import type { Principal } from '../../auth/index.js';
import { HubError } from '../../core/index.js';
import type { Community, PiiMode, PreparedObject } from '../../store/store.js';
import type { TaxiiDeps } from './taxii-deps.js';

/**
 * DESIGN.md §1 "PCII": the organisation submits, so any principal of a MEMBER organisation
 * of the community with a write grant may make a protected submission: its users and its
 * tokens alike. Principals writing from outside the community (a hub admin's own
 * organisation, the console operator) may not, and neither may anyone on a hub without an
 * encryption key: nothing protected is ever stored in the clear.
 *
 * @throws HubError CAIRN_FORBIDDEN
 */
export function checkProtectedSubmission(deps: TaxiiDeps, principal: Principal, community: Community): void {
  if (!principal.communities.has(community.id)) {
    throw new HubError(
      'CAIRN_FORBIDDEN',
      'Only member organisations of the community may make protected (PCII) submissions',
    );
  }
  if (!deps.store.pcii.encrypts) {
    throw new HubError(
      'CAIRN_FORBIDDEN',
      'This hub accepts no protected (PCII) submissions: no encryption key is configured',
    );
  }
}

/**
 * The personal-data mode for a submission: a protected one is never put in the review
 * queue (PCII validation is its hold, and a reviewer is not an officer), so `hold`
 * becomes `redact` for it.
 */
export function piiModeFor(mode: PiiMode, protectedSubmission: boolean): PiiMode {
  return protectedSubmission && mode === 'hold' ? 'redact' : mode;
}

/**
 * Marks every object of a protected submission: PCII state `pending` (only the submitting
 * organisation and the community's pcii-officers see it), a validation ticket with the
 * express statement, and `pending` in the status until an officer decides.
 */
export function protectSubmission(prepared: readonly PreparedObject[], statement: string): PreparedObject[] {
  return prepared.map((p) => ({
    ...p,
    envelope: { ...p.envelope, pcii: 'pending' },
    statusMessage:
      p.statusMessage === undefined
        ? 'Protected (PCII): awaiting validation'
        : `${p.statusMessage}; protected (PCII): awaiting validation`,
    pcii: { id: randomUUID(), statement },
  }));
}
