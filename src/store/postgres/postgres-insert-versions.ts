import type { ConsentLevel } from '../../core/index.js';
import { stricterConsent } from '../../sharing/index.js';
import { idHash } from '../sql/id-hash.js';
import { type ReferenceRow, referenceRows } from '../sql/object-references-sql.js';
import { type PciiCipher, sealedBodies } from '../sql/pcii-cipher.js';
import { computeVersionFlags } from '../sql/version-flags.js';
import type { PreparedObject, StatusRecord } from '../store.js';
import { type PgParams, type PgQueryable, pgParams } from './pg-database.js';

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
 * The writes of a batch's new rows, as parts of the batch's one combined statement
 * (postgres-add-objects.ts): the rows with their flags and consent, their references, the
 * corrected flags and consent of the versions beside them, and the review and PCII records
 * of held and protected versions, each part present only when it has rows. Consent only
 * narrows across versions (as in the SQLite adapter), so no version reveals a source another
 * hides: every version of an object the batch touched ends with the strictest consent among
 * them. The rows' seqs are already allocated, so flags are computed by seq before anything
 * is written.
 */
export function newRowWrites(
  params: PgParams,
  target: { readonly coll: number; readonly collectionId: string; readonly cipher?: PciiCipher | undefined },
  added: readonly NewRow[],
  versions: ReadonlyMap<string, Version[]>,
  status: StatusRecord,
): string[] {
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
  // From the plain object, so a protected version's references are known although sealed.
  const references = added.map((r) => referenceRows(r.obj.object, r.obj.anonymisedJson));
  const $ = (value: unknown, type: string) => `${params.add(value)}::${type}`;
  // One INSERT for the whole batch: one array parameter per column, zipped by unnest.
  const rows = `INSERT INTO objects (seq, coll, stix_id, id_hash, type, version, version_key, spec_version, date_added,
       is_first, is_last, in_latest_spec, json, tlp, submitter_org_id, submitter_user_id, consent,
       providers_allowed, recipients, source_identity, json_anon, review_state, protected, pcii_state, has_refs)
     SELECT u.seq, ${$(coll, 'bigint')}, u.stix_id, u.id_hash, u.type, u.version, u.version_key, u.spec_version,
       u.date_added, u.f, u.l, u.s, u.json, u.tlp, u.org, u.usr, u.consent, u.providers, u.recipients, u.source,
       u.anon, u.review, u.prot, u.pcii, u.refs
     FROM unnest(${$(
       col((r) => r.entry.seq),
       'bigint[]',
     )}, ${$(
       col((r) => r.obj.stixId),
       'text[]',
     )},
       ${$(
         col((r) => idHash(r.obj.stixId)),
         'bigint[]',
       )}, ${$(
         col((r) => r.obj.type),
         'text[]',
       )},
       ${$(
         col((r) => r.entry.version),
         'text[]',
       )}, ${$(
         col((r) => r.entry.versionKey),
         'text[]',
       )},
       ${$(
         col((r) => r.obj.specVersion),
         'text[]',
       )}, ${$(
         col((r) => r.dateAdded),
         'bigint[]',
       )},
       ${$(flag(0), 'smallint[]')}, ${$(flag(1), 'smallint[]')}, ${$(flag(2), 'smallint[]')},
       ${packedTexts(
         params,
         stored.map((b) => b.json),
       )}, ${$(
         col((r) => r.obj.envelope.tlp),
         'text[]',
       )},
       ${$(
         col((r) => r.obj.envelope.submitterOrgId),
         'text[]',
       )},
       ${$(
         col((r) => r.obj.envelope.submitterUserId ?? null),
         'text[]',
       )},
       ${$(
         col((r) => consentById.get(r.obj.stixId) ?? r.obj.envelope.consent),
         'text[]',
       )},
       ${$(
         col((r) => +r.obj.envelope.providersAllowed),
         'smallint[]',
       )},
       ${$(
         col((r) => JSON.stringify(r.obj.envelope.recipients)),
         'text[]',
       )},
       ${$(
         col((r) => +r.obj.envelope.sourceIdentity),
         'smallint[]',
       )},
       ${packedTexts(
         params,
         stored.map((b) => b.anonymisedJson ?? null),
       )},
       ${$(
         col((r) => r.obj.envelope.reviewState ?? 'released'),
         'text[]',
       )},
       ${$(
         col((r) => (r.obj.envelope.pcii === undefined ? 0 : 1)),
         'smallint[]',
       )},
       ${$(
         col((r) => r.obj.envelope.pcii ?? null),
         'text[]',
       )},
       ${$(
         references.map((refs) => (refs.length > 0 ? 1 : 0)),
         'smallint[]',
       )})
       AS u(seq, stix_id, id_hash, type, version, version_key, spec_version, date_added, f, l, s, json,
            tlp, org, usr, consent, providers, recipients, source, anon, review, prot, pcii, refs)`;
  return [
    rows,
    ...referenceWrites(params, added, references),
    ...(updates.length > 0 ? [versionUpdateSql(params, updates)] : []),
    ...reviewWrites(params, added, status),
    ...pciiWrites(params, added, status),
  ];
}

/** The content references of the new rows (issue 5): none, or one INSERT for all. */
function referenceWrites(
  params: PgParams,
  added: readonly NewRow[],
  references: readonly (readonly ReferenceRow[])[],
): string[] {
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
  if (seqs.length === 0) return [];
  return [
    `INSERT INTO object_refs (seq, target_hash, target_id)
     SELECT u.seq, u.h, u.id FROM unnest(${params.add(seqs)}::bigint[], ${params.add(hashes)}::bigint[], ${params.add(ids)}::text[]) AS u(seq, h, id)`,
  ];
}

