import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONSENT_LEVELS, ORG_CLASSES, TLP_LEVELS } from '../../core/index.js';
import {
  compileExportVisibility,
  compileVisibility,
  matchesFilter,
  matchesTargets,
  PCII_STATES,
  type Reader,
  receivedInCollection,
  type SharingEnvelope,
  type VisibilityFilter,
} from '../../sharing/index.js';
import { idHash } from './id-hash.js';
import { visibilitySql } from './visibility-sql.js';

const ORG_OF_USER: Record<string, string> = { a1: 'A', a2: 'A', b1: 'B', c1: 'C' };
const users = Object.keys(ORG_OF_USER);

const readerArb: fc.Arbitrary<Reader> = fc
  .record({
    kind: fc.constantFrom('user' as const, 'token' as const),
    id: fc.constantFrom(...users),
    orgClass: fc.constantFrom(...ORG_CLASSES),
    hubAdmin: fc.boolean(),
    reviewer: fc.boolean(),
    pciiOfficer: fc.boolean(),
    pciiCertified: fc.boolean(),
  })
  .map((r) => ({ ...r, orgId: ORG_OF_USER[r.id] as string, hubAdmin: r.kind === 'user' && r.hubAdmin }));

const envelopeArb: fc.Arbitrary<SharingEnvelope> = fc
  .record({
    tlp: fc.constantFrom(...TLP_LEVELS),
    submitter: fc.constantFrom(...users),
    byToken: fc.boolean(),
    consent: fc.constantFrom(...CONSENT_LEVELS),
    providersAllowed: fc.boolean(),
    recipients: fc.subarray(users),
    sourceIdentity: fc.boolean(),
    reviewState: fc.constantFrom('released' as const, 'held' as const),
    pcii: fc.constantFrom('absent', ...PCII_STATES),
  })
  .map(({ submitter, byToken, pcii, ...rest }) => ({
    ...rest,
    submitterOrgId: ORG_OF_USER[submitter] as string,
    ...(byToken ? {} : { submitterUserId: submitter }),
    ...(pcii === 'absent' ? {} : { pcii: pcii as SharingEnvelope['pcii'] & string }),
  }));

/** A few ids, so versions of one object and references between them are common. */
const IDS = ['a', 'b', 'c', 'd'].map((c) => `malware--${c.repeat(8)}-0000-4000-8000-000000000000`);
/** An id no version is stored under: references to it never withhold. */
const OUTSIDE = 'identity--eeeeeeee-0000-4000-8000-000000000000';

/** One stored version: which collection, which object, its envelope and its references. */
const versionArb = fc.record({
  coll: fc.constantFrom(1, 2),
  stixId: fc.constantFrom(...IDS),
  envelope: envelopeArb,
  references: fc.subarray([...IDS, OUTSIDE]),
});

/**
 * The columns of `objects` the visibility SQL reads, and `object_refs`, as both migrations
 * define them (docs/architecture.md).
 */
function envelopeTable(): Database.Database {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE objects (seq INTEGER PRIMARY KEY, coll INTEGER NOT NULL, stix_id TEXT NOT NULL,
    id_hash INTEGER NOT NULL, tlp TEXT NOT NULL, submitter_org_id TEXT NOT NULL,
    submitter_user_id TEXT, consent TEXT NOT NULL, providers_allowed INTEGER NOT NULL, recipients TEXT NOT NULL,
    source_identity INTEGER NOT NULL, review_state TEXT NOT NULL, protected INTEGER NOT NULL, pcii_state TEXT,
    has_refs INTEGER NOT NULL);
    CREATE TABLE object_refs (seq INTEGER NOT NULL, target_hash INTEGER NOT NULL, target_id TEXT NOT NULL,
    PRIMARY KEY (seq, target_id)) WITHOUT ROWID;`);
  return db;
}

describe('visibilitySql agrees with matchesFilter (DESIGN.md §3: visibility compiled into the store)', () => {
  it('selects exactly the versions the in-memory rule lets through, PCII states and references included', () => {
    const db = envelopeTable();
    const insert = db.prepare('INSERT INTO objects VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const insertRef = db.prepare('INSERT INTO object_refs VALUES (?, ?, ?)');
    fc.assert(
      fc.property(fc.array(versionArb, { minLength: 1, maxLength: 30 }), readerArb, (versions, reader) => {
        db.exec('DELETE FROM objects; DELETE FROM object_refs');
        for (const [i, { coll, stixId, envelope: e, references }] of versions.entries()) {
          insert.run(
            i,
            coll,
            stixId,
            idHash(stixId),
            e.tlp,
            e.submitterOrgId,
            e.submitterUserId ?? null,
            e.consent,
            +e.providersAllowed,
            JSON.stringify(e.recipients),
            +e.sourceIdentity,
            e.reviewState ?? 'released',
            e.pcii === undefined ? 0 : 1,
            e.pcii ?? null,
            references.length > 0 ? 1 : 0,
          );
          for (const id of references) insertRef.run(i, idHash(id), id);
        }
        for (const filter of [compileVisibility(reader), compileExportVisibility(), ownOnly(reader)]) {
          const where = visibilitySql('o', filter);
          const rows = db
            .prepare(`SELECT seq FROM objects o WHERE ${where.sql} ORDER BY seq`)
            .all(...where.params);
          const expected = expectedSeqs(
            versions,
            (e) => matchesFilter(filter, e),
            (e) => matchesTargets(filter, e),
          );
          expect((rows as { seq: number }[]).map((r) => r.seq)).toEqual(expected);
        }
      }),
      { numRuns: 500 },
    );
    db.close();
  });
});

/** The seqs {@link receivedInCollection} lets through, each collection judged on its own. */
function expectedSeqs(
  versions: readonly { coll: number; stixId: string; envelope: SharingEnvelope; references: string[] }[],
  sees: (e: SharingEnvelope) => boolean,
  seesTarget: (e: SharingEnvelope) => boolean,
): number[] {
  const seqs: number[] = [];
  for (const coll of [1, 2]) {
    const inColl = versions.flatMap((v, seq) => (v.coll === coll ? [{ ...v, seq }] : []));
    const received = receivedInCollection(inColl, sees, seesTarget);
    inColl.forEach((v, i) => {
      if (received[i] === true) seqs.push(v.seq);
    });
  }
  return seqs.sort((a, b) => a - b);
}

/** A filter narrowed to the reader's own organisation, references judged as the reader sees (deleting). */
function ownOnly(reader: Reader): VisibilityFilter {
  const visible = compileVisibility(reader);
  return {
    anyOf: visible.anyOf.map((c) => ({ ...c, submitterOrgId: reader.orgId })),
    referenceTargets: visible.anyOf,
  };
}
