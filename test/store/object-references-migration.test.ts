import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { contentReferences } from '../../src/sharing/index.js';
import { tryTimestampKey } from '../../src/stix/index.js';
import type { PreparedObject, Store } from '../../src/store/index.js';
import { openPostgresStore } from '../../src/store/postgres/open-postgres-store.js';
import { referenceRows } from '../../src/store/sql/object-references-sql.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { CONTRACT_ENVELOPE } from '../contract/store-concurrency.contract.js';
import { corpusFiles, corpusObjects } from '../helpers/corpus.js';

/** Real STIX with relationships, reports, sightings, SCO refs and custom refs (Attack Flow). */
const FILES = corpusFiles().filter((f) => f.startsWith('attack-flow/') || f.startsWith('elevator/'));

/** Stands for the hub's identity in the anonymised bodies. */
const HUB_IDENTITY = 'identity--00000000-0000-4000-8000-000000000000';

/**
 * One version per id of the chosen corpus files, as the TAXII add path would prepare it.
 * The first identity a content reference names plays the submitter's own: bodies naming it get an
 * anonymised copy naming the hub instead, as `prepareSharing` makes them.
 */
function corpusVersions(): PreparedObject[] {
  const seen = new Set<string>();
  const out: PreparedObject[] = [];
  const objects = FILES.flatMap((file) => corpusObjects(file));
  const source = objects
    .flatMap((o) => contentReferences(o))
    .find((id) => id.startsWith('identity--')) as string;
  for (const object of objects) {
    const id = object.id;
    if (typeof id !== 'string' || typeof object.type !== 'string' || seen.has(id)) continue;
    seen.add(id);
    const modified = (object.modified ?? object.created) as string | undefined;
    const json = JSON.stringify(object);
    out.push({
      stixId: id,
      type: object.type,
      version: modified ?? '',
      versionKey: modified === undefined ? undefined : tryTimestampKey(modified),
      specVersion: (object.spec_version as string | undefined) ?? '2.1',
      json,
      object,
      envelope: CONTRACT_ENVELOPE,
      ...anonymised(json, source),
    });
  }
  return out;
}

interface StoredBody {
  seq: number;
  json: string;
  json_anon: string | null;
}

function anonymised(json: string, source: string): { anonymisedJson?: string } {
  return json.includes(source) ? { anonymisedJson: json.split(source).join(HUB_IDENTITY) } : {};
}

interface RawAccess {
  /** Every object_refs row and has_refs flag, in a stable order, as `seq target_hash target_id`. */
  snapshot(): Promise<{ refs: string[]; flagged: number[]; bodies: StoredBody[] }>;
  /** Takes the schema back to before migration 9, keeping every stored version. */
  undoMigration9(): Promise<void>;
}

async function fillStore(store: Store): Promise<{ coll: string; versions: PreparedObject[] }> {
  const community = randomUUID();
  const coll = randomUUID();
  await store.tenancy.addCommunity({
    id: community,
    name: `c${community.slice(0, 8)}`,
    title: 'C',
    kind: 'isac',
    defaultTlp: 'amber',
    maxContentLength: 10_000_000,
    createdAt: 0,
  });
  await store.tenancy.addCollection({
    id: coll,
    communityId: community,
    title: 'K',
    readGrants: [],
    writeGrants: [],
    createdAt: 0,
  });
  const versions = corpusVersions();
  for (let i = 0; i < versions.length; i += 250) {
    const batch = versions.slice(i, i + 250);
    await store.objects.add(coll, batch, {
      id: randomUUID(),
      communityId: community,
      collectionId: coll,
      submitterOrgId: 'org-1',
      requestTimestamp: 1,
      status: 'complete',
      totalCount: batch.length,
      successes: [],
      failures: [],
      pendings: [],
    });
  }
  return { coll, versions };
}

/**
 * Migration 9 (issue 5): the backfill from stored JSON finds exactly the references the add
 * path writes, on real corpus data, so versions stored before the migration are withheld
 * by the reference rule like those stored after it.
 */
