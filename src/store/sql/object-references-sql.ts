/**
 * The stored content references of each version (DESIGN.md §3, issue 5: an object that
 * references an object the reader may not receive is withheld from that reader; see
 * sharing/references.ts for the rule and docs/sharing.md "References").
 *
 * `object_refs` holds one row per (version seq, referenced id), with the id's hash as the
 * objects table keys ids (id-hash.ts), so each target is found with the `objects_id` index.
 * `objects.has_refs` is 1 on versions with at least one row there: the read path checks
 * the rule only for them, so rows without references pay one column test. The
 * `object_refs_target` index (migration 10) answers the other way round, which versions
 * name an id, for dating them when that id is released (release-date.ts).
 */
import { EXEMPT_REFERENCE_PROPERTIES, withholdingReferences } from '../../sharing/index.js';
import { idHash } from './id-hash.js';
import type { SqlFragment } from './sql-fragment.js';

/** One outgoing reference of a version, as stored. */
export interface ReferenceRow {
  readonly targetHash: number;
  readonly targetId: string;
}

/** The references to store for a version: its plain (never sealed) object and anonymised body. */
export function referenceRows(object: unknown, anonymisedJson?: string): ReferenceRow[] {
  return withholdingReferences(object, anonymisedJson).map((targetId) => ({
    targetHash: idHash(targetId),
    targetId,
  }));
}

/**
 * The condition that withholds a row of `objects` (alias `a`) whose references name an
 * object of the same collection that has no version passing `targetFilter` (the reader's
 * own visibility condition, written for `targetAlias`). Correlated on `a.seq` and `a.coll`.
 *
 * The visible-version probe comes first: most references name a visible object of the
 * collection, and then the second probe (is the target stored here at all) never runs.
 * PostgreSQL plans these probes well only with current statistics (postgres-objects.ts
 * refreshes them as collections grow): with a collection it believes tiny it hashes the
 * whole collection per row instead of probing `objects_id`.
 */
export function referencesVisibleSql(a: string, targetAlias: string, targetFilter: SqlFragment): SqlFragment {
  const x = `${a}_x`;
  const t = targetAlias;
  const sameTarget = `${t}.coll = ${a}.coll AND ${t}.id_hash = ${x}.target_hash AND ${t}.stix_id = ${x}.target_id`;
  const sql =
    `(${a}.has_refs = 0 OR NOT EXISTS (SELECT 1 FROM object_refs ${x} WHERE ${x}.seq = ${a}.seq` +
    ` AND NOT EXISTS (SELECT 1 FROM objects ${t} WHERE ${sameTarget} AND ${targetFilter.sql})` +
    ` AND EXISTS (SELECT 1 FROM objects ${t} WHERE ${sameTarget})))`;
  return { sql, params: targetFilter.params };
}

/**
 * Migration 10 (both engines): the versions that name an id, found by the id's hash (the
 * full id is compared too, as everywhere). SQLite's index also holds the table's key
 * (seq, target_id), so a lookup never reads the table; PostgreSQL reads one row per hit.
 */
export const REFERENCE_TARGETS_MIGRATION_SQL =
  'CREATE INDEX object_refs_target ON object_refs (target_hash);';

const HEX = '[0-9a-fA-F]';
const exempt = EXEMPT_REFERENCE_PROPERTIES.map((p) => `'${p}'`).join(', ');

/**
 * Migration 9 (both engines): the table, the flag, cleanup on delete, and a backfill from
 * the stored JSON of existing versions that finds what `withholdingReferences` finds (a ref
 * property's string, or the strings of the list it holds, at any depth, with a STIX id's
 * shape, and still in the anonymised body where there is one). Sealed (protected) bodies cannot be read by SQL and are skipped: protected
 * storage (migration 6) ships in the same release as this one, so no hub holds such bodies
 * from before it.
 */
export function referencesMigrationSql(dialect: 'sqlite' | 'postgres'): string {
  return dialect === 'sqlite' ? sqliteMigration() : postgresMigration();
}

