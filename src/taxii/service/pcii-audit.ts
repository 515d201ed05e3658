import type { Principal } from '../../auth/index.js';
import type { StoredVersion } from '../../store/store.js';
import { auditActorOf, recordDecision } from './audit-event.js';
import type { TaxiiDeps } from './taxii-deps.js';

/** The audit log keeps at most 50 items per list, so the ids travel in groups of 50. */
const GROUP = 50;

/**
 * DESIGN.md §3 "protected: every read is audited": when a response carries protected
 * versions (objects, an object, its versions, the manifest), one `pcii.read` entry names the
 * reader and every protected object id it returned, committed before the response leaves.
 */
export async function auditProtectedReads(
  deps: TaxiiDeps,
  principal: Principal,
  scope: { readonly collectionId: string; readonly endpoint: string },
  items: readonly StoredVersion[],
): Promise<void> {
  const read = items.filter((v) => v.protected === true);
  if (read.length === 0) return;
  const ids = [...new Set(read.map((v) => v.stixId))];
  const groups: Record<string, string[]> = {};
  for (let i = 0; i < ids.length; i += GROUP) groups[String(i / GROUP)] = ids.slice(i, i + GROUP);
  await recordDecision(deps, {
    event: 'pcii.read',
    actor: auditActorOf(principal),
    target: { collectionId: scope.collectionId },
    details: { endpoint: scope.endpoint, versions: read.length, objects: ids.length, ids: groups },
  });
}
