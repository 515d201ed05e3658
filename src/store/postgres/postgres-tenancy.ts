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
import {
  COLLECTION_COLUMNS,
  COMMUNITY_COLUMNS,
  ORG_COLUMNS,
  type Row,
  toCollection,
  toCommunity,
  toOrg,
  toToken,
  toUser,
} from '../sql/tenancy-rows.js';
import type { PrincipalKind, TenancyRepository } from '../store.js';
import { type PgQueryable, toPgPlaceholders } from './pg-database.js';

/**
 * The PostgreSQL TenancyRepository: the same tables and row shapes as the SQLite adapter
 * (roles and grants as JSON text), so `migrate-store` can copy rows as they are.
 */
export function createPgTenancy(db: PgQueryable): TenancyRepository {
  // The lookups of the request path name their columns instead of `*`, so they stay prepared
  // (pg-database.ts); listings and writes keep the short form.
  const all = async <T>(sql: string, map: (r: Row) => T, ...args: unknown[]) =>
    (await db.query<Row>(sql, args)).rows.map(map);
  const one = async <T>(sql: string, map: (r: Row) => T, ...args: unknown[]) => {
    const row = (await db.query<Row>(sql, args)).rows[0];
    return row === undefined ? undefined : map(row);
  };
  const principalSql = {
    user: toPgPlaceholders(principalFactsSql('user', 'postgres')),
    token: toPgPlaceholders(principalFactsSql('token', 'postgres')),
    certificate: toPgPlaceholders(principalFactsSql('certificate', 'postgres')),
  } satisfies Record<PrincipalKind, string>;
  const run = async (sql: string, ...args: unknown[]) => void (await db.query(sql, args));
  const changed = async (sql: string, ...args: unknown[]) => ((await db.query(sql, args)).rowCount ?? 0) > 0;

  return {
    addOrganisation: (o) =>
      run(
        'INSERT INTO organisations (id, name, org_class, identity_id, default_consent, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        o.id,
        o.name,
        o.orgClass,
        o.identityId,
        o.defaultConsent ?? 'none',
        o.createdAt,
      ),
    listOrganisations: () => all('SELECT * FROM organisations ORDER BY created_at, id COLLATE "C"', toOrg),
    findOrganisation: (key) =>
      one(`SELECT ${ORG_COLUMNS.join(', ')} FROM organisations WHERE id = $1 OR name = $1`, toOrg, key),

    addUser: (u) =>
      run(
        'INSERT INTO users (id, name, org_id, roles, pcii_certified, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        u.id,
        u.name,
        u.orgId,
        JSON.stringify(u.roles),
        +u.pciiCertified,
        u.passwordHash,
        u.createdAt,
      ),
    listUsers: () => all('SELECT * FROM users ORDER BY created_at, id COLLATE "C"', toUser),
    findUser: (key) => one('SELECT * FROM users WHERE id = $1 OR name = $1', toUser, key),
    removeUser: (id) => changed('DELETE FROM users WHERE id = $1', id),
    setUserPassword: (id, hash) => run('UPDATE users SET password_hash = $1 WHERE id = $2', hash, id),

    loadPrincipalFacts: (kind, id) => one(principalSql[kind], (r) => toPrincipalFacts(kind, r), id),

    addToken: (t) =>
      run(
        'INSERT INTO tokens (id, org_id, name, scope, secret_hash, created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        t.id,
        t.orgId,
        t.name,
        t.scope,
        t.secretHash,
        t.createdAt,
        t.expiresAt ?? null,
        t.revokedAt ?? null,
      ),
    findToken: (id) => one('SELECT * FROM tokens WHERE id = $1', toToken, id),
    listTokens: (orgId) =>
      all(
        'SELECT * FROM tokens WHERE $1::text IS NULL OR org_id = $1 ORDER BY created_at, id COLLATE "C"',
        toToken,
        orgId ?? null,
      ),
    revokeToken: (id, at) =>
      changed('UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', at, id),

    addClientCertificate: (c) =>
      run(toPgPlaceholders(INSERT_CLIENT_CERTIFICATE_SQL), ...clientCertificateParams(c)),
    findClientCertificate: (fingerprint) =>
      one(toPgPlaceholders(FIND_CLIENT_CERTIFICATE_SQL), toClientCertificate, fingerprint),
    listClientCertificates: (orgId) =>
      all(
        toPgPlaceholders(listClientCertificatesSql('postgres')),
        toClientCertificate,
        orgId ?? null,
        orgId ?? null,
      ),
    revokeClientCertificate: (id, at) => changed(toPgPlaceholders(REVOKE_CLIENT_CERTIFICATE_SQL), at, id),

    addCommunity: (c) =>
      run(
        'INSERT INTO communities (id, name, title, description, kind, sector, default_tlp, max_content_length, created_at, pii_mode) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
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
    setCommunityPiiMode: (id, mode) =>
      changed('UPDATE communities SET pii_mode = $1 WHERE id = $2', mode, id),
    listCommunities: () => all('SELECT * FROM communities ORDER BY created_at, id COLLATE "C"', toCommunity),
    findCommunity: (key) =>
      one(
        `SELECT ${COMMUNITY_COLUMNS.join(', ')} FROM communities WHERE id = $1 OR name = $1`,
        toCommunity,
        key,
      ),
    addMember: (communityId, orgId) =>
      run(
        'INSERT INTO community_members (community_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        communityId,
        orgId,
      ),
    removeMember: (communityId, orgId) =>
      changed('DELETE FROM community_members WHERE community_id = $1 AND org_id = $2', communityId, orgId),
    // COLLATE "C": the same order as SQLite's binary collation, whatever the database locale.
    memberships: (orgId) =>
      all(
        'SELECT community_id FROM community_members WHERE org_id = $1 ORDER BY community_id COLLATE "C"',
        (r) => r.community_id as string,
        orgId,
      ),
    members: (communityId) =>
      all(
        'SELECT org_id FROM community_members WHERE community_id = $1 ORDER BY org_id COLLATE "C"',
        (r) => r.org_id as string,
        communityId,
      ),

    addCollection: (c) =>
      run(
        'INSERT INTO collections (id, community_id, title, description, alias, read_grants, write_grants, policy, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
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
    listCollections: (communityId) =>
      all(
        'SELECT * FROM collections WHERE $1::text IS NULL OR community_id = $1 ORDER BY created_at, id COLLATE "C"',
        toCollection,
        communityId ?? null,
      ),
    findCollection: (communityId, key) =>
      one(
        `SELECT ${COLLECTION_COLUMNS.join(', ')} FROM collections WHERE community_id = $1 AND (id = $2 OR alias = $2)`,
        toCollection,
        communityId,
        key,
      ),
    // PostgreSQL text cannot hold NUL (pg-database.ts): such a key names no collection, but the
    // community is still found, as with findCommunity then findCollection.
    findCollectionPath: (name, key) => {
      const match = key.includes('\u0000') ? null : key;
      return one(toPgPlaceholders(FIND_COLLECTION_PATH_SQL), toCollectionPath, match, match, name);
    },
  };
}
