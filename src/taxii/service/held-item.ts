import { type Principal, rolesIn } from '../../auth/index.js';
import type { HeldRecord, Role } from '../../store/index.js';

/**
 * What the decision queues (personal-data review, PCII validation) show of every held
 * version, whatever the queue: where it is and who submitted it.
 */
export interface HeldItemFields {
  readonly id: string;
  readonly community_id: string;
  readonly collection_id: string;
  readonly status_id: string;
  readonly object_id: string;
  readonly version: string;
  readonly submitter_org_id: string;
}

/** The fields of {@link HeldItemFields} from a queue record. */
export function heldItemFields(r: HeldRecord): HeldItemFields {
  return {
    id: r.id,
    community_id: r.communityId,
    collection_id: r.collectionId,
    status_id: r.statusId,
    object_id: r.stixId,
    version: r.version,
    submitter_org_id: r.submitterOrgId,
  };
}

/**
 * Whether a person decides for a community's queue: a user (tokens never decide) of a member
 * organisation who holds `role` there.
 */
export function decidesFor(principal: Principal, communityId: string, role: Role): boolean {
  return (
    principal.kind === 'user' &&
    principal.communities.has(communityId) &&
    rolesIn(principal, communityId).has(role)
  );
}
