import { isHubAdmin, type Principal, rolesIn, toReader } from '../../auth/index.js';
import { HubError } from '../../core/index.js';
import { compileVisibility, type VisibilityFilter } from '../../sharing/index.js';
import { isStixId } from '../../stix/index.js';
import { parseObjectQuery, type RawQuery } from '../parse-object-query.js';
import type { TaxiiResponse } from '../resources.js';
import { sharingFilters } from './read-objects.js';
import { resolveCollection } from './resolve.js';
import type { TaxiiDeps } from './taxii-deps.js';

/**
 * TAXII 2.1 §5.7 Delete an Object: every version, or those selected by match[version] and
 * match[spec_version]. Needs both read and write (T145). Deleting nothing is a 404 (A16).
 */
export async function deleteObject(
  deps: TaxiiDeps,
  req: { principal: Principal; root: string; collectionId: string; objectId: string; query: RawQuery },
): Promise<TaxiiResponse> {
  const { community, collection } = await resolveCollection(
    deps,
    req.principal,
    req.root,
    req.collectionId,
    'delete',
  );
  const visibility = deletableBy(req.principal, community.id);
  const parsed = parseObjectQuery(req.query, 'delete', deps.limits);
  // Without match[version], every version goes (not only the latest, the read default).
  const everything = req.query['match[version]'] === undefined;
  const versions = everything ? { all: true, first: false, last: false, keys: [] } : parsed.versions;
  const removed = isStixId(req.objectId)
    ? await deps.store.objects.remove(collection.id, req.objectId, {
        ids: [req.objectId],
        versions,
        ...(parsed.specVersions === undefined
          ? { anySpecVersion: everything }
          : { specVersions: parsed.specVersions }),
        limit: 1,
        visibility,
      })
    : 0;
  if (removed === 0) {
    // Visible but not the caller's to delete is a 403; invisible or absent is a 404.
    const seen =
      !mayDeleteAny(req.principal, community.id) &&
      (await deps.store.objects.exists(
        collection.id,
        req.objectId,
        sharingFilters(req.principal, community.id).visibility,
      ));
    if (seen)
      throw new HubError(
        'CAIRN_FORBIDDEN',
        'Only the submitting organisation or an admin may delete this object',
      );
    throw new HubError('CAIRN_OBJECT_NOT_FOUND', `Cannot find object "${req.objectId.slice(0, 80)}"`);
  }
  deps.onDeleted?.(collection.id);
  return { status: 200, body: '' };
}

/**
 * What a caller may delete: hub and community admins any member's versions; everyone else
 * only the versions its own organisation submitted, and of those only what it may see. A
 * member cannot erase another member's intelligence. Nobody deletes a protected (PCII)
 * version it may not receive: a 200 instead of a 404 would reveal that it exists.
 */
function deletableBy(principal: Principal, communityId: string): VisibilityFilter {
  const reader = toReader(principal, communityId);
  if (mayDeleteAny(principal, communityId)) return compileVisibility({ ...reader, hubAdmin: true });
  const visible = compileVisibility(reader);
  // Only the own organisation's versions, but references judged by all the reader may see.
  return {
    anyOf: visible.anyOf.map((c) => ({ ...c, submitterOrgId: principal.orgId })),
    referenceTargets: visible.anyOf,
  };
}

function mayDeleteAny(principal: Principal, communityId: string): boolean {
  return isHubAdmin(principal) || rolesIn(principal, communityId).has('community-admin');
}
