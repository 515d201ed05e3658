import type Database from 'better-sqlite3';
import { type Clock, type ConsentLevel, jsonEqual } from '../../core/index.js';
import { stricterConsent } from '../../sharing/index.js';
import { decideVersion } from '../sql/decide-version.js';
import { idHash } from '../sql/id-hash.js';
import { referenceRows } from '../sql/object-references-sql.js';
import { isSealed, type PciiCipher, requireCipher, sealedBodies } from '../sql/pcii-cipher.js';
import { INSERT_PCII_SUBMISSION_SQL } from '../sql/pcii-sql.js';
import { STATUS_ROW_COLUMNS, statusRowValues } from '../sql/status-details.js';
import { computeVersionFlags, type VersionRow } from '../sql/version-flags.js';
import type { AddOutcome, PreparedObject, StatusRecord } from '../store.js';

/**
 * The write path of a POST: every object and the status record in one IMMEDIATE
 * transaction, so a crash never leaves half a bundle and concurrent writers (a CLI import
 * beside the server) serialise. date_added is strictly increasing within the collection,
 * even when the clock stalls or runs backwards.
 */
export function createSqliteAdd(
  db: Database.Database,
  clock: Clock,
  cipher?: PciiCipher,
): (coll: number, objects: readonly PreparedObject[], status: StatusRecord) => AddOutcome[] {
  const maxAdded = db.prepare('SELECT max(date_added) AS m FROM objects WHERE coll = ?');
  const versionsOf = db.prepare(
    'SELECT seq, version, version_key AS versionKey, spec_version AS specVersion, consent FROM objects WHERE coll = ? AND id_hash = ? AND stix_id = ?',
  );
  const bodyOf = db.prepare('SELECT json FROM objects WHERE seq = ?');
  const insertRow = db.prepare(
    `INSERT INTO objects (coll, stix_id, id_hash, type, version, version_key, spec_version, date_added, is_first, is_last, in_latest_spec, json,
       tlp, submitter_org_id, submitter_user_id, consent, providers_allowed, recipients, source_identity, json_anon, review_state,
       protected, pcii_state, has_refs)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertRef = db.prepare('INSERT INTO object_refs (seq, target_hash, target_id) VALUES (?, ?, ?)');
  const setConsent = db.prepare(
    'UPDATE objects SET consent = ? WHERE coll = ? AND id_hash = ? AND stix_id = ? AND consent <> ?',
  );
  const insert = (
    coll: number,
    obj: PreparedObject,
    hash: number,
    version: string,
    versionKey: string,
    dateAdded: number,
    flag: 0 | 1,
    consent: ConsentLevel,
    collectionId: string,
  ) => {
    const e = obj.envelope;
    const body = sealedBodies(cipher, obj, { collectionId, stixId: obj.stixId, version });
    // From the plain object, so a protected version's references are known although sealed.
    const refs = referenceRows(obj.object, obj.anonymisedJson);
    const info = insertRow.run(
      coll,
      obj.stixId,
      hash,
      obj.type,
      version,
      versionKey,
      obj.specVersion,
      dateAdded,
      flag,
      flag,
      flag,
      body.json,
      e.tlp,
      e.submitterOrgId,
      e.submitterUserId ?? null,
      consent,
      +e.providersAllowed,
      JSON.stringify(e.recipients),
      +e.sourceIdentity,
      body.anonymisedJson ?? null,
      e.reviewState ?? 'released',
      e.pcii === undefined ? 0 : 1,
      e.pcii ?? null,
      refs.length > 0 ? 1 : 0,
    );
    for (const r of refs) insertRef.run(info.lastInsertRowid, r.targetHash, r.targetId);
    return info;
  };
  const insertPcii = db.prepare(INSERT_PCII_SUBMISSION_SQL);
  const protect = (obj: PreparedObject, seq: number, version: string, status: StatusRecord, at: number) => {
    const p = obj.pcii;
    if (p === undefined) return;
    insertPcii.run(
      p.id,
      status.communityId,
      status.collectionId,
      status.id,
      seq,
      obj.stixId,
      version,
      obj.envelope.submitterOrgId,
      p.statement,
      at,
    );
  };
  const insertReview = db.prepare(
    `INSERT INTO reviews (id, community_id, collection_id, status_id, seq, stix_id, version, submitter_org_id, findings, redacted_json, redacted_anon, held_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const hold = (obj: PreparedObject, seq: number, version: string, status: StatusRecord, at: number) => {
    const r = obj.review;
    if (r === undefined) return;
    insertReview.run(
      r.id,
      status.communityId,
      status.collectionId,
      status.id,
      seq,
      obj.stixId,
      version,
      obj.envelope.submitterOrgId,
      JSON.stringify(r.findings),
      r.redactedJson,
      r.redactedAnonymisedJson ?? null,
      at,
    );
  };
  const setFlags = db.prepare(
    'UPDATE objects SET is_first = ?, is_last = ?, in_latest_spec = ? WHERE seq = ?',
  );
  const insertStatus = db.prepare(
    `INSERT INTO statuses (${STATUS_ROW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  const sameBody = (
    stored: { seq: number; version: string },
    obj: PreparedObject,
    collectionId: string,
  ): boolean => {
    const row = bodyOf.get(stored.seq) as { json: string };
    const identity = { collectionId, stixId: obj.stixId, version: stored.version };
    const json = isSealed(row.json) ? requireCipher(cipher).open(row.json, identity) : row.json;
    return jsonEqual(JSON.parse(json), obj.object);
  };

  const run = db.transaction((coll: number, objects: readonly PreparedObject[], status: StatusRecord) => {
    const last = (maxAdded.get(coll) as { m: number | null }).m ?? 0;
    let next = Math.max(clock.nowMicros(), last + 1);
    const outcomes: AddOutcome[] = [];
    for (const obj of objects) {
      const hash = idHash(obj.stixId);
      const existing = versionsOf.all(coll, hash, obj.stixId) as (VersionRow & {
        version: string;
        consent: ConsentLevel;
      })[];
      const decision = decideVersion(obj, existing, (e) => sameBody(e, obj, status.collectionId), next);
      if (decision.kind !== 'new') {
        outcomes.push(decision);
        continue;
      }
      const { version, versionKey } = decision;
      const dateAdded = next++;
      if (existing.length === 0) {
        const info = insert(
          coll,
          obj,
          hash,
          version,
          versionKey,
          dateAdded,
          1,
          obj.envelope.consent,
          status.collectionId,
        );
        hold(obj, Number(info.lastInsertRowid), version, status, dateAdded);
        protect(obj, Number(info.lastInsertRowid), version, status, dateAdded);
      } else {
        // Consent only narrows across versions, so no version reveals a source another hides.
        const consent = existing.reduce((c, e) => stricterConsent(c, e.consent), obj.envelope.consent);
        setConsent.run(consent, coll, hash, obj.stixId, consent);
        const info = insert(coll, obj, hash, version, versionKey, dateAdded, 0, consent, status.collectionId);
        const seq = Number(info.lastInsertRowid);
        hold(obj, seq, version, status, dateAdded);
        protect(obj, seq, version, status, dateAdded);
        const flags = computeVersionFlags([...existing, { seq, versionKey, specVersion: obj.specVersion }]);
        for (const [s, f] of flags) setFlags.run(+f.isFirst, +f.isLast, +f.inLatestSpec, s);
      }
      outcomes.push({ kind: 'added', version, dateAdded });
    }
    insertStatus.run(...statusRowValues(status, objects, outcomes, clock.nowMicros()));
    return outcomes;
  });
  return (coll, objects, status) => run.immediate(coll, objects, status);
}
