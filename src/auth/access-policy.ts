import type { Collection, Community, Grant } from '../store/store.js';
import { isHubAdmin, type Principal, rolesIn } from './principal.js';

export interface CollectionAccess {
  readonly canRead: boolean;
  readonly canWrite: boolean;
}

/**
 * The one source of truth for collection permissions: it fills `can_read`/`can_write` in
 * collection resources and gates every endpoint, so the two cannot disagree.
 */
export function canSeeCommunity(principal: Principal, community: Community): boolean {
  return isHubAdmin(principal) || principal.communities.has(community.id);
}

export function collectionAccess(
  principal: Principal,
  community: Community,
  collection: Collection,
): CollectionAccess {
  if (collection.communityId !== community.id || !canSeeCommunity(principal, community)) {
    return { canRead: false, canWrite: false };
  }
  if (isHubAdmin(principal)) return { canRead: true, canWrite: true };
  const roles = rolesIn(principal, community.id);
  const member = principal.communities.has(community.id);
  const matches = (g: Grant): boolean => {
    switch (g.kind) {
      case 'members':
        return member;
      case 'role':
        return roles.has(g.role);
      case 'org':
        return g.orgId === principal.orgId;
    }
  };
  const admin = roles.has('community-admin');
  const canRead = admin || collection.readGrants.some(matches);
  const mayWrite = principal.kind === 'user' || principal.tokenScope === 'write';
  const canWrite = mayWrite && (admin || collection.writeGrants.some(matches));
  return { canRead, canWrite };
}
