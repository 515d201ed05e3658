import type {
  Collection,
  CollectionPolicy,
  Community,
  Grant,
  Organisation,
  PiiMode,
  RoleGrant,
  Token,
  User,
} from '../store.js';

/** A database row as both drivers return it: column name to value. */
export type Row = Record<string, unknown>;

/**
 * Row-to-record mapping of the tenancy tables, shared by every SQL adapter: the columns are
 * the same on SQLite and PostgreSQL, and BIGINT values arrive as numbers from both.
 */
const opt = <K extends string>(key: K, value: unknown): { [P in K]?: string } =>
  (value === null || value === undefined ? {} : { [key]: value as string }) as { [P in K]?: string };

/**
 * The columns each mapper below reads. Statements that name them instead of `*` stay
 * prepared on PostgreSQL (pg-database.ts), and statements joining two tables read one of
 * them under a prefix (`prefixedColumns`, `unprefixed`).
 */
export const ORG_COLUMNS = [
  'id',
  'name',
  'org_class',
  'identity_id',
  'default_consent',
  'created_at',
] as const;
export const COMMUNITY_COLUMNS = [
  'id',
  'name',
  'title',
  'description',
  'kind',
  'sector',
  'default_tlp',
  'max_content_length',
  'created_at',
  'pii_mode',
] as const;
export const COLLECTION_COLUMNS = [
  'id',
  'community_id',
  'title',
  'description',
  'alias',
  'read_grants',
  'write_grants',
  'policy',
  'created_at',
] as const;

/** `a.c1 AS <prefix>c1, …`: a joined table's columns, apart from the other table's. */
export function prefixedColumns(alias: string, columns: readonly string[], prefix: string): string {
  return columns.map((c) => `${alias}.${c} AS ${prefix}${c}`).join(', ');
}

/** The row of a joined table read with `prefixedColumns`, under its own column names. */
export function unprefixed(r: Row, columns: readonly string[], prefix: string): Row {
  const row: Row = {};
  for (const c of columns) row[c] = r[`${prefix}${c}`];
  return row;
}

export function toOrg(r: Row): Organisation {
  return {
    id: r.id as string,
    name: r.name as string,
    orgClass: r.org_class as Organisation['orgClass'],
    identityId: r.identity_id as string,
    defaultConsent: r.default_consent as Organisation['defaultConsent'] & string,
    createdAt: r.created_at as number,
  };
}

export function toUser(r: Row): User {
  return {
    id: r.id as string,
    name: r.name as string,
    orgId: r.org_id as string,
    roles: JSON.parse(r.roles as string) as RoleGrant[],
    pciiCertified: r.pcii_certified === 1,
    passwordHash: r.password_hash as string,
    createdAt: r.created_at as number,
  };
}

export function toToken(r: Row): Token {
  return {
    id: r.id as string,
    orgId: r.org_id as string,
    name: r.name as string,
    scope: r.scope as Token['scope'],
    secretHash: r.secret_hash as string,
    createdAt: r.created_at as number,
    ...(r.expires_at === null ? {} : { expiresAt: r.expires_at as number }),
    ...(r.revoked_at === null ? {} : { revokedAt: r.revoked_at as number }),
  };
}

export function toCommunity(r: Row): Community {
  return {
    id: r.id as string,
    name: r.name as string,
    title: r.title as string,
    ...opt('description', r.description),
    kind: r.kind as Community['kind'],
    ...opt('sector', r.sector),
    defaultTlp: r.default_tlp as Community['defaultTlp'],
    maxContentLength: r.max_content_length as number,
    piiMode: r.pii_mode as PiiMode,
    createdAt: r.created_at as number,
  };
}

export function toCollection(r: Row): Collection {
  return {
    id: r.id as string,
    communityId: r.community_id as string,
    title: r.title as string,
    ...opt('description', r.description),
    ...opt('alias', r.alias),
    readGrants: JSON.parse(r.read_grants as string) as Grant[],
    writeGrants: JSON.parse(r.write_grants as string) as Grant[],
    ...policyOf(r.policy),
    createdAt: r.created_at as number,
  };
}

/** The stored policy; an empty one is left out so collections compare as created. */
function policyOf(text: unknown): { policy?: CollectionPolicy } {
  const policy = typeof text === 'string' ? (JSON.parse(text) as CollectionPolicy) : {};
  return Object.keys(policy).length === 0 ? {} : { policy };
}
