import { type AuditActor, type AuditLog, OPERATOR } from '../audit/index.js';
import type { AdminService } from './admin-service.js';
import { auditedCalls } from './audited-call.js';

/**
 * The admin service with every mutation audited (docs/audit.md): organisations, users,
 * tokens, client certificates, communities, membership and collections, successful or refused. Reads pass
 * through unaudited, and so do methods added to AdminService later until they are listed
 * here. `actor` is the console operator for the CLI; the admin API passes the principal.
 * Details are built from the arguments by hand, so a password or a token's secret is
 * never among them.
 */
export function withAdminAudit(
  admin: AdminService,
  audit: AuditLog,
  actor: AuditActor = OPERATOR,
): AdminService {
  const audited = auditedCalls(audit, actor);

  return {
    ...admin,
    addOrganisation: (name, orgClass) =>
      audited(
        'org.add',
        { name, orgClass },
        () => admin.addOrganisation(name, orgClass),
        (o) => ({ orgId: o.id }),
      ),
    addUser: (name, options) =>
      audited(
        'user.add',
        { name, org: options.org, roles: [...options.roles], pciiCertified: options.pciiCertified ?? false },
        () => admin.addUser(name, options),
        (u) => ({ userId: u.id, orgId: u.orgId }),
      ),
    removeUser: (name) => audited('user.remove', { name }, () => admin.removeUser(name)),
    createToken: (options) =>
      audited(
        'token.create',
        {
          org: options.org,
          scope: options.scope,
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }),
        },
        () => admin.createToken(options),
        (t) => ({ tokenId: t.record.id, orgId: t.record.orgId }),
      ),
    revokeToken: (id) =>
      audited(
        'token.revoke',
        {},
        () => admin.revokeToken(id),
        () => ({ tokenId: id }),
      ),
    addCertificate: (options) =>
      audited(
        'certificate.add',
        {
          org: options.org,
          fingerprint: options.fingerprint.slice(0, 200),
          scope: options.scope,
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }),
        },
        () => admin.addCertificate(options),
        (c) => ({ certificateId: c.id, orgId: c.orgId }),
      ),
    revokeCertificate: (idOrFingerprint) =>
      audited(
        'certificate.revoke',
        { certificate: idOrFingerprint.slice(0, 200) },
        () => admin.revokeCertificate(idOrFingerprint),
        (c) => ({ certificateId: c.id, orgId: c.orgId }),
      ),
    addCommunity: (name, options) =>
      audited(
        'community.add',
        { name, kind: options.kind ?? 'isac', defaultTlp: options.defaultTlp ?? 'amber' },
        () => admin.addCommunity(name, options),
        (c) => ({ communityId: c.id }),
      ),
    setCommunityPiiMode: (community, mode) =>
      audited(
        'community.pii-mode.set',
        { community, mode },
        () => admin.setCommunityPiiMode(community, mode),
        (c) => ({ communityId: c.id }),
      ),
    addMember: (community, org) =>
      audited('community.member.add', { community, org }, () => admin.addMember(community, org)),
    removeMember: (community, org) =>
      audited('community.member.remove', { community, org }, () => admin.removeMember(community, org)),
    addCollection: (options) =>
      audited(
        'collection.add',
        {
          community: options.community,
          title: options.title,
          ...(options.alias === undefined ? {} : { alias: options.alias }),
          read: [...options.read],
          write: [...options.write],
        },
        () => admin.addCollection(options),
        (c) => ({ collectionId: c.id, communityId: c.communityId }),
      ),
  };
}
