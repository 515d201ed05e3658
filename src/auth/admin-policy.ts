import type { Collection, Community } from '../store/store.js';
import { canSeeCommunity, collectionAccess } from './access-policy.js';
import { isHubAdmin, type Principal, rolesIn } from './principal.js';

/**
 * What a principal may do to one administrative target:
 * - `allow`: go ahead;
 * - `forbidden` (403): the caller can already see the target through TAXII, so refusing
 *   openly reveals nothing new;
 * - `hidden` (404): the caller cannot see the target, so it is answered exactly as if it
 *   did not exist (the TAXII routes do the same for API roots and collections, checklist
 *   A6/medallion), and probing names teaches nothing.
 */
export type AdminDecision = 'allow' | 'forbidden' | 'hidden';

/** Something administered: the hub itself, one community, or one collection of one. */
export type AdminTarget =
  | { readonly kind: 'hub' }
  /** The list of communities: hub admins, and anyone administering one of them. */
  | { readonly kind: 'communities'; readonly communities: readonly Community[] }
  | { readonly kind: 'community'; readonly community: Community }
  | { readonly kind: 'collection'; readonly community: Community; readonly collection: Collection };

/**
 * True when `principal` administers `community`: a hub admin, or a user holding
 * `community-admin` there (or globally) whose organisation is a member. Tokens never
 * administer anything: their scopes (`read`, `write`) are TAXII scopes only, so a leaked
 * feed token cannot change who may read what (least privilege, docs/admin-api.md).
 */
export function administersCommunity(principal: Principal, community: Community): boolean {
  if (isHubAdmin(principal)) return true;
  return (
    principal.kind === 'user' &&
    principal.communities.has(community.id) &&
    rolesIn(principal, community.id).has('community-admin')
  );
}

/**
 * The one decision for the admin API (issue 7). Hub-level targets (organisations, users,
 * tokens, creating communities) belong to hub admins only; the route is public knowledge,
 * so others get 403. Community and collection targets belong to their community's admins;
 * others get 403 when they could see the target anyway and 404 when they could not.
 */
export function adminDecision(principal: Principal, target: AdminTarget): AdminDecision {
  if (target.kind === 'hub') return isHubAdmin(principal) ? 'allow' : 'forbidden';
  if (target.kind === 'communities') {
    const any = isHubAdmin(principal) || target.communities.some((c) => administersCommunity(principal, c));
    return any ? 'allow' : 'forbidden';
  }
  if (administersCommunity(principal, target.community)) return 'allow';
  if (target.kind === 'community')
    return canSeeCommunity(principal, target.community) ? 'forbidden' : 'hidden';
  const access = collectionAccess(principal, target.community, target.collection);
  return access.canRead || access.canWrite ? 'forbidden' : 'hidden';
}
