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
  return visibleCommunity(principal, root, await deps.store.tenancy.findCommunity(root));
}

function visibleCommunity(principal: Principal, root: string, community: Community | undefined): Community {
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
  // One store call for both (one round trip on PostgreSQL): this starts every collection request.
  const path = await deps.store.tenancy.findCollectionPath(root, collectionId);
  const community = visibleCommunity(principal, root, path?.community);
  const collection = path?.collection;
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
