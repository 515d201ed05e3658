import type { ConsentLevel } from '../../core/index.js';
import { stricterConsent } from '../../sharing/index.js';
import { idHash } from '../sql/id-hash.js';
import { type ReferenceRow, referenceRows } from '../sql/object-references-sql.js';
import { type PciiCipher, sealedBodies } from '../sql/pcii-cipher.js';
import { INSERT_PCII_SUBMISSION_SQL } from '../sql/pcii-sql.js';
import { computeVersionFlags } from '../sql/version-flags.js';
import type { PreparedObject, StatusRecord } from '../store.js';
import { type PgQueryable, toPgPlaceholders } from './pg-database.js';

/** One version of one object as the batch sees it: already stored, or added by this batch. */
export interface Version {
  seq: number;
  readonly version: string;
  readonly versionKey: string;
  readonly specVersion: string;
  /** Stored flags (1/0) of an existing row; undefined for a row this batch adds. */
  readonly stored?: readonly [number, number, number];
  /** Consent as stored, or as submitted for a row this batch adds. */
  readonly consent: ConsentLevel;
  /** Parsed body, filled lazily for stored rows. */
  body?: Readonly<Record<string, unknown>>;
}

export interface NewRow {
  readonly obj: PreparedObject;
  readonly entry: Version;
  readonly dateAdded: number;
}

/**
 * Inserts the new rows with their flags and consent, and corrects the flags and consent of
 * the versions beside them. Consent only narrows across versions (as in the SQLite adapter),
 * so no version reveals a source another hides: every version of an object the batch touched
 * ends with the strictest consent among them.
 */
export async function insertRows(
  tx: PgQueryable,
  target: { readonly coll: number; readonly collectionId: string; readonly cipher?: PciiCipher | undefined },
  added: readonly NewRow[],
  versions: ReadonlyMap<string, Version[]>,
): Promise<void> {
  // Seqs are allocated first so the flags of a whole object (old and new rows) can be
  // computed by seq before anything is written.
  const seqs = await tx.query<{ seq: number }>(
    'SELECT nextval(pg_get_serial_sequence($1, $2)) AS seq FROM generate_series(1, $3)',
    ['objects', 'seq', added.length],
  );
  const allocated = seqs.rows.map((r) => r.seq).sort((a, b) => a - b);
  added.forEach((row, i) => {
    row.entry.seq = allocated[i] as number;
  });
  const flagsBySeq = new Map<number, readonly [number, number, number]>();
  const consentById = new Map<string, ConsentLevel>();
  const updates: VersionUpdate[] = [];
  for (const id of new Set(added.map((r) => r.obj.stixId))) {
    const list = versions.get(id) ?? [];
    const consent = list.reduce<ConsentLevel>(
      (c, v) => stricterConsent(c, v.consent),
      list[0]?.consent ?? 'none',
    );
    consentById.set(id, consent);
    for (const [seq, f] of computeVersionFlags(list)) {
      flagsBySeq.set(seq, [+f.isFirst, +f.isLast, +f.inLatestSpec]);
    }
    for (const v of list) {
      const now = flagsBySeq.get(v.seq);
      if (v.stored === undefined || now === undefined) continue;
      if (now.some((x, i) => x !== v.stored?.[i]) || v.consent !== consent) {
        updates.push([v.seq, ...now, consent]);
      }
    }
  }
  const col = <T>(pick: (r: NewRow) => T): T[] => added.map(pick);
  const flag = (i: 0 | 1 | 2) => col((r) => flagsBySeq.get(r.entry.seq)?.[i] ?? 1);
  const { coll, collectionId, cipher } = target;
  // Protected versions are sealed here, once their version (for SCOs, date_added) is known.
  const stored = added.map((r) =>
    sealedBodies(cipher, r.obj, { collectionId, stixId: r.obj.stixId, version: r.entry.version }),
  );
  const bodies = packTexts(stored.map((b) => b.json));
  // From the plain object, so a protected version's references are known although sealed.
  const references = added.map((r) => referenceRows(r.obj.object, r.obj.anonymisedJson));
  const anonymised = packTexts(stored.map((b) => b.anonymisedJson ?? null));
  // One INSERT for the whole batch: one array parameter per column, zipped by unnest.
  await tx.query(
    `INSERT INTO objects (seq, coll, stix_id, id_hash, type, version, version_key, spec_version, date_added,
       is_first, is_last, in_latest_spec, json, tlp, submitter_org_id, submitter_user_id, consent,
       providers_allowed, recipients, source_identity, json_anon, review_state, protected, pcii_state, has_refs)
     SELECT u.seq, $1, u.stix_id, u.id_hash, u.type, u.version, u.version_key, u.spec_version, u.date_added,
       u.f, u.l, u.s, u.json, u.tlp, u.org, u.usr, u.consent, u.providers, u.recipients, u.source, u.anon, u.review,
       u.prot, u.pcii, u.refs
     FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[],
                 $10::smallint[], $11::smallint[], $12::smallint[], ${bodies.sql(13)}, $14::text[], $15::text[],
                 $16::text[], $17::text[], $18::smallint[], $19::text[], $20::smallint[], ${anonymised.sql(21)}, $22::text[],
                 $23::smallint[], $24::text[], $25::smallint[])
       AS u(seq, stix_id, id_hash, type, version, version_key, spec_version, date_added, f, l, s, json,
            tlp, org, usr, consent, providers, recipients, source, anon, review, prot, pcii, refs)`,
    [
      coll,
      col((r) => r.entry.seq),
      col((r) => r.obj.stixId),
      col((r) => idHash(r.obj.stixId)),
      col((r) => r.obj.type),
      col((r) => r.entry.version),
      col((r) => r.entry.versionKey),
      col((r) => r.obj.specVersion),
      col((r) => r.dateAdded),
      flag(0),
      flag(1),
      flag(2),
      bodies.param,
      col((r) => r.obj.envelope.tlp),
      col((r) => r.obj.envelope.submitterOrgId),
      col((r) => r.obj.envelope.submitterUserId ?? null),
      col((r) => consentById.get(r.obj.stixId) ?? r.obj.envelope.consent),
      col((r) => +r.obj.envelope.providersAllowed),
      col((r) => JSON.stringify(r.obj.envelope.recipients)),
      col((r) => +r.obj.envelope.sourceIdentity),
      anonymised.param,
      col((r) => r.obj.envelope.reviewState ?? 'released'),
      col((r) => (r.obj.envelope.pcii === undefined ? 0 : 1)),
      col((r) => r.obj.envelope.pcii ?? null),
      references.map((refs) => (refs.length > 0 ? 1 : 0)),
    ],
  );
  await insertReferences(tx, added, references);
  if (updates.length > 0) await updateVersions(tx, updates);
}

