import type { PrincipalFacts, PrincipalKind } from '../store.js';
import { toClientCertificate } from './client-certificate-sql.js';
import {
  ORG_COLUMNS,
  prefixedColumns,
  type Row,
  toOrg,
  toToken,
  toUser,
  unprefixed,
} from './tenancy-rows.js';

/**
 * The one statement that loads what a request's principal is built from (auth/load-principal):
 * the user, token or certificate, its organisation and that organisation's communities. It
 * runs on every authenticated request, so on PostgreSQL it is one round trip instead of three,
 * and it names its columns (no `*`) so the adapter can keep it prepared. `?` placeholders; the
 * PostgreSQL adapter renumbers them.
 */

interface SubjectTable {
  readonly table: string;
  readonly columns: readonly string[];
  /** The condition on the subject row `s`, with one parameter. */
  readonly match: string;
}

const SUBJECTS: Record<PrincipalKind, SubjectTable> = {
  user: {
    table: 'users',
    columns: ['id', 'name', 'org_id', 'roles', 'pcii_certified', 'password_hash', 'created_at'],
    match: 's.id = ?',
  },
  token: {
    table: 'tokens',
    columns: ['id', 'org_id', 'name', 'scope', 'secret_hash', 'created_at', 'expires_at', 'revoked_at'],
    match: 's.id = ?',
  },
  // As FIND_CLIENT_CERTIFICATE_SQL: a fingerprint is unique among unrevoked certificates only.
  certificate: {
    table: 'client_certificates',
    columns: ['id', 'org_id', 'name', 'fingerprint', 'scope', 'created_at', 'expires_at', 'revoked_at'],
    match: 's.fingerprint = ? AND s.revoked_at IS NULL',
  },
};

/** Organisation columns travel under this prefix: `id`, `name`, … are the subject's own. */
const ORG = 'org__';

/**
 * The statement for one kind of subject. The inner join drops a subject whose organisation is
 * gone; memberships come as a JSON array in byte order (COLLATE "C" on PostgreSQL, SQLite's
 * binary collation), the order `memberships()` returns them in.
 */
export function principalFactsSql(kind: PrincipalKind, dialect: 'sqlite' | 'postgres'): string {
  const { table, columns, match } = SUBJECTS[kind];
  const subject = columns.map((c) => `s.${c}`).join(', ');
  const org = prefixedColumns('o', ORG_COLUMNS, ORG);
  const communities =
    dialect === 'postgres'
      ? `(SELECT coalesce(json_agg(m.community_id ORDER BY m.community_id COLLATE "C"), '[]')::text
          FROM community_members m WHERE m.org_id = o.id)`
      : `(SELECT json_group_array(m.community_id ORDER BY m.community_id)
          FROM community_members m WHERE m.org_id = o.id)`;
  return `SELECT ${subject}, ${org}, ${communities} AS ${ORG}communities
    FROM ${table} s JOIN organisations o ON o.id = s.org_id WHERE ${match}`;
}

export function toPrincipalFacts(kind: PrincipalKind, r: Row): PrincipalFacts {
  const common = {
    organisation: toOrg(unprefixed(r, ORG_COLUMNS, ORG)),
    communities: JSON.parse(r[`${ORG}communities`] as string) as string[],
  };
  if (kind === 'user') return { kind, user: toUser(r), ...common };
  if (kind === 'token') return { kind, credential: toToken(r), ...common };
  return { kind, credential: toClientCertificate(r), ...common };
}
