import type Database from 'better-sqlite3';
import {
  clientCertificateParams,
  FIND_CLIENT_CERTIFICATE_SQL,
  INSERT_CLIENT_CERTIFICATE_SQL,
  listClientCertificatesSql,
  REVOKE_CLIENT_CERTIFICATE_SQL,
  toClientCertificate,
} from '../sql/client-certificate-sql.js';
import { FIND_COLLECTION_PATH_SQL, toCollectionPath } from '../sql/collection-path-sql.js';
import { principalFactsSql, toPrincipalFacts } from '../sql/principal-sql.js';
import { type Row, toCollection, toCommunity, toOrg, toToken, toUser } from '../sql/tenancy-rows.js';
import type { PrincipalKind, TenancyRepository } from '../store.js';
import { guarded } from './translate-sqlite-error.js';

/** The SQLite TenancyRepository: small tables, read on demand. */
export function createSqliteTenancy(db: Database.Database): TenancyRepository {
  const q = (sql: string) => db.prepare(sql);
  const st = {
    addOrg: q(
      'INSERT INTO organisations (id, name, org_class, identity_id, default_consent, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    listOrgs: q('SELECT * FROM organisations ORDER BY created_at, id'),
    findOrg: q('SELECT * FROM organisations WHERE id = ? OR name = ?'),
    addUser: q(
      'INSERT INTO users (id, name, org_id, roles, pcii_certified, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    listUsers: q('SELECT * FROM users ORDER BY created_at, id'),
    findUser: q('SELECT * FROM users WHERE id = ? OR name = ?'),
    removeUser: q('DELETE FROM users WHERE id = ?'),
    setPassword: q('UPDATE users SET password_hash = ? WHERE id = ?'),
    principal: {
      user: q(principalFactsSql('user', 'sqlite')),
      token: q(principalFactsSql('token', 'sqlite')),
      certificate: q(principalFactsSql('certificate', 'sqlite')),
    } satisfies Record<PrincipalKind, Database.Statement>,
    addToken: q(
      'INSERT INTO tokens (id, org_id, name, scope, secret_hash, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    findToken: q('SELECT * FROM tokens WHERE id = ?'),
    listTokens: q('SELECT * FROM tokens WHERE ? IS NULL OR org_id = ? ORDER BY created_at, id'),
    revokeToken: q('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    addCertificate: q(INSERT_CLIENT_CERTIFICATE_SQL),
    findCertificate: q(FIND_CLIENT_CERTIFICATE_SQL),
    listCertificates: q(listClientCertificatesSql('sqlite')),
    revokeCertificate: q(REVOKE_CLIENT_CERTIFICATE_SQL),
    setPiiMode: q('UPDATE communities SET pii_mode = ? WHERE id = ?'),
    addCommunity: q(
      'INSERT INTO communities (id, name, title, description, kind, sector, default_tlp, max_content_length, created_at, pii_mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    listCommunities: q('SELECT * FROM communities ORDER BY created_at, id'),
    findCommunity: q('SELECT * FROM communities WHERE id = ? OR name = ?'),
    addMember: q('INSERT INTO community_members (community_id, org_id) VALUES (?, ?) ON CONFLICT DO NOTHING'),
    removeMember: q('DELETE FROM community_members WHERE community_id = ? AND org_id = ?'),
    memberships: q('SELECT community_id FROM community_members WHERE org_id = ? ORDER BY community_id'),
    members: q('SELECT org_id FROM community_members WHERE community_id = ? ORDER BY org_id'),
    addCollection: q(
      'INSERT INTO collections (id, community_id, title, description, alias, read_grants, write_grants, policy, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    listCollections: q(
      'SELECT * FROM collections WHERE ? IS NULL OR community_id = ? ORDER BY created_at, id',
    ),
    findCollection: q('SELECT * FROM collections WHERE community_id = ? AND (id = ? OR alias = ?)'),
    findCollectionPath: q(FIND_COLLECTION_PATH_SQL),
  };
  const all = <T>(stmt: Database.Statement, map: (r: Row) => T, ...args: unknown[]) =>
    (stmt.all(...args) as Row[]).map(map);
  const one = <T>(stmt: Database.Statement, map: (r: Row) => T, ...args: unknown[]) => {
    const row = stmt.get(...args) as Row | undefined;
    return row === undefined ? undefined : map(row);
  };

  return {
    addOrganisation: (o) =>
      guarded(
        () =>
          void st.addOrg.run(o.id, o.name, o.orgClass, o.identityId, o.defaultConsent ?? 'none', o.createdAt),
      ),
    listOrganisations: () => guarded(() => all(st.listOrgs, toOrg)),
    findOrganisation: (key) => guarded(() => one(st.findOrg, toOrg, key, key)),

    addUser: (u) =>
      guarded(
        () =>
          void st.addUser.run(
            u.id,
            u.name,
            u.orgId,
            JSON.stringify(u.roles),
            +u.pciiCertified,
            u.passwordHash,
            u.createdAt,
          ),
      ),
    listUsers: () => guarded(() => all(st.listUsers, toUser)),
    findUser: (key) => guarded(() => one(st.findUser, toUser, key, key)),
    removeUser: (id) => guarded(() => st.removeUser.run(id).changes > 0),
    setUserPassword: (id, hash) => guarded(() => void st.setPassword.run(hash, id)),

    loadPrincipalFacts: (kind, id) =>
      guarded(() => one(st.principal[kind], (r) => toPrincipalFacts(kind, r), id)),

    addToken: (t) =>
      guarded(
        () =>
          void st.addToken.run(
            t.id,
            t.orgId,
            t.name,
            t.scope,
            t.secretHash,
            t.createdAt,
            t.expiresAt ?? null,
            t.revokedAt ?? null,
          ),
      ),
    findToken: (id) => guarded(() => one(st.findToken, toToken, id)),
    listTokens: (orgId) => guarded(() => all(st.listTokens, toToken, orgId ?? null, orgId ?? null)),
    revokeToken: (id, at) => guarded(() => st.revokeToken.run(at, id).changes > 0),

    addClientCertificate: (c) => guarded(() => void st.addCertificate.run(...clientCertificateParams(c))),
    findClientCertificate: (fingerprint) =>
      guarded(() => one(st.findCertificate, toClientCertificate, fingerprint)),
    listClientCertificates: (orgId) =>
      guarded(() => all(st.listCertificates, toClientCertificate, orgId ?? null, orgId ?? null)),
    revokeClientCertificate: (id, at) => guarded(() => st.revokeCertificate.run(at, id).changes > 0),

    addCommunity: (c) =>
      guarded(
        () =>
          void st.addCommunity.run(
            c.id,
            c.name,
            c.title,
            c.description ?? null,
            c.kind,
            c.sector ?? null,
            c.defaultTlp,
            c.maxContentLength,
            c.createdAt,
            c.piiMode ?? 'redact',
          ),
      ),
    setCommunityPiiMode: (id, mode) => guarded(() => st.setPiiMode.run(mode, id).changes > 0),
    listCommunities: () => guarded(() => all(st.listCommunities, toCommunity)),
    findCommunity: (key) => guarded(() => one(st.findCommunity, toCommunity, key, key)),
    addMember: (communityId, orgId) => guarded(() => void st.addMember.run(communityId, orgId)),
    removeMember: (communityId, orgId) => guarded(() => st.removeMember.run(communityId, orgId).changes > 0),
    memberships: (orgId) => guarded(() => all(st.memberships, (r) => r.community_id as string, orgId)),
    members: (communityId) => guarded(() => all(st.members, (r) => r.org_id as string, communityId)),

    addCollection: (c) =>
      guarded(
        () =>
          void st.addCollection.run(
            c.id,
            c.communityId,
            c.title,
            c.description ?? null,
            c.alias ?? null,
            JSON.stringify(c.readGrants),
            JSON.stringify(c.writeGrants),
            JSON.stringify(c.policy ?? {}),
            c.createdAt,
          ),
      ),
    listCollections: (communityId) =>
      guarded(() => all(st.listCollections, toCollection, communityId ?? null, communityId ?? null)),
    findCollection: (communityId, key) =>
      guarded(() => one(st.findCollection, toCollection, communityId, key, key)),
    findCollectionPath: (name, key) =>
      guarded(() => one(st.findCollectionPath, toCollectionPath, key, key, name)),
  };
}
