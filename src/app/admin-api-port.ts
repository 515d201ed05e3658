import type { AuditLog } from '../audit/index.js';
import type { CredentialEnv, PeerAdmin } from '../federation/index.js';
import type { HttpDeps } from '../http/index.js';
import type { AdminService } from './admin-service.js';
import { withAdminAudit } from './audited-admin-service.js';
import { withPeerAudit } from './audited-peer-admin.js';

/**
 * What the admin API calls (http/routes/admin-api-port.ts): the admin service and the peer
 * verbs, each change audited as done by the calling principal, and each refusal. Manual
 * pulls read `env:` credential references from `env`, the environment of the server.
 */
export function createAdminApiPort(deps: {
  readonly admin: AdminService;
  readonly peers: PeerAdmin;
  readonly audit: AuditLog;
  readonly env: CredentialEnv;
}): NonNullable<HttpDeps['admin']> {
  const { admin, peers, audit, env } = deps;
  return {
    as: (actor) => {
      const auditedPeers = withPeerAudit(peers, audit, actor);
      return {
        ...withAdminAudit(admin, audit, actor),
        peers: { ...auditedPeers, pull: (name, options) => auditedPeers.pull(name, { ...options, env }) },
      };
    },
    refused: (actor, details) => audit.recordSoon({ event: 'admin.refused', actor, details }),
  };
}