async function checkBackfill(open: () => Promise<Store>, raw: RawAccess): Promise<void> {
  const store = await open();
  const { coll, versions } = await fillStore(store);
  await store.close();
  expect(versions.length).toBeGreaterThan(100);
  const written = await raw.snapshot();
  // The add path stores what withholdingReferences finds in each body.
  const expected = written.bodies
    .flatMap(({ seq, json, json_anon }) =>
      referenceRows(JSON.parse(json), json_anon ?? undefined).map(
        (r) => `${seq} ${r.targetHash} ${r.targetId}`,
      ),
    )
    .sort();
  expect(written.refs).toEqual(expected);
  expect(written.refs.length).toBeGreaterThan(100);
  // Some references were left to anonymisation (bodies naming the source identity).
  const all = written.bodies.flatMap(({ json }) => referenceRows(JSON.parse(json)));
  expect(all.length).toBeGreaterThan(written.refs.length);
  await raw.undoMigration9();
  const reopened = await open();
  await reopened.close();
  const backfilled = await raw.snapshot();
  expect(backfilled.refs).toEqual(written.refs);
  expect(backfilled.flagged).toEqual(written.flagged);

  // Deleting a version deletes its references (SQLite trigger, PostgreSQL foreign key).
  const referencing = versions.find((v) => v.type === 'relationship') as PreparedObject;
  const again = await open();
  const removed = await again.objects.remove(coll, referencing.stixId, {
    versions: { all: true, first: false, last: false, keys: [] },
    anySpecVersion: true,
    limit: 1000,
  });
  await again.close();
  expect(removed).toBe(1);
  const after = await raw.snapshot();
  const gone = written.refs.filter((line) => !after.refs.includes(line));
  expect(gone.length).toBe(referenceRows(referencing.object, referencing.anonymisedJson).length);
  expect(
    gone.every(
      (line) =>
        line.endsWith(String(referencing.object.target_ref)) ||
        line.endsWith(String(referencing.object.source_ref)),
    ),
  ).toBe(true);
}

describe('migration 9: object references backfilled from stored JSON', () => {
  it('sqlite: the backfill equals what the add path writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-refs-'));
    const path = join(dir, 'store.db');
    const withDb = <T>(use: (db: Database.Database) => T): T => {
      const db = new Database(path);
      try {
        return use(db);
      } finally {
        db.close();
      }
    };
    try {
      await checkBackfill(() => openSqliteStore({ path }), {
        snapshot: async () =>
          withDb((db) => ({
            refs: (
              db.prepare('SELECT seq, target_hash, target_id FROM object_refs').raw().all() as unknown[][]
            )
              .map((r) => r.join(' '))
              .sort(),
            flagged: (
              db.prepare('SELECT seq FROM objects WHERE has_refs = 1 ORDER BY seq').raw().all() as number[][]
            ).map((r) => r[0] as number),
            bodies: db.prepare('SELECT seq, json, json_anon FROM objects').all() as StoredBody[],
          })),
        undoMigration9: async () =>
          withDb((db) => {
            db.exec(`DROP TRIGGER objects_drop_refs; DROP TABLE object_refs;
              ALTER TABLE objects DROP COLUMN has_refs; DELETE FROM schema_migrations WHERE version = 9;`);
          }),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const url = process.env.TEST_PG_URL;
  if (url === undefined || url === '') {
    it('postgres backfill requires TEST_PG_URL (it did NOT run)', () => {
      expect(process.env.CI ?? '', 'CI is set but TEST_PG_URL is not: the PostgreSQL test did not run').toBe(
        '',
      );
    });
    return;
  }
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const schema = `cairn_test_${randomBytes(6).toString('hex')}`;
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('postgres: the backfill equals what the add path writes', async () => {
    await checkBackfill(() => openPostgresStore({ url, schema, migrate: 'auto' }), {
      async snapshot() {
        const refs = await admin.query<{ line: string }>(
          `SELECT seq || ' ' || target_hash || ' ' || target_id AS line FROM ${schema}.object_refs`,
        );
        const flagged = await admin.query<{ seq: string }>(
          `SELECT seq FROM ${schema}.objects WHERE has_refs = 1 ORDER BY seq`,
        );
        const bodies = await admin.query<{ seq: string; json: string; json_anon: string | null }>(
          `SELECT seq, json, json_anon FROM ${schema}.objects`,
        );
        return {
          refs: refs.rows.map((r) => r.line).sort(),
          flagged: flagged.rows.map((r) => Number(r.seq)),
          bodies: bodies.rows.map((r) => ({ seq: Number(r.seq), json: r.json, json_anon: r.json_anon })),
        };
      },
      async undoMigration9() {
        await admin.query(`DROP TABLE ${schema}.object_refs; ALTER TABLE ${schema}.objects DROP COLUMN has_refs;
          DELETE FROM ${schema}.schema_migrations WHERE version = 9`);
      },
    });
  });
});
