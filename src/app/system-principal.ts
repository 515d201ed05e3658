import type { Principal } from '../auth/index.js';
import { HubError } from '../core/index.js';
import type { Store } from '../store/index.js';

/**
 * The principal of the operator at the console (`cairn import`, `cairn export`): a hub
 * admin acting for the hub's own organisation. Never reachable over the network.
 */
export async function systemPrincipal(store: Store): Promise<Principal> {
  const identity = await store.settings.get('hub.identity');
  const org = (await store.tenancy.listOrganisations()).find((o) => o.identityId === identity);
  if (org === undefined) throw new HubError('CAIRN_INTERNAL', 'The hub has no operator organisation');
  return {
    kind: 'user',
    id: 'system',
    name: 'system',
    orgId: org.id,
    orgClass: org.orgClass,
    roles: [{ role: 'hub-admin' }],
    communities: new Set(await store.tenancy.memberships(org.id)),
    pciiCertified: false,
  };
}