/** [seq, isFirst, isLast, inLatestSpec, consent (null: unchanged)] of one stored version. */
export type VersionUpdate = readonly [number, number, number, number, ConsentLevel | null];

function versionUpdateSql(params: PgParams, rows: readonly VersionUpdate[]): string {
  const [seq, f, l, s, c] = [0, 1, 2, 3, 4].map((i) => params.add(rows.map((r) => r[i])));
  return `UPDATE objects o SET is_first = u.f, is_last = u.l, in_latest_spec = u.s, consent = COALESCE(u.c, o.consent)
     FROM unnest(${seq}::bigint[], ${f}::smallint[], ${l}::smallint[], ${s}::smallint[], ${c}::text[]) AS u(seq, f, l, s, c)
     WHERE o.seq = u.seq`;
}

/** Rewrites the flags (and consent, where given) of stored versions in one statement. */
export async function updateVersions(tx: PgQueryable, rows: readonly VersionUpdate[]): Promise<void> {
  const params = pgParams();
  await tx.query(versionUpdateSql(params, rows), params.values);
}

/** The review records of the versions stored held (DESIGN.md §3 "Personal data"), in one INSERT. */
function reviewWrites(params: PgParams, added: readonly NewRow[], status: StatusRecord): string[] {
  const held = added.flatMap((row) => (row.obj.review === undefined ? [] : [{ row, r: row.obj.review }]));
  if (held.length === 0) return [];
  const $ = (pick: (h: (typeof held)[number]) => unknown, type: string) =>
    `${params.add(held.map(pick))}::${type}`;
  return [
    `INSERT INTO reviews (id, community_id, collection_id, status_id, seq, stix_id, version, submitter_org_id,
       findings, redacted_json, redacted_anon, held_at)
     SELECT u.id, ${params.add(status.communityId)}::text, ${params.add(status.collectionId)}::text, ${params.add(status.id)}::text,
       u.seq, u.stix_id, u.version, u.org, u.findings, u.redacted, u.anon, u.held_at
     FROM unnest(${$((h) => h.r.id, 'text[]')}, ${$((h) => h.row.entry.seq, 'bigint[]')},
       ${$((h) => h.row.obj.stixId, 'text[]')}, ${$((h) => h.row.entry.version, 'text[]')},
       ${$((h) => h.row.obj.envelope.submitterOrgId, 'text[]')}, ${$((h) => JSON.stringify(h.r.findings), 'text[]')},
       ${$((h) => h.r.redactedJson, 'text[]')}, ${$((h) => h.r.redactedAnonymisedJson ?? null, 'text[]')},
       ${$((h) => h.row.dateAdded, 'bigint[]')})
       AS u(id, seq, stix_id, version, org, findings, redacted, anon, held_at)`,
  ];
}

/**
 * The validation records of protected versions (docs/sharing.md "Protected submissions"),
 * in one INSERT: the columns of INSERT_PCII_SUBMISSION_SQL, which the SQLite adapter runs per row.
 */
function pciiWrites(params: PgParams, added: readonly NewRow[], status: StatusRecord): string[] {
  const held = added.flatMap((row) => (row.obj.pcii === undefined ? [] : [{ row, p: row.obj.pcii }]));
  if (held.length === 0) return [];
  const $ = (pick: (h: (typeof held)[number]) => unknown, type: string) =>
    `${params.add(held.map(pick))}::${type}`;
  return [
    `INSERT INTO pcii_submissions (id, community_id, collection_id, status_id, seq, stix_id, version,
       submitter_org_id, statement, state, submitted_at)
     SELECT u.id, ${params.add(status.communityId)}::text, ${params.add(status.collectionId)}::text, ${params.add(status.id)}::text,
       u.seq, u.stix_id, u.version, u.org, u.statement, 'pending', u.submitted_at
     FROM unnest(${$((h) => h.p.id, 'text[]')}, ${$((h) => h.row.entry.seq, 'bigint[]')},
       ${$((h) => h.row.obj.stixId, 'text[]')}, ${$((h) => h.row.entry.version, 'text[]')},
       ${$((h) => h.row.obj.envelope.submitterOrgId, 'text[]')}, ${$((h) => h.p.statement, 'text[]')},
       ${$((h) => h.row.dateAdded, 'bigint[]')})
       AS u(id, seq, stix_id, version, org, statement, submitted_at)`,
  ];
}

/** U+001E (record separator): a raw control character cannot occur in JSON text. */
const SEPARATOR = '\x1e';

/**
 * A text column as one parameter, and the SQL that makes it a text[]. The bodies are most of a batch's bytes, and pg's array
 * literal escaping costs more than the INSERT itself (about 25 ms against 5 ms per 1,000
 * bodies here), so JSON bodies travel joined by a separator that JSON never contains and
 * the server splits them (`string_to_array`, '' standing for NULL: JSON is never empty).
 * Anything else falls back to a plain text[] parameter.
 */
function packedTexts(params: PgParams, values: readonly (string | null)[]): string {
  const packable = values.every((v) => v === null || (v !== '' && !v.includes(SEPARATOR)));
  if (!packable) return `${params.add(values)}::text[]`;
  return `string_to_array(${params.add(values.map((v) => v ?? '').join(SEPARATOR))}::text, chr(30), '')`;
}
