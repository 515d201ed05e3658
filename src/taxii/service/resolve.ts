import {
  type CollectionAccess,
  canSeeCommunity,
  collectionAccess,
  type Principal,
} from '../../auth/index.js';
import { HubError } from '../../core/index.js';
import type { Collection, Community } from '../../store/store.js';
import type { TaxiiDeps } from './taxii-deps.js';

/**
 * The API root (community) a principal may see.
 * @throws HubError CAIRN_API_ROOT_NOT_FOUND when it does not exist or is hidden from the caller.
 */
export async function resolveCommunity(
  deps: TaxiiDeps,
  principal: Principal,
  root: string,
): Promise<Community> {
  const community = await deps.store.tenancy.findCommunity(root);
  if (community === undefined || community.name !== root || !canSeeCommunity(principal, community)) {
    throw new HubError('CAIRN_API_ROOT_NOT_FOUND', `Cannot find API root "${clip(root)}"`);
  }
  return community;
}

export type Need = 'read' | 'write' | 'delete' | 'read-or-write';

export interface ResolvedCollection {
  readonly community: Community;
  readonly collection: Collection;
  readonly access: CollectionAccess;
}

/**
 * A collection with the caller's access, checked for `need`. Collections the caller can
 * neither read nor write are not found (404); visible ones without the permission are
 * forbidden (403). DELETE needs both (TAXII 2.1 §5.7, checklist T145).
 */
export async function resolveCollection(
  deps: TaxiiDeps,
  principal: Principal,
  root: string,
  collectionId: string,
  need: Need,
): Promise<ResolvedCollection> {
  const community = await resolveCommunity(deps, principal, root);
  const collection = await deps.store.tenancy.findCollection(community.id, collectionId);
  const access =
    collection === undefined
      ? { canRead: false, canWrite: false }
      : collectionAccess(principal, community, collection);
  if (collection === undefined || (!access.canRead && !access.canWrite)) {
    throw new HubError('CAIRN_COLLECTION_NOT_FOUND', `Cannot find collection "${clip(collectionId)}"`);
  }
  const allowed = {
    read: access.canRead,
    write: access.canWrite,
    delete: access.canRead && access.canWrite,
    'read-or-write': true,
  }[need];
  if (!allowed) {
    const what = need === 'delete' ? 'read and write' : need;
    throw new HubError('CAIRN_FORBIDDEN', `The caller may not ${what} collection "${collection.id}"`);
  }
  return { community, collection, access };
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
