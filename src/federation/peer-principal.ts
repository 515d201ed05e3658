import type { Principal } from '../auth/index.js';
import { HubError } from '../core/index.js';
import type { Peer, Store } from '../store/store.js';

/**
 * The principal a peer submits as (DESIGN.md "A peer is a principal too"): a machine of the
 * peer's organisation, so its content is attributed to that organisation and never reaches
 * RED or protected handling meant for people. The operator's `cairn peer add` is its grant:
 * it may write the peer's local collection, and is used for nothing else.
 * @throws HubError CAIRN_NOT_FOUND when the organisation was removed.
 */
export async function peerPrincipal(store: Store, peer: Peer, communityId: string): Promise<Principal> {
  const org = await store.tenancy.findOrganisation(peer.orgId);
  if (org === undefined || org.id !== peer.orgId) {
    throw new HubError('CAIRN_NOT_FOUND', `The organisation of peer "${peer.name}" no longer exists`);
  }
  return {
    kind: 'token',
    id: `peer:${peer.id}`,
    name: `peer:${peer.name}`,
    orgId: org.id,
    orgClass: org.orgClass,
    roles: [{ role: 'community-admin', communityId }],
    communities: new Set([...(await store.tenancy.memberships(org.id)), communityId]),
    pciiCertified: false,
    tokenScope: 'write',
  };
}