/** SQLite: a trigger removes a deleted version's references (the paths that delete are several). */
function sqliteMigration(): string {
  return `
CREATE TABLE object_refs (
  seq INTEGER NOT NULL, target_hash INTEGER NOT NULL, target_id TEXT NOT NULL,
  PRIMARY KEY (seq, target_id)) WITHOUT ROWID;
ALTER TABLE objects ADD COLUMN has_refs INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER objects_drop_refs AFTER DELETE ON objects
BEGIN DELETE FROM object_refs WHERE seq = old.seq; END;
INSERT OR IGNORE INTO object_refs (seq, target_hash, target_id)
SELECT seq, ${sqliteHexSql('h')}, id FROM (
  SELECT o.seq, o.json_anon, n.value AS id,
    lower(substr(n.value, -36, 8) || substr(n.value, -27, 4) || substr(n.value, -22, 1)) AS h
  FROM objects o, json_tree(o.json) n
  WHERE o.json LIKE '{%' AND n.type = 'text'
    AND n.value GLOB '*--${HEX.repeat(8)}-${HEX.repeat(4)}-${HEX.repeat(4)}-${HEX.repeat(4)}-${HEX.repeat(12)}'
    AND ((typeof(n.key) = 'text' AND (n.key LIKE '%\\_ref' ESCAPE '\\' OR n.key LIKE '%\\_refs' ESCAPE '\\')
          AND n.key NOT IN (${exempt}))
      OR (typeof(n.key) = 'integer' AND (${SQLITE_PARENT} LIKE '%\\_ref' ESCAPE '\\' OR ${SQLITE_PARENT} LIKE '%\\_refs' ESCAPE '\\')
          ${EXEMPT_REFERENCE_PROPERTIES.map(sqliteNotParent).join(' ')})))
WHERE json_anon IS NULL OR instr(json_anon, id) > 0;
UPDATE objects SET has_refs = 1 WHERE seq IN (SELECT seq FROM object_refs);
`;
}

/**
 * The path of an array element's list, which ends with the list's property name: `$.a.b_refs`
 * or, as SQLite 3.53 writes it, `$."a"."b_refs"` (the closing quote trimmed off here).
 */
const SQLITE_PARENT = `rtrim(n.path, '"')`;

function sqliteNotParent(property: string): string {
  const name = property.replace(/_/g, '\\_');
  return `AND ${SQLITE_PARENT} NOT LIKE '%.${name}' ESCAPE '\\' AND ${SQLITE_PARENT} NOT LIKE '%."${name}' ESCAPE '\\'`;
}

/** 13 hex digits (idHash's 52 bits) as an integer: SQLite has no hex-to-integer function. */
function sqliteHexSql(h: string): string {
  const digits = Array.from(
    { length: 13 },
    (_, i) => `(instr('0123456789abcdef', substr(${h}, ${i + 1}, 1)) - 1) * ${16 ** (12 - i)}`,
  );
  return `(${digits.join(' + ')})`;
}

/**
 * PostgreSQL: the foreign key removes a deleted version's references. Bodies holding
 * `\\u0000` cannot become jsonb and are skipped (the validator's text rules make them rare).
 */
function postgresMigration(): string {
  return `
CREATE TABLE object_refs (
  seq BIGINT NOT NULL REFERENCES objects(seq) ON DELETE CASCADE, target_hash BIGINT NOT NULL,
  target_id TEXT NOT NULL, PRIMARY KEY (seq, target_id));
ALTER TABLE objects ADD COLUMN has_refs SMALLINT NOT NULL DEFAULT 0;
INSERT INTO object_refs (seq, target_hash, target_id)
SELECT DISTINCT r.seq,
  ('x' || lpad(lower(substr(right(r.id, 36), 1, 8) || substr(right(r.id, 36), 10, 4) || substr(right(r.id, 36), 15, 1)), 16, '0'))::bit(64)::bigint,
  r.id
FROM (
  SELECT o.seq, o.json_anon, v.id
  FROM objects o
  CROSS JOIN LATERAL jsonb_path_query(o.json::jsonb, 'strict $.** ? (@.type() == "object")') AS node(obj)
  CROSS JOIN LATERAL jsonb_each(node.obj) AS p(key, value)
  CROSS JOIN LATERAL (
    SELECT p.value #>> '{}' WHERE jsonb_typeof(p.value) = 'string'
    UNION ALL
    SELECT e #>> '{}'
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p.value) = 'array' THEN p.value ELSE '[]'::jsonb END) AS e
    WHERE jsonb_typeof(e) = 'string'
  ) AS v(id)
  WHERE o.json LIKE '{%' AND o.json NOT LIKE '%\\\\u0000%'
    AND (p.key LIKE '%\\_ref' OR p.key LIKE '%\\_refs') AND p.key NOT IN (${exempt})
) AS r
WHERE r.id ~ '--${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}$'
  AND (r.json_anon IS NULL OR strpos(r.json_anon, r.id) > 0)
ON CONFLICT DO NOTHING;
UPDATE objects SET has_refs = 1 WHERE seq IN (SELECT seq FROM object_refs);
`;
}
