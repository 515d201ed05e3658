import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { VisibilityFilter } from '../../src/sharing/index.js';
import { tryTimestampKey } from '../../src/stix/index.js';
import type { Cursor, ObjectQuery, PreparedObject, Store, StoredVersion } from '../../src/store/index.js';
import {
  CONTRACT_ENVELOPE,
  type ContractFixture,
  type StoreContractOptions,
  contractStatus as status,
} from './store-concurrency.contract.js';

/** The PCII key of every contract store, so protected versions can be stored and decided. */
export const CONTRACT_PCII_KEY = randomBytes(32);

const MODIFIED = '2026-01-01T00:00:00Z';
const LAST: ObjectQuery['versions'] = { all: false, first: false, last: true, keys: [] };
const ALL: ObjectQuery['versions'] = { all: true, first: false, last: false, keys: [] };
/** A member of another organisation, no reviewer: released versions only. */
const MEMBER: VisibilityFilter = { anyOf: [{ tlps: ['amber'], releasedOnly: true }] };
/** A pcii-certified member of another organisation: also validated protected versions. */
const CERTIFIED: VisibilityFilter = {
  anyOf: [
    { tlps: ['amber'], releasedOnly: true },
    { tlps: ['amber'], releasedOnly: true, pcii: ['validated'] },
  ],
};

type Kind = 'clean' | 'held' | 'protected';

function version(kind: Kind, stixId = `indicator--${randomUUID()}`, modified = MODIFIED): PreparedObject {
  const object = {
    type: 'indicator',
    id: stixId,
    spec_version: '2.1',
    created: MODIFIED,
    modified,
    pattern: "[ipv4-addr:value = '192.0.2.1']",
    pattern_type: 'stix',
    valid_from: MODIFIED,
    description: kind === 'held' ? 'Call jo@victim.example' : kind,
  };
  const redacted = { ...object, description: 'Call [REDACTED:email]' };
  return {
    stixId,
    type: 'indicator',
    version: modified,
    versionKey: tryTimestampKey(modified),
    specVersion: '2.1',
    json: JSON.stringify(object),
    object,
    envelope: {
      ...CONTRACT_ENVELOPE,
      ...(kind === 'held' ? { reviewState: 'held' as const } : {}),
      ...(kind === 'protected' ? { pcii: 'pending' as const } : {}),
    },
    ...(kind === 'held'
      ? {
          review: {
            id: randomUUID(),
            findings: [{ kind: 'email', path: '$.description', keys: ['description'], start: 5, end: 22 }],
            redactedJson: JSON.stringify(redacted),
          },
        }
      : {}),
    ...(kind === 'protected' ? { pcii: { id: randomUUID(), statement: 'Submitted for protection.' } } : {}),
  };
}

/**
 * A clean opinion on `targets` (its `object_refs`): the reference rule withholds it from a
 * reader wherever that reader receives no version of one of them.
 */
function referrer(targets: readonly string[]): PreparedObject {
  const stixId = `opinion--${randomUUID()}`;
  const object = {
    type: 'opinion',
    id: stixId,
    spec_version: '2.1',
    created: MODIFIED,
    modified: MODIFIED,
    opinion: 'agree',
    object_refs: targets,
  };
  return {
    stixId,
    type: 'opinion',
    version: MODIFIED,
    versionKey: tryTimestampKey(MODIFIED),
    specVersion: '2.1',
    json: JSON.stringify(object),
    object,
    envelope: CONTRACT_ENVELOPE,
  };
}

/** Every stored version, in added order, with no sharing filter (an operator's view). */
async function everything(store: Store, coll: string): Promise<StoredVersion[]> {
  return [...(await store.objects.manifest(coll, { versions: ALL, limit: 1000 })).items];
}

/** What a reader receives after a position, in added order. */
async function poll(
  f: ContractFixture,
  visibility: VisibilityFilter,
  from: { readonly addedAfter?: number; readonly after?: Cursor },
): Promise<StoredVersion[]> {
  return [
    ...(await f.store.objects.manifest(f.coll, { versions: LAST, limit: 1000, visibility, ...from })).items,
  ];
}

const dateOf = (rows: readonly StoredVersion[], stixId: string) =>
  rows.find((r) => r.stixId === stixId)?.dateAdded;
const idsOf = (rows: readonly StoredVersion[]) => rows.map((r) => r.stixId);
const ids = (objects: readonly PreparedObject[]) => objects.map((o) => o.stixId);

