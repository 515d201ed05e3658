import type { Principal } from '../../auth/index.js';
import { HubError } from '../../core/index.js';
import { isStixId } from '../../stix/index.js';
import { parseObjectQuery, type RawQuery } from '../parse-object-query.js';
import type { TaxiiResponse } from '../resources.js';
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
  const { collection } = await resolveCollection(deps, req.principal, req.root, req.collectionId, 'delete');
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
      })
    : 0;
  if (removed === 0)
    throw new HubError('CAIRN_OBJECT_NOT_FOUND', `Cannot find object "${req.objectId.slice(0, 80)}"`);
  deps.onDeleted?.(collection.id);
  return { status: 200, body: '' };
}
