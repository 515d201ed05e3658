import type { ClientCertificate } from '../store.js';
import type { Row } from './tenancy-rows.js';

/**
 * The SQL of registered client certificates (issue 7), shared by every SQL adapter (`?`
 * placeholders; the PostgreSQL adapter renumbers them).
 */

/**
 * Migration 8. A fingerprint is unique among unrevoked certificates only, so a certificate
 * that was revoked by mistake can be registered again; authentication looks it up there.
 */
export function clientCertificateMigrationSql(dialect: 'sqlite' | 'postgres'): string {
  const big = dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
  return `
CREATE TABLE client_certificates (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations(id), name TEXT NOT NULL,
  fingerprint TEXT NOT NULL, scope TEXT NOT NULL, created_at ${big} NOT NULL,
  expires_at ${big}, revoked_at ${big});
CREATE UNIQUE INDEX client_certificates_active ON client_certificates (fingerprint)
  WHERE revoked_at IS NULL;
CREATE INDEX client_certificates_org ON client_certificates (org_id);
`;
}

export const INSERT_CLIENT_CERTIFICATE_SQL = `INSERT INTO client_certificates
  (id, org_id, name, fingerprint, scope, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

export const FIND_CLIENT_CERTIFICATE_SQL =
  'SELECT * FROM client_certificates WHERE fingerprint = ? AND revoked_at IS NULL';

export const REVOKE_CLIENT_CERTIFICATE_SQL =
  'UPDATE client_certificates SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL';

/**
 * Oldest first; two parameters, both the organisation id or both null. PostgreSQL orders
 * ids with COLLATE "C" so both engines list ties in the same (byte) order.
 */
export function listClientCertificatesSql(dialect: 'sqlite' | 'postgres'): string {
  const collate = dialect === 'postgres' ? ' COLLATE "C"' : '';
  return `SELECT * FROM client_certificates WHERE CAST(? AS TEXT) IS NULL OR org_id = ?
  ORDER BY created_at, id${collate}`;
}

/** The insert's parameters, in the order of INSERT_CLIENT_CERTIFICATE_SQL. */
export function clientCertificateParams(c: ClientCertificate): unknown[] {
  return [
    c.id,
    c.orgId,
    c.name,
    c.fingerprint,
    c.scope,
    c.createdAt,
    c.expiresAt ?? null,
    c.revokedAt ?? null,
  ];
}

export function toClientCertificate(r: Row): ClientCertificate {
  return {
    id: r.id as string,
    orgId: r.org_id as string,
    name: r.name as string,
    fingerprint: r.fingerprint as string,
    scope: r.scope as ClientCertificate['scope'],
    createdAt: r.created_at as number,
    ...(r.expires_at === null ? {} : { expiresAt: r.expires_at as number }),
    ...(r.revoked_at === null ? {} : { revokedAt: r.revoked_at as number }),
  };
}
