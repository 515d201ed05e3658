import { type Principal, toReader } from '../../auth/index.js';
import { HubError } from '../../core/index.js';
import {
  type AttributionFilter,
  compileAttribution,
  compileVisibility,
  type VisibilityFilter,
} from '../../sharing/index.js';
import { formatMicros, isStixId } from '../../stix/index.js';
import type { ObjectQuery, Page, StoredVersion } from '../../store/store.js';
import { STIX_MEDIA_TYPE } from '../media-types.js';
import { type FilterSet, parseObjectQuery, type RawQuery } from '../parse-object-query.js';
import type { TaxiiResponse } from '../resources.js';
import { nextCursor, type PagedEndpoint, type PageScope, toStoreQuery } from './page-query.js';
import { auditProtectedReads } from './pcii-audit.js';
import { resolveCollection } from './resolve.js';
import type { TaxiiDeps } from './taxii-deps.js';

export interface ReadRequest {
  readonly principal: Principal;
  readonly root: string;
  readonly collectionId: string;
  readonly objectId?: string;
  readonly query: RawQuery;
}

const FILTERS: Record<PagedEndpoint, FilterSet> = {
  objects: 'objects',
  manifest: 'objects',
  object: 'object',
  versions: 'versions',
};

/** TAXII 2.1 §5.4 Get Objects and §5.6 Get an Object: an envelope of stored JSON bodies. */
export function getObjects(deps: TaxiiDeps, req: ReadRequest): Promise<TaxiiResponse> {
  return readPage(
    deps,
    req,
    req.objectId === undefined ? 'objects' : 'object',
    async (collectionId, query) => {
      const page = await deps.store.objects.query(collectionId, query);
      // Bodies are joined as stored: no parse/serialise round trip per object (DESIGN.md §6).
      return {
        page,
        list: page.items.length === 0 ? undefined : `"objects":[${page.items.map((o) => o.json).join(',')}]`,
      };
    },
  );
}

/** TAXII 2.1 §5.3 Get Object Manifests: one record per object version. */
export function getManifest(deps: TaxiiDeps, req: ReadRequest): Promise<TaxiiResponse> {
  return readPage(deps, req, 'manifest', async (collectionId, query) => {
    const page = await deps.store.objects.manifest(collectionId, query);
    const records = page.items.map((v) => ({
      id: v.stixId,
      date_added: formatMicros(v.dateAdded),
      version: v.version,
      media_type: mediaTypeOf(v.specVersion),
    }));
    return { page, list: records.length === 0 ? undefined : `"objects":${JSON.stringify(records)}` };
  });
}

/** TAXII 2.1 §5.8 Get Object Versions: version strings in added order (checklist A11). */
export function getVersions(deps: TaxiiDeps, req: ReadRequest): Promise<TaxiiResponse> {
  return readPage(deps, req, 'versions', async (collectionId, query) => {
    const page = await deps.store.objects.manifest(collectionId, query);
    const versions = page.items.map((v) => v.version);
    return { page, list: versions.length === 0 ? undefined : `"versions":${JSON.stringify(versions)}` };
  });
}

async function readPage(
  deps: TaxiiDeps,
  req: ReadRequest,
  endpoint: PagedEndpoint,
  fetch: (
    collectionId: string,
    query: ObjectQuery,
  ) => Promise<{ page: Page<StoredVersion>; list: string | undefined }>,
): Promise<TaxiiResponse> {
  const { collection } = await resolveCollection(deps, req.principal, req.root, req.collectionId, 'read');
  const parsed = parseObjectQuery(req.query, FILTERS[endpoint], deps.limits);
  const scope: PageScope = {
    collectionId: collection.id,
    endpoint,
    principal: req.principal,
    ...(req.objectId === undefined ? {} : { objectId: req.objectId }),
  };
  const sharing = sharingFilters(req.principal, collection.communityId);
  const base = { ...toStoreQuery(deps, scope, parsed), ...sharing };
  const query = req.objectId === undefined ? base : { ...base, ids: [req.objectId] };
  if (req.objectId !== undefined) requireStixId(req.objectId);
  const { page, list } = await fetch(collection.id, query);
  if (req.objectId !== undefined && page.items.length === 0 && parsed.next === undefined) {
    await requireObject(deps, collection.id, req.objectId, sharing.visibility);
  }
  await auditProtectedReads(deps, req.principal, scope, page.items);
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  const parts = [`"more":${page.more}`];
  if (page.more && last !== undefined)
    parts.push(`"next":${JSON.stringify(nextCursor(deps, scope, parsed, query, last))}`);
  if (list !== undefined) parts.push(list);
  // Checklist A1: on an empty page there is no first/last date_added, so both headers are left out.
  const headers =
    first === undefined || last === undefined
      ? undefined
      : {
          'X-TAXII-Date-Added-First': formatMicros(first.dateAdded),
          'X-TAXII-Date-Added-Last': formatMicros(last.dateAdded),
        };
  return { status: 200, body: `{${parts.join(',')}}`, ...(headers === undefined ? {} : { headers }) };
}

/** An id that is not a STIX id names no object: 404 without asking the store. */
function requireStixId(objectId: string): void {
  if (!isStixId(objectId))
    throw new HubError('CAIRN_OBJECT_NOT_FOUND', `Cannot find object "${clip(objectId)}"`);
}

/**
 * Checklist A4: an unknown object id is a 404; an object whose versions the filters remove
 * is an empty envelope. Asked only when the first page came back empty: a version on the
 * page proves the object exists, so the common case costs one store call, not two. Later
 * pages (with `next`) skip the check: the object was there.
 */
async function requireObject(
  deps: TaxiiDeps,
  collectionId: string,
  objectId: string,
  visibility: VisibilityFilter | undefined,
): Promise<void> {
  // An object the caller may not see does not exist for it (no 404-versus-empty probing).
  if (!(await deps.store.objects.exists(collectionId, objectId, visibility))) {
    throw new HubError('CAIRN_OBJECT_NOT_FOUND', `Cannot find object "${objectId}"`);
  }
}

/** The sharing rules for this caller reading a collection of `communityId`, as store filters (no attribution filter for hub admins). */
export function sharingFilters(
  principal: Principal,
  communityId: string,
): {
  visibility?: VisibilityFilter;
  attribution?: AttributionFilter;
} {
  const reader = toReader(principal, communityId);
  const visibility = compileVisibility(reader);
  const attribution = compileAttribution(reader);
  return {
    ...(visibility === undefined ? {} : { visibility }),
    ...(attribution === undefined ? {} : { attribution }),
  };
}

export function mediaTypeOf(specVersion: string): string {
  return specVersion === '2.1' ? STIX_MEDIA_TYPE : `application/stix+json;version=${specVersion}`;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