/**
 * Issue 6: a version released from personal-data review or PCII validation is dated at its
 * release, strictly after everything the collection held, so a reader that polled
 * (`added_after`, a cursor) or streamed past its submission still receives it.
 */
export function describeReleaseDatingContract(
  fixture: () => ContractFixture,
  options: StoreContractOptions,
): void {
  describe('dating released versions', () => {
    it('dates a version approved or redacted in review at its release, keeping its seq', async () => {
      const f = fixture();
      const [approved, redacted, rejected, before] = [
        version('held'),
        version('held'),
        version('held'),
        version('clean'),
      ];
      await f.store.objects.add(f.coll, [approved, before, redacted, rejected], status(f));
      const after = version('clean');
      await f.store.objects.add(f.coll, [after], status(f));
      const seen = await poll(f, MEMBER, {});
      expect(seen.map((v) => v.stixId)).toEqual([before.stixId, after.stixId]);
      const last = seen.at(-1) as StoredVersion;
      const stored = await everything(f.store, f.coll);

      // Decided with a clock reading behind the collection's dates: the next date after them.
      const decide = (p: PreparedObject, d: 'approve' | 'redact' | 'reject', at: number) =>
        f.store.reviews.decide(p.review?.id as string, d, { message: d, at });
      await decide(approved, 'approve', 42);
      await decide(rejected, 'reject', 42);
      // Decided with a clock reading ahead of them: that reading.
      const later = last.dateAdded + 5_000_000;
      await decide(redacted, 'redact', later);

      const fresh = await poll(f, MEMBER, { addedAfter: last.dateAdded });
      expect(fresh.map((v) => v.stixId)).toEqual([approved.stixId, redacted.stixId]);
      expect(fresh.map((v) => v.dateAdded)).toEqual([last.dateAdded + 1, later]);
      const cursor = await poll(f, MEMBER, { after: { dateAdded: last.dateAdded, seq: last.seq } });
      expect(cursor.map((v) => v.stixId)).toEqual([approved.stixId, redacted.stixId]);

      const now = await everything(f.store, f.coll);
      expect(now.map((v) => v.stixId)).toEqual([
        before.stixId,
        after.stixId,
        approved.stixId,
        redacted.stixId,
      ]);
      for (const v of now) {
        expect(v.seq, v.stixId).toBe(stored.find((s) => s.stixId === v.stixId)?.seq);
      }
      // Versions that were not released keep their dates; the rejected one is gone.
      expect(dateOf(now, before.stixId)).toBe(dateOf(stored, before.stixId));
      expect(dateOf(now, after.stixId)).toBe(dateOf(stored, after.stixId));
      expect(await f.store.objects.exists(f.coll, rejected.stixId)).toBe(false);
    });

    it('dates a released newer version after the older one readers already have', async () => {
      const f = fixture();
      const v1 = version('clean');
      const v2 = version('held', v1.stixId, '2026-02-01T00:00:00Z');
      await f.store.objects.add(f.coll, [v1], status(f));
      await f.store.objects.add(f.coll, [v2], status(f));
      await f.store.objects.add(f.coll, [version('clean')], status(f));
      const seen = await poll(f, MEMBER, {});
      expect(seen.find((v) => v.stixId === v1.stixId)?.version).toBe(MODIFIED);
      const last = seen.at(-1) as StoredVersion;
      await f.store.reviews.decide(v2.review?.id as string, 'approve', { message: 'ok', at: 1 });
      const fresh = await poll(f, MEMBER, { addedAfter: last.dateAdded });
      expect(fresh.map((v) => `${v.stixId}@${v.version}`)).toEqual([`${v1.stixId}@${v2.version}`]);
    });

    it('dates a validated protected version at its validation; a rejected one keeps its date', async () => {
      const f = fixture();
      const [validated, rejected, clean] = [version('protected'), version('protected'), version('clean')];
      await f.store.objects.add(f.coll, [validated, rejected, clean], status(f));
      const seen = await poll(f, CERTIFIED, {});
      expect(seen.map((v) => v.stixId)).toEqual([clean.stixId]);
      const last = seen.at(-1) as StoredVersion;
      const stored = await everything(f.store, f.coll);

      const decide = (p: PreparedObject, d: 'validate' | 'reject') =>
        f.store.pcii.decide(p.pcii?.id as string, d, { message: d, at: 42, by: 'officer' });
      expect((await decide(rejected, 'reject'))?.state).toBe('rejected');
      expect((await decide(validated, 'validate'))?.state).toBe('validated');

      const fresh = await poll(f, CERTIFIED, { addedAfter: last.dateAdded });
      expect(fresh.map((v) => [v.stixId, v.dateAdded])).toEqual([[validated.stixId, last.dateAdded + 1]]);
      const now = await everything(f.store, f.coll);
      expect(dateOf(now, rejected.stixId)).toBe(dateOf(stored, rejected.stixId));
      expect(dateOf(now, validated.stixId)).toBeGreaterThan(Math.max(...stored.map((v) => v.dateAdded)));
      expect(now.find((v) => v.stixId === validated.stixId)?.seq).toBe(
        stored.find((v) => v.stixId === validated.stixId)?.seq,
      );
      // The decision record still names the version as submitted.
      expect(await f.store.pcii.get(validated.pcii?.id as string)).toMatchObject({
        version: MODIFIED,
        json: validated.json,
      });
    });

    it('dates the versions that reference a released version right after it, in their old order', async () => {
      const f = fixture();
      const add = (objects: PreparedObject[]) => f.store.objects.add(f.coll, objects, status(f));
      const [target, other] = [version('held'), version('clean')];
      await add([target]);
      const [first, second] = [referrer([target.stixId]), referrer([other.stixId, target.stixId])];
      const unrelated = referrer([other.stixId]);
      await add([first, other, unrelated]);
      await add([second]);
      // One level: a version naming a referrer is judged by the referrer's own envelope, so
      // the reader receives it already and it keeps its date.
      const chained = referrer([first.stixId]);
      await add([chained]);
      const seen = await poll(f, MEMBER, {});
      expect(idsOf(seen)).toEqual(ids([other, unrelated, chained]));
      const last = seen.at(-1) as StoredVersion;
      const stored = await everything(f.store, f.coll);

      await f.store.reviews.decide(target.review?.id as string, 'approve', { message: 'ok', at: 42 });

      const fresh = await poll(f, MEMBER, { addedAfter: last.dateAdded });
      expect(idsOf(fresh)).toEqual(ids([target, first, second]));
      expect(fresh.map((v) => v.dateAdded)).toEqual([1, 2, 3].map((n) => last.dateAdded + n));
      const cursor = await poll(f, MEMBER, { after: { dateAdded: last.dateAdded, seq: last.seq } });
      expect(idsOf(cursor)).toEqual(ids([target, first, second]));
      const now = await everything(f.store, f.coll);
      expect(idsOf(now)).toEqual(ids([other, unrelated, chained, target, first, second]));
      for (const v of now) expect(v.seq, v.stixId).toBe(stored.find((s) => s.stixId === v.stixId)?.seq);
      for (const kept of [other, unrelated, chained])
        expect(dateOf(now, kept.stixId)).toBe(dateOf(stored, kept.stixId));
    });

    it('dates the referrers of a rejected or deleted object once no version of its id is left', async () => {
      const f = fixture();
      const add = (objects: PreparedObject[]) => f.store.objects.add(f.coll, objects, status(f));
      const rejected = version('held');
      const deleted = version('held');
      const newer = version('held', deleted.stixId, '2026-02-01T00:00:00Z');
      await add([rejected, deleted, newer]);
      const [ofRejected, ofDeleted] = [referrer([rejected.stixId]), referrer([deleted.stixId])];
      await add([ofRejected, ofDeleted]);
      await add([version('clean')]);
      const seen = await poll(f, MEMBER, {});
      expect(seen).toHaveLength(1);
      const last = seen[0] as StoredVersion;

      await f.store.reviews.decide(rejected.review?.id as string, 'reject', { message: 'no', at: 42 });
      const afterReject = await poll(f, MEMBER, { addedAfter: last.dateAdded });
      expect(afterReject.map((v) => [v.stixId, v.dateAdded])).toEqual([
        [ofRejected.stixId, last.dateAdded + 1],
      ]);

      // One version of the id goes: the other still withholds its referrer, whose date stays.
      const before = await everything(f.store, f.coll);
      const remove = (versions: ObjectQuery['versions']) =>
        f.store.objects.remove(f.coll, deleted.stixId, { ids: [deleted.stixId], versions, limit: 1 });
      expect(await remove(LAST)).toBe(1);
      expect(await poll(f, MEMBER, { addedAfter: last.dateAdded + 1 })).toEqual([]);
      expect(dateOf(await everything(f.store, f.coll), ofDeleted.stixId)).toBe(
        dateOf(before, ofDeleted.stixId),
      );

      expect(await remove(ALL)).toBe(1);
      const afterDelete = await poll(f, MEMBER, { addedAfter: last.dateAdded + 1 });
      expect(afterDelete.map((v) => [v.stixId, v.dateAdded])).toEqual([
        [ofDeleted.stixId, last.dateAdded + 2],
      ]);
    });

    it('dates the referrers of a validated protected version; those of a rejected one keep their dates', async () => {
      const f = fixture();
      const add = (objects: PreparedObject[]) => f.store.objects.add(f.coll, objects, status(f));
      const [validated, rejected] = [version('protected'), version('protected')];
      await add([validated, rejected]);
      const [ofValidated, ofRejected] = [referrer([validated.stixId]), referrer([rejected.stixId])];
      await add([ofValidated, ofRejected, version('clean')]);
      const seen = await poll(f, CERTIFIED, {});
      expect(seen).toHaveLength(1);
      const last = seen[0] as StoredVersion;
      const stored = await everything(f.store, f.coll);

      const decide = (p: PreparedObject, d: 'validate' | 'reject') =>
        f.store.pcii.decide(p.pcii?.id as string, d, { message: d, at: 42, by: 'officer' });
      await decide(rejected, 'reject');
      await decide(validated, 'validate');

      const fresh = await poll(f, CERTIFIED, { addedAfter: last.dateAdded });
      expect(fresh.map((v) => [v.stixId, v.dateAdded])).toEqual([
        [validated.stixId, last.dateAdded + 1],
        [ofValidated.stixId, last.dateAdded + 2],
      ]);
      expect(dateOf(await everything(f.store, f.coll), ofRejected.stixId)).toBe(
        dateOf(stored, ofRejected.stixId),
      );
    });

    const openSibling = options.openSibling;
    it('keeps date_added unique and cursors exact while releases race adds', async () => {
      const f = fixture();
      const other = openSibling === undefined ? f.store : await openSibling(f.clock);
      try {
        const held = Array.from({ length: 12 }, (_, i) => version(i % 2 === 0 ? 'held' : 'protected'));
        await f.store.objects.add(f.coll, held, status(f));
        let writing = true;
        const release = (p: PreparedObject, i: number) => {
          const store = i % 2 === 0 ? f.store : other;
          return p.review !== undefined
            ? store.reviews.decide(p.review.id, 'approve', { message: 'ok', at: 1 })
            : store.pcii.decide(p.pcii?.id as string, 'validate', { message: 'ok', at: 1, by: 'officer' });
        };
        const writers = Promise.all([
          (async () => {
            for (let i = 0; i < 6; i++) {
              await f.store.objects.add(f.coll, [version('clean'), version('clean')], status(f));
            }
          })(),
          (async () => {
            for (let i = 0; i < 6; i++) {
              await other.objects.add(f.coll, [version('clean'), version('clean')], status(f));
            }
          })(),
          (async () => {
            for (const [i, p] of held.entries()) await release(p, i);
          })(),
        ]).finally(() => {
          writing = false;
        });
        // A certified reader walks by cursor meanwhile: a release dated behind its cursor
        // would be missed, so what it saw must be exactly what it may see, in order.
        const seen: number[] = [];
        let after: Cursor | undefined;
        const walk = async (): Promise<number> => {
          const page = await other.objects.manifest(f.coll, {
            versions: ALL,
            limit: 5,
            visibility: CERTIFIED,
            ...(after === undefined ? {} : { after }),
          });
          for (const v of page.items) seen.push(v.seq);
          const last = page.items.at(-1);
          if (last !== undefined) after = { dateAdded: last.dateAdded, seq: last.seq };
          return page.items.length;
        };
        while (writing) await walk();
        await writers;
        while ((await walk()) > 0);
        const all = await everything(f.store, f.coll);
        expect(all).toHaveLength(36);
        expect(new Set(all.map((v) => v.dateAdded)).size).toBe(36);
        expect(seen).toEqual(all.map((v) => v.seq));
      } finally {
        if (other !== f.store) await other.close();
      }
    });
  });
}
