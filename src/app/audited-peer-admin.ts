import { type AuditActor, type AuditLog, OPERATOR } from '../audit/index.js';
import type { PeerAdmin } from '../federation/index.js';
import type { PeerRecord } from '../store/index.js';
import { auditedCalls } from './audited-call.js';

const peerTarget = (p: PeerRecord) => ({ peerId: p.id, collectionId: p.collectionId, orgId: p.orgId });

/**
 * The peer verbs with `peer.add` and `peer.remove` audited as done by `actor` (docs/audit.md):
 * the console operator for `cairn peer`, the calling principal for the admin API. Details
 * hold the credential reference and the auth scheme, never a secret (the peer stores none).
 * A pull changes no setting and records its outcome on the peer itself, so it is not audited.
 */
export function withPeerAudit(peers: PeerAdmin, audit: AuditLog, actor: AuditActor = OPERATOR): PeerAdmin {
  const audited = auditedCalls(audit, actor);
  return {
    ...peers,
    add: (input) =>
      audited(
        'peer.add',
        { name: input.name, url: input.url, collection: input.remoteCollectionId },
        () => peers.add(input),
        peerTarget,
        (p) => ({ credential: p.credentialRef, auth: p.auth.scheme }),
      ),
    remove: (name) =>
      audited(
        'peer.remove',
        { name },
        () => peers.remove(name),
        peerTarget,
        (p) => ({ url: p.apiRootUrl }),
      ),
  };
}
