import { clientCertificateMigrationSql } from '../sql/client-certificate-sql.js';
import { REFERENCE_TARGETS_MIGRATION_SQL, referencesMigrationSql } from '../sql/object-references-sql.js';
import { pciiMigrationSql } from '../sql/pcii-sql.js';
import { peersMigrationSql } from '../sql/peer-sql.js';

/**
 * The SQLite schema, as ordered migrations. Each runs once, inside a transaction, and is
 * recorded in `schema_migrations`.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE organisations (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, org_class TEXT NOT NULL,
  identity_id TEXT NOT NULL, created_at INTEGER NOT NULL);

CREATE TABLE users (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, org_id TEXT NOT NULL REFERENCES organisations(id),
  roles TEXT NOT NULL, pcii_certified INTEGER NOT NULL DEFAULT 0,
  password_hash TEXT NOT NULL, created_at INTEGER NOT NULL);

CREATE TABLE tokens (
  id TEXT PRIMARY KEY, org_id TEXT NOT NULL REFERENCES organisations(id), name TEXT NOT NULL,
  scope TEXT NOT NULL, secret_hash TEXT NOT NULL, created_at INTEGER NOT NULL,
  expires_at INTEGER, revoked_at INTEGER);

CREATE TABLE communities (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, title TEXT NOT NULL, description TEXT,
  kind TEXT NOT NULL, sector TEXT, default_tlp TEXT NOT NULL,
  max_content_length INTEGER NOT NULL, created_at INTEGER NOT NULL);

CREATE TABLE community_members (
  community_id TEXT NOT NULL REFERENCES communities(id), org_id TEXT NOT NULL REFERENCES organisations(id),
  PRIMARY KEY (community_id, org_id)) WITHOUT ROWID;

CREATE TABLE collections (
  num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
  community_id TEXT NOT NULL REFERENCES communities(id), title TEXT NOT NULL, description TEXT,
  alias TEXT, read_grants TEXT NOT NULL, write_grants TEXT NOT NULL, created_at INTEGER NOT NULL,
  UNIQUE (community_id, alias));

-- One row per stored version of an object in a collection. coll is collections.num.
-- date_added is unique and increasing within a collection (microseconds); seq breaks no ties
-- there but keeps keyset cursors total. is_first/is_last/in_latest_spec are maintained on
-- every insert and delete of the object's versions (see sqlite-add-objects.ts).
CREATE TABLE objects (
  seq INTEGER PRIMARY KEY,
  coll INTEGER NOT NULL,
  stix_id TEXT NOT NULL,
  id_hash INTEGER NOT NULL,
  type TEXT NOT NULL,
  version TEXT NOT NULL,
  version_key TEXT NOT NULL,
  spec_version TEXT NOT NULL,
  date_added INTEGER NOT NULL,
  is_first INTEGER NOT NULL,
  is_last INTEGER NOT NULL,
  in_latest_spec INTEGER NOT NULL,
  json TEXT NOT NULL);
CREATE INDEX objects_walk ON objects (coll, date_added, seq);
CREATE INDEX objects_type ON objects (coll, type, date_added, seq);
CREATE INDEX objects_id ON objects (coll, id_hash);

CREATE TABLE statuses (
  id TEXT PRIMARY KEY, community_id TEXT NOT NULL, collection_id TEXT NOT NULL,
  submitter_org_id TEXT NOT NULL, request_timestamp INTEGER NOT NULL, status TEXT NOT NULL,
  total_count INTEGER NOT NULL, details TEXT NOT NULL, completed_at INTEGER);
CREATE INDEX statuses_completed ON statuses (completed_at);
`,
  },
  {
    version: 2,
    name: 'sharing-envelope',
    // The sharing facts of each version (DESIGN.md §3), filtered on in every read. json_anon
    // is the body with the submitter's identity replaced, for readers without attribution.
    sql: `
ALTER TABLE objects ADD COLUMN tlp TEXT NOT NULL DEFAULT 'amber';
ALTER TABLE objects ADD COLUMN submitter_org_id TEXT NOT NULL DEFAULT '';
ALTER TABLE objects ADD COLUMN submitter_user_id TEXT;
ALTER TABLE objects ADD COLUMN consent TEXT NOT NULL DEFAULT 'none';
ALTER TABLE objects ADD COLUMN providers_allowed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE objects ADD COLUMN recipients TEXT NOT NULL DEFAULT '[]';
ALTER TABLE objects ADD COLUMN source_identity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE objects ADD COLUMN json_anon TEXT;
ALTER TABLE organisations ADD COLUMN default_consent TEXT NOT NULL DEFAULT 'none';
`,
  },
  {
    version: 3,
    name: 'personal-data-review',
    // DESIGN.md §3 "Personal data": the community's policy, each version's review state
    // (filtered on in every read), and one row per held version awaiting a decision with
    // what was found and the redacted bodies a `redact` decision releases.
    sql: `
ALTER TABLE communities ADD COLUMN pii_mode TEXT NOT NULL DEFAULT 'redact';
ALTER TABLE objects ADD COLUMN review_state TEXT NOT NULL DEFAULT 'released';
CREATE TABLE reviews (
  id TEXT PRIMARY KEY, community_id TEXT NOT NULL, collection_id TEXT NOT NULL,
  status_id TEXT NOT NULL, seq INTEGER NOT NULL, stix_id TEXT NOT NULL, version TEXT NOT NULL,
  submitter_org_id TEXT NOT NULL, findings TEXT NOT NULL, redacted_json TEXT NOT NULL,
  redacted_anon TEXT, held_at INTEGER NOT NULL);
CREATE INDEX reviews_community ON reviews (community_id, held_at);
`,
  },
  {
    version: 4,
    name: 'audit-log',
    // The hash-chained audit log (docs/audit.md). seq is assigned by the appender (head + 1)
    // inside an IMMEDIATE transaction. The triggers make it append-only even for direct SQL;
    // dropping them is still caught by verifyChain, since every column is hashed.
    sql: `
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, event TEXT NOT NULL,
  actor_kind TEXT NOT NULL, actor_id TEXT, actor_name TEXT, actor_org TEXT, actor_address TEXT,
  target TEXT NOT NULL, details TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_event ON audit_log (event);
CREATE INDEX audit_log_actor_id ON audit_log (actor_id);
CREATE INDEX audit_log_actor_name ON audit_log (actor_name);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
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
    sql: pciiMigrationSql('sqlite'),
  },
  {
    version: 7,
    name: 'shared-limits',
    // Issue 6: the PostgreSQL schema gains the counters several nodes share (rate_buckets,
    // login_failures). One SQLite file has one process, which keeps them in memory; this
    // version only keeps the two schemas' numbering in step.
    sql: '-- nothing to change on SQLite',
  },
  {
    version: 8,
    name: 'client-certificates',
    // Issue 7 (docs/security.md "Client certificates"): certificates registered to an
    // organisation by SHA-256 fingerprint, each a machine credential with a scope.
    sql: clientCertificateMigrationSql('sqlite'),
  },
  {
    version: 9,
    name: 'object-references',
    // Issue 5 (docs/sharing.md "References"): the content references of each version, so the
    // read path withholds an object that names one its reader may not receive; backfilled
    // from the stored JSON of existing versions.
    sql: referencesMigrationSql('sqlite'),
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
    sql: peersMigrationSql('sqlite'),
  },
];
