import { isHubAdmin, type Principal } from '../../auth/index.js';
import { HubError } from '../../core/index.js';
import type { TaxiiResponse } from '../resources.js';
import { resolveCommunity } from './resolve.js';
import { toStatusResource } from './status-resource.js';
import type { TaxiiDeps } from './taxii-deps.js';

/**
 * TAXII 2.1 §4.3 Get Status. A status tells what another organisation submitted, so only
 * the submitting organisation and hub admins may read it; to anyone else it does not exist.
 */
export async function getStatus(
  deps: TaxiiDeps,
  principal: Principal,
  root: string,
  statusId: string,
): Promise<TaxiiResponse> {
  const community = await resolveCommunity(deps, principal, root);
  const record = await deps.store.statuses.get(community.id, statusId);
  if (record === undefined || (record.submitterOrgId !== principal.orgId && !isHubAdmin(principal))) {
    throw new HubError('CAIRN_STATUS_NOT_FOUND', `Cannot find status "${statusId.slice(0, 80)}"`);
  }
  return { status: 200, body: JSON.stringify(toStatusResource(record)) };
}
