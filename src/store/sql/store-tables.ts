import type { StoreTable } from '../table-copy-types.js';

/**
 * Every table of a hub's store, in copy order: parents before the tables whose foreign keys
 * point at them (users and tokens after organisations, members after both of their sides).
 * `key` is each table's primary key: the order in which `cairn migrate-store` reads, writes
 * and digests its rows (text compared byte by byte, so SQLite and PostgreSQL agree), and
 * the position it resumes from.
 *
 * The copier refuses a source holding a table that is missing here, so a migration that
 * adds a table must add it to this list (with its key) in the same change.
 */
export const STORE_TABLES: readonly StoreTable[] = [
  { name: 'settings', key: ['key'] },
  { name: 'organisations', key: ['id'] },
  { name: 'users', key: ['id'] },
  { name: 'tokens', key: ['id'] },
  { name: 'client_certificates', key: ['id'] },
  { name: 'communities', key: ['id'] },
  { name: 'community_members', key: ['community_id', 'org_id'] },
  { name: 'collections', key: ['num'] },
  { name: 'statuses', key: ['id'] },
  { name: 'objects', key: ['seq'] },
  { name: 'object_refs', key: ['seq', 'target_id'] },
  { name: 'reviews', key: ['id'] },
  { name: 'pcii_submissions', key: ['id'] },
  { name: 'audit_log', key: ['seq'] },
  { name: 'peers', key: ['id'] },
];

/**
 * Tables of the store that are not copied: the migration bookkeeping belongs to each
 * database (the target records the migrations it applied itself), and the rate-limit and
 * login-failure counters PostgreSQL nodes share are short-lived state that starts afresh.
 */
export const UNCOPIED_TABLES: readonly string[] = ['schema_migrations', 'rate_buckets', 'login_failures'];
