import { clientCertificateMigrationSql } from '../sql/client-certificate-sql.js';
import { REFERENCE_TARGETS_MIGRATION_SQL, referencesMigrationSql } from '../sql/object-references-sql.js';
import { pciiMigrationSql } from '../sql/pcii-sql.js';
import { peersMigrationSql } from '../sql/peer-sql.js';

/**
 * The PostgreSQL schema, as ordered migrations mirroring `sqlite/sqlite-migrations.ts`: the
 * same tables, columns and indexes, so the shared SQL of `store/sql/` runs on both. Integers
 * that hold microseconds or sequence numbers are BIGINT (read back as JS numbers: they stay
 * below 2^53); flags are SMALLINT so `is_last = 1` means the same on both engines.
 */
export interface PostgresMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE organisations (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, org_class TEXT NOT NULL,
  identity_id TEXT NOT NULL, created_at BIGINT NOT NULL);

CREATE TABLE users (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, org_id TEXT NOT NULL REFERENCES organisations(id),
  roles TEXT NOT NULL, pcii_certified SMALLINT NOT NULL DEFAULT 0,
  password_hash TEXT NOT NULL, created_at BIGINT NOT NULL);

CREATE TABLE tokens (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations(id), name TEXT NOT NULL,
  scope TEXT NOT NULL, secret_hash TEXT NOT NULL, created_at BIGINT NOT NULL,
  expires_at BIGINT, revoked_at BIGINT);

CREATE TABLE communities (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, title TEXT NOT NULL, description TEXT,
  kind TEXT NOT NULL, sector TEXT, default_tlp TEXT NOT NULL,
  max_content_length BIGINT NOT NULL, created_at BIGINT NOT NULL);

CREATE TABLE community_members (
  community_id TEXT NOT NULL REFERENCES communities(id), org_id TEXT NOT NULL REFERENCES organisations(id),
  PRIMARY KEY (community_id, org_id));

-- The add path locks a collection's row (SELECT ... FOR UPDATE) to serialise its writers
-- across nodes; see postgres-add-objects.ts.
CREATE TABLE collections (
  num BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE,
  community_id TEXT NOT NULL REFERENCES communities(id), title TEXT NOT NULL, description TEXT,
  alias TEXT, read_grants TEXT NOT NULL, write_grants TEXT NOT NULL, created_at BIGINT NOT NULL,
  UNIQUE (community_id, alias));

-- One row per stored version of an object in a collection; see sqlite-migrations.ts.
-- version_key is compared with < and > (first/last selection): COLLATE "C" makes that the
-- byte order the SQLite adapter and computeVersionFlags use, whatever the database locale.
-- json is TEXT, not JSONB: the object is returned exactly as stored, never re-serialised.
CREATE TABLE objects (
  seq BIGSERIAL PRIMARY KEY,
  coll BIGINT NOT NULL,
  stix_id TEXT NOT NULL,
  id_hash BIGINT NOT NULL,
  type TEXT NOT NULL,
  version TEXT NOT NULL,
  version_key TEXT COLLATE "C" NOT NULL,
  spec_version TEXT NOT NULL,
  date_added BIGINT NOT NULL,
  is_first SMALLINT NOT NULL,
  is_last SMALLINT NOT NULL,
  in_latest_spec SMALLINT NOT NULL,
  json TEXT NOT NULL);
CREATE INDEX objects_walk ON objects (coll, date_added, seq);
CREATE INDEX objects_type ON objects (coll, type, date_added, seq);
CREATE INDEX objects_id ON objects (coll, id_hash);

CREATE TABLE statuses (
  id TEXT PRIMARY KEY, community_id TEXT NOT NULL, collection_id TEXT NOT NULL,
  submitter_org_id TEXT NOT NULL, request_timestamp BIGINT NOT NULL, status TEXT NOT NULL,
  total_count BIGINT NOT NULL, details TEXT NOT NULL, completed_at BIGINT);
CREATE INDEX statuses_completed ON statuses (completed_at);
`,
  },
  {
    version: 2,
    name: 'sharing-envelope',
    // The sharing facts of each version (DESIGN.md §3), as in the SQLite migration 2. Adding
    // a column with a constant default rewrites nothing on PostgreSQL 11+, so this is quick
    // on a large table. Booleans are SMALLINT for the shared SQL's `= 1`.
    sql: `
