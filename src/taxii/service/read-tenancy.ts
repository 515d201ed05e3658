import { canSeeCommunity, collectionAccess, type Principal } from '../../auth/index.js';
import type { Collection, Community } from '../../store/store.js';
import { STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE } from '../media-types.js';
import type { ApiRootResource, CollectionResource, Discovery, TaxiiResponse } from '../resources.js';
import { resolveCollection, resolveCommunity } from './resolve.js';
import type { TaxiiDeps } from './taxii-deps.js';

const ok = (resource: unknown): TaxiiResponse => ({ status: 200, body: JSON.stringify(resource) });

/** TAXII 2.1 §4.1 Server Discovery: the API roots this caller may see, as relative URLs (T101). */
export async function getDiscovery(deps: TaxiiDeps, principal: Principal): Promise<TaxiiResponse> {
  const visible = (await deps.store.tenancy.listCommunities()).filter((c) => canSeeCommunity(principal, c));
  const roots = visible.map((c) => `/${c.name}/`);
  const preferred =
    deps.discovery.defaultApiRoot === undefined ? undefined : `/${deps.discovery.defaultApiRoot}/`;
  // T099: `default` must be one of `api_roots`; with none visible, there is no default.
  const defaultRoot = preferred !== undefined && roots.includes(preferred) ? preferred : roots[0];
  const resource: Discovery = {
    title: deps.discovery.title,
    ...(deps.discovery.description === undefined ? {} : { description: deps.discovery.description }),
    ...(deps.discovery.contact === undefined ? {} : { contact: deps.discovery.contact }),
    ...(defaultRoot === undefined ? {} : { default: defaultRoot }),
    ...(roots.length === 0 ? {} : { api_roots: roots }),
  };
  return ok(resource);
}

/** TAXII 2.1 §4.2 Get API Root Information. */
export async function getApiRoot(
  deps: TaxiiDeps,
  principal: Principal,
  root: string,
): Promise<TaxiiResponse> {
  const community = await resolveCommunity(deps, principal, root);
  const resource: ApiRootResource = {
    title: community.title,
    ...(community.description === undefined ? {} : { description: community.description }),
    // T103: media types with their version parameter, never a bare "2.1".
    versions: [TAXII_MEDIA_TYPE],
    max_content_length: community.maxContentLength,
  };
  return ok(resource);
}

/** TAXII 2.1 §5.1 Get Collections: those the caller can read or write, in creation order (T063). */
export async function getCollections(
  deps: TaxiiDeps,
  principal: Principal,
  root: string,
): Promise<TaxiiResponse> {
  const community = await resolveCommunity(deps, principal, root);
  const resources = (await deps.store.tenancy.listCollections(community.id))
    .map((c) => toCollectionResource(principal, community, c))
    .filter((r) => r.can_read || r.can_write);
  return ok(resources.length === 0 ? {} : { collections: resources });
}

/** TAXII 2.1 §5.2 Get a Collection. */
export async function getCollection(
  deps: TaxiiDeps,
  principal: Principal,
  root: string,
  collectionId: string,
): Promise<TaxiiResponse> {
  const { community, collection } = await resolveCollection(
    deps,
    principal,
    root,
    collectionId,
    'read-or-write',
  );
  return ok(toCollectionResource(principal, community, collection));
}

function toCollectionResource(principal: Principal, community: Community, c: Collection): CollectionResource {
  const access = collectionAccess(principal, community, c);
  return {
    id: c.id,
    title: c.title,
    ...(c.description === undefined ? {} : { description: c.description }),
    ...(c.alias === undefined ? {} : { alias: c.alias }),
    can_read: access.canRead,
    can_write: access.canWrite,
    media_types: [STIX_MEDIA_TYPE],
  };
}