/** The content references of the new rows (issue 5), in one statement. */
async function insertReferences(
  tx: PgQueryable,
  added: readonly NewRow[],
  references: readonly (readonly ReferenceRow[])[],
): Promise<void> {
  const seqs: number[] = [];
  const hashes: number[] = [];
  const ids: string[] = [];
  added.forEach((row, i) => {
    for (const r of references[i] ?? []) {
      seqs.push(row.entry.seq);
      hashes.push(r.targetHash);
      ids.push(r.targetId);
    }
  });
  if (seqs.length === 0) return;
  await tx.query(
    `INSERT INTO object_refs (seq, target_hash, target_id)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[])`,
    [seqs, hashes, ids],
  );
}

/** [seq, isFirst, isLast, inLatestSpec, consent (null: unchanged)] of one stored version. */
export type VersionUpdate = readonly [number, number, number, number, ConsentLevel | null];

/** Rewrites the flags (and consent, where given) of stored versions in one statement. */
export async function updateVersions(tx: PgQueryable, rows: readonly VersionUpdate[]): Promise<void> {
  await tx.query(
    `UPDATE objects o SET is_first = u.f, is_last = u.l, in_latest_spec = u.s, consent = COALESCE(u.c, o.consent)
     FROM unnest($1::bigint[], $2::smallint[], $3::smallint[], $4::smallint[], $5::text[]) AS u(seq, f, l, s, c)
     WHERE o.seq = u.seq`,
    [0, 1, 2, 3, 4].map((i) => rows.map((r) => r[i])),
  );
}

/** The review record of a version stored held (DESIGN.md §3 "Personal data"). */
export async function insertReview(tx: PgQueryable, row: NewRow, status: StatusRecord): Promise<void> {
  const r = row.obj.review;
  if (r === undefined) return;
  await tx.query(
    `INSERT INTO reviews (id, community_id, collection_id, status_id, seq, stix_id, version, submitter_org_id, findings, redacted_json, redacted_anon, held_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      r.id,
      status.communityId,
      status.collectionId,
      status.id,
      row.entry.seq,
      row.obj.stixId,
      row.entry.version,
      row.obj.envelope.submitterOrgId,
      JSON.stringify(r.findings),
      r.redactedJson,
      r.redactedAnonymisedJson ?? null,
      row.dateAdded,
    ],
  );
}

/** The validation record of a protected version (docs/sharing.md "Protected submissions"). */
export async function insertPcii(tx: PgQueryable, row: NewRow, status: StatusRecord): Promise<void> {
  const p = row.obj.pcii;
  if (p === undefined) return;
  await tx.query(toPgPlaceholders(INSERT_PCII_SUBMISSION_SQL), [
    p.id,
    status.communityId,
    status.collectionId,
    status.id,
    row.entry.seq,
    row.obj.stixId,
    row.entry.version,
    row.obj.envelope.submitterOrgId,
    p.statement,
    row.dateAdded,
  ]);
}

/** U+001E (record separator): a raw control character cannot occur in JSON text. */
const SEPARATOR = '\x1e';

/**
 * A text column as one parameter. The bodies are most of a batch's bytes, and pg's array
 * literal escaping costs more than the INSERT itself (about 25 ms against 5 ms per 1,000
 * bodies here), so JSON bodies travel joined by a separator that JSON never contains and
 * the server splits them (`string_to_array`, '' standing for NULL: JSON is never empty).
 * Anything else falls back to a plain text[] parameter.
 */
function packTexts(values: readonly (string | null)[]): { sql(n: number): string; param: unknown } {
  const packable = values.every((v) => v === null || (v !== '' && !v.includes(SEPARATOR)));
  if (!packable) return { sql: (n) => `$${n}::text[]`, param: values };
  return {
    sql: (n) => `string_to_array($${n}::text, chr(30), '')`,
    param: values.map((v) => v ?? '').join(SEPARATOR),
  };
}