ALTER TABLE objects ADD COLUMN tlp TEXT NOT NULL DEFAULT 'amber';
ALTER TABLE objects ADD COLUMN submitter_org_id TEXT NOT NULL DEFAULT '';
ALTER TABLE objects ADD COLUMN submitter_user_id TEXT;
ALTER TABLE objects ADD COLUMN consent TEXT NOT NULL DEFAULT 'none';
ALTER TABLE objects ADD COLUMN providers_allowed SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE objects ADD COLUMN recipients TEXT NOT NULL DEFAULT '[]';
ALTER TABLE objects ADD COLUMN source_identity SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE objects ADD COLUMN json_anon TEXT;
ALTER TABLE organisations ADD COLUMN default_consent TEXT NOT NULL DEFAULT 'none';
`,
  },
  {
    version: 3,
    name: 'personal-data-review',
    // As SQLite migration 3: the community's personal-data policy, each version's review
    // state, and the held versions awaiting a decision.
    sql: `
ALTER TABLE communities ADD COLUMN pii_mode TEXT NOT NULL DEFAULT 'redact';
ALTER TABLE objects ADD COLUMN review_state TEXT NOT NULL DEFAULT 'released';
CREATE TABLE reviews (
  id TEXT PRIMARY KEY, community_id TEXT NOT NULL, collection_id TEXT NOT NULL,
  status_id TEXT NOT NULL, seq BIGINT NOT NULL, stix_id TEXT NOT NULL, version TEXT NOT NULL,
  submitter_org_id TEXT NOT NULL, findings TEXT NOT NULL, redacted_json TEXT NOT NULL,
  redacted_anon TEXT, held_at BIGINT NOT NULL);
CREATE INDEX reviews_community ON reviews (community_id, held_at);
`,
  },
  {
    version: 4,
    name: 'audit-log',
    // The hash-chained audit log, as in the SQLite migration 4 (docs/audit.md). The plpgsql
    // trigger refuses UPDATE, DELETE and TRUNCATE, so even direct SQL cannot quietly rewrite
    // the log; a dropped trigger is still caught by verifyChain.
    sql: `
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, event TEXT NOT NULL,
  actor_kind TEXT NOT NULL, actor_id TEXT, actor_name TEXT, actor_org TEXT, actor_address TEXT,
  target TEXT NOT NULL, details TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_event ON audit_log (event);
CREATE INDEX audit_log_actor_id ON audit_log (actor_id);
CREATE INDEX audit_log_actor_name ON audit_log (actor_name);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
`,
  },
  {
    version: 5,
    name: 'collection-policy',
    // Per-collection validation policy (issue 3): custom content, required markings and
    // created_by_ref, object size. JSON, read with the collection.
    sql: `ALTER TABLE collections ADD COLUMN policy TEXT NOT NULL DEFAULT '{}';`,
  },
  {
    version: 6,
    name: 'pcii',
    // Protected (PCII) submissions (issue 5, docs/sharing.md "Protected submissions"): the
    // protected flag and PCII state of each version, and the validation queue.
    sql: pciiMigrationSql('postgres'),
  },
  {
    version: 7,
    name: 'shared-limits',
    // Issue 6 (docs/scale-out.md "Rate limits and login slow-down"): counters every node
    // shares, one row per key, updated by one UPSERT each (postgres-limit-counters.ts).
    // UNLOGGED: losing them in a database crash only restarts the limits, and skipping the
    // WAL makes the per-request UPSERT cheaper. Times are the database clock in ms.
    sql: `
CREATE UNLOGGED TABLE rate_buckets (
  key TEXT PRIMARY KEY, tat DOUBLE PRECISION NOT NULL, at DOUBLE PRECISION NOT NULL,
  allowed BOOLEAN NOT NULL);
CREATE UNLOGGED TABLE login_failures (
  key TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_at DOUBLE PRECISION NOT NULL);
`,
  },
  {
    version: 8,
    name: 'client-certificates',
    // Issue 7 (docs/security.md "Client certificates"): certificates registered to an
    // organisation by SHA-256 fingerprint, each a machine credential with a scope.
    sql: clientCertificateMigrationSql('postgres'),
  },
  {
    version: 9,
    name: 'object-references',
    // Issue 5 (docs/sharing.md "References"): the content references of each version, so the
    // read path withholds an object that names one its reader may not receive; backfilled
    // from the stored JSON of existing versions.
    sql: referencesMigrationSql('postgres'),
  },
  {
    version: 10,
    name: 'object-reference-targets',
    // Issue 6 (docs/sharing.md "References"): which versions name an id, so releasing or
    // deleting that id dates them anew for pollers and streams (release-date.ts).
    sql: REFERENCE_TARGETS_MIGRATION_SQL,
  },
  {
    version: 11,
    name: 'peers',
    // Issue 6 (docs/federation.md): the TAXII servers this hub pulls from, with credential
    // references (never secrets) and the position each pull resumes from.
    sql: peersMigrationSql('postgres'),
  },
];
