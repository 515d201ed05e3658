import { type Clock, type ConsentLevel, jsonEqual } from '../../core/index.js';
import { decideVersion } from '../sql/decide-version.js';
import { idHash } from '../sql/id-hash.js';
import { isSealed, type PciiCipher, requireCipher } from '../sql/pcii-cipher.js';
import type { AddOutcome, PreparedObject, StatusRecord } from '../store.js';
import type { PgQueryable } from './pg-database.js';
import {
  insertPcii,
  insertReview,
  insertRows,
  type NewRow,
  type Version,
} from './postgres-insert-versions.js';
import { insertStatus } from './postgres-statuses.js';

interface ExistingRow {
  seq: number;
  stix_id: string;
  version: string;
  version_key: string;
  spec_version: string;
  is_first: number;
  is_last: number;
  in_latest_spec: number;
  consent: ConsentLevel;
}

/**
 * The write path of a POST, inside the caller's transaction: every object and the status
 * record commit together or not at all. Same outcomes as the SQLite adapter, but in a fixed
 * number of round trips per batch (array parameters), not two per object.
 *
 * Writers of one collection are serialised with `SELECT … FOR UPDATE` on its `collections`
 * row, held to COMMIT. That makes "read max(date_added), insert above it, commit" atomic
 * across every node sharing the database, so date_added is unique and strictly increasing
 * per collection, and rows commit in date_added order: a reader that has walked past a
 * cursor never finds a row appear behind it later, which keeps keyset cursors exact. A row
 * lock was chosen over pg_advisory_xact_lock because it needs no key space shared with
 * other advisory locks (migrations, jobs), names the thing it protects, and is plain SQL
 * that PostgreSQL-compatible distributed engines (DESIGN.md §5) also honour. Writers of
 * different collections never wait for each other.
 */
export async function pgAddObjects(
  tx: PgQueryable,
  options: { readonly clock: Clock; readonly cipher?: PciiCipher },
  coll: number,
  objects: readonly PreparedObject[],
  status: StatusRecord,
): Promise<AddOutcome[]> {
  const { clock, cipher } = options;
  await tx.query('SELECT num FROM collections WHERE num = $1 FOR UPDATE', [coll]);
  const maxRow = await tx.query<{ m: number | null }>(
    'SELECT max(date_added) AS m FROM objects WHERE coll = $1',
    [coll],
  );
  const last = maxRow.rows[0]?.m ?? 0;
  const versions = await loadVersions(tx, coll, objects, (json, stixId, version) =>
    isSealed(json)
      ? requireCipher(cipher).open(json, { collectionId: status.collectionId, stixId, version })
      : json,
  );

  let next = Math.max(clock.nowMicros(), last + 1);
  const outcomes: AddOutcome[] = [];
  const added: NewRow[] = [];
  for (const obj of objects) {
    const existing = versions.get(obj.stixId) ?? [];
    const decision = decideVersion(obj, existing, (e) => jsonEqual(e.body, obj.object), next);
    if (decision.kind !== 'new') {
      outcomes.push(decision);
      continue;
    }
    const { version, versionKey } = decision;
    const dateAdded = next++;
    const entry: Version = {
      seq: 0,
      version,
      versionKey,
      specVersion: obj.specVersion,
      consent: obj.envelope.consent,
      body: obj.object,
    };
    existing.push(entry);
    versions.set(obj.stixId, existing);
    added.push({ obj, entry, dateAdded });
    outcomes.push({ kind: 'added', version, dateAdded });
  }
  if (added.length > 0)
    await insertRows(tx, { coll, collectionId: status.collectionId, cipher }, added, versions);
  for (const row of added) {
    await insertReview(tx, row, status);
    await insertPcii(tx, row, status);
  }
  await insertStatus(tx, status, objects, outcomes, clock);
  return outcomes;
}

/**
 * The stored versions of every object of the batch, with the bodies the duplicate checks
 * need (same version key, or every version of an object without one).
 */
async function loadVersions(
  tx: PgQueryable,
  coll: number,
  objects: readonly PreparedObject[],
  plainBody: (stored: string, stixId: string, version: string) => string,
): Promise<Map<string, Version[]>> {
  const versions = new Map<string, Version[]>();
  if (objects.length === 0) return versions;
  const ids = [...new Set(objects.map((o) => o.stixId))];
  // One index probe per id (a nested loop over the ids; OFFSET 0 keeps the planner from
  // flattening it into a scan of the whole collection, which it picks when statistics lag
  // behind a bulk load: 5 ms instead of 40-110 ms per 1,000 ids at 50,000 rows).
  const { rows } = await tx.query<ExistingRow>(
    `SELECT o.seq, o.stix_id, o.version, o.version_key, o.spec_version, o.is_first, o.is_last, o.in_latest_spec, o.consent
     FROM unnest($2::bigint[], $3::text[]) AS k(h, id)
     CROSS JOIN LATERAL (SELECT * FROM objects WHERE coll = $1 AND id_hash = k.h AND stix_id = k.id OFFSET 0) AS o`,
    [coll, ids.map(idHash), ids],
  );
  if (rows.length === 0) return versions;
  const bySeq = new Map<number, Version>();
  for (const r of rows) {
    const v: Version = {
      seq: r.seq,
      version: r.version,
      versionKey: r.version_key,
      specVersion: r.spec_version,
      stored: [r.is_first, r.is_last, r.in_latest_spec],
      consent: r.consent,
    };
    bySeq.set(r.seq, v);
    const list = versions.get(r.stix_id) ?? [];
    list.push(v);
    versions.set(r.stix_id, list);
  }
  const needed = new Set<number>();
  for (const obj of objects) {
    for (const v of versions.get(obj.stixId) ?? []) {
      if (obj.versionKey === undefined || v.versionKey === obj.versionKey) needed.add(v.seq);
    }
  }
  if (needed.size > 0) {
    const bodies = await tx.query<{ seq: number; stix_id: string; json: string }>(
      'SELECT seq, stix_id, json FROM objects WHERE seq = ANY($1::bigint[])',
      [[...needed]],
    );
    for (const b of bodies.rows) {
      const v = bySeq.get(b.seq);
      if (v !== undefined)
        v.body = JSON.parse(plainBody(b.json, b.stix_id, v.version)) as Record<string, unknown>;
    }
  }
  return versions;
}
