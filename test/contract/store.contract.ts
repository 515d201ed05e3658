import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/index.js';
import { isHubError } from '../../src/core/index.js';
import { tryTimestampKey } from '../../src/stix/index.js';
import type { ObjectQuery, PreparedObject, StatusRecord, Store } from '../../src/store/index.js';
import { describeAuditContract } from './audit.contract.js';
import { describeClientCertificateContract } from './client-certificate.contract.js';
import { describeCollectionPathContract } from './collection-path.contract.js';
import { describePeerContract } from './peers.contract.js';
import { describePrincipalFactsContract } from './principal-facts.contract.js';
import { describeReleaseDatingContract } from './release-dating.contract.js';
import { describeReviewContract } from './review.contract.js';
import {
  CONTRACT_ENVELOPE,
  describeConcurrentWrites,
  type StoreContractOptions,
} from './store-concurrency.contract.js';

export type { StoreContractOptions };

/** A clock the test moves by hand; starts at 2026-01-01. */
export function manualClock(start = Date.UTC(2026, 0, 1) * 1000): Clock & { set(micros: number): void } {
  let now = start;
  return { nowMicros: () => now, set: (m) => (now = m) };
}

const LAST: ObjectQuery['versions'] = { all: false, first: false, last: true, keys: [] };
const FIRST: ObjectQuery['versions'] = { all: false, first: true, last: false, keys: [] };
const ALL: ObjectQuery['versions'] = { all: true, first: false, last: false, keys: [] };

function prepared(
  id: string,
  modified: string | undefined,
  extra: Record<string, unknown> = {},
  spec = '2.1',
): PreparedObject {
  const type = id.split('--')[0] as string;
  const object = {
    type,
    id,
    spec_version: spec,
    ...(modified === undefined ? {} : { created: modified, modified }),
    ...extra,
  };
  return {
    stixId: id,
    type,
    version: modified ?? '',
    versionKey: modified === undefined ? undefined : tryTimestampKey(modified),
    specVersion: spec,
    json: JSON.stringify(object),
    object,
    envelope: CONTRACT_ENVELOPE,
  };
}

function status(collectionId: string, communityId: string, id = randomUUID()): StatusRecord {
  return {
    id,
    communityId,
    collectionId,
    submitterOrgId: 'org-1',
    requestTimestamp: 1,
    status: 'complete',
    totalCount: 1,
    successes: [],
    failures: [],
    pendings: [],
  };
}

/**
 * The behaviour every Store adapter must have (DESIGN.md §4, STYLE.md §5). Each test gets a
 * fresh, empty store from `open`.
 */
export function describeStoreContract(
  name: string,
  open: (clock: Clock) => Promise<Store>,
  options: StoreContractOptions = {},
): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let clock: ReturnType<typeof manualClock>;
    let coll: string;
    let community: string;
    const add = (objects: PreparedObject[]) => store.objects.add(coll, objects, status(coll, community));
    const ids = async (query: Partial<ObjectQuery>) =>
      (await store.objects.query(coll, { versions: LAST, limit: 1000, ...query })).items.map(
        (o) => `${o.stixId}@${o.version}`,
      );

    beforeEach(async () => {
      clock = manualClock();
      store = await open(clock);
      community = randomUUID();
      coll = randomUUID();
      await store.tenancy.addCommunity({
        id: community,
        name: `c${community.slice(0, 8)}`,
        title: 'C',
        kind: 'isac',
        defaultTlp: 'amber',
        maxContentLength: 1000,
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
    });
    afterEach(async () => {
      await store.close();
    });

    it('selects the latest, first, all or specific versions of each object', async () => {
      const id = `indicator--${randomUUID()}`;
      await add([
        prepared(id, '2026-01-02T00:00:00Z'),
        prepared(id, '2026-01-01T00:00:00Z'),
        prepared(id, '2026-01-03T00:00:00.5Z'),
      ]);
      expect(await ids({})).toEqual([`${id}@2026-01-03T00:00:00.5Z`]);
      expect(await ids({ versions: FIRST })).toEqual([`${id}@2026-01-01T00:00:00Z`]);
      expect(await ids({ versions: ALL })).toHaveLength(3);
      const key = tryTimestampKey('2026-01-02T00:00:00.000Z') as string;
      expect(await ids({ versions: { all: false, first: false, last: false, keys: [key] } })).toEqual([
        `${id}@2026-01-02T00:00:00Z`,
      ]);
    });

    it('gives each version a unique, increasing date_added even when the clock stands still or goes back', async () => {
      await add(
        Array.from({ length: 50 }, () => prepared(`indicator--${randomUUID()}`, '2026-01-01T00:00:00Z')),
      );
      clock.set(0);
      await add([prepared(`indicator--${randomUUID()}`, '2026-01-01T00:00:00Z')]);
      const page = await store.objects.query(coll, { versions: LAST, limit: 1000 });
      const added = page.items.map((o) => o.dateAdded);
      expect(new Set(added).size).toBe(51);
      expect([...added].sort((a, b) => a - b)).toEqual(added);
    });

    it('pages by keyset: every object exactly once, with more', async () => {
      const all = Array.from({ length: 25 }, () =>
        prepared(`malware--${randomUUID()}`, '2026-01-01T00:00:00Z'),
      );
      await add(all);
      const seen: string[] = [];
      let query: ObjectQuery = { versions: LAST, limit: 7 };
      for (;;) {
        const page = await store.objects.query(coll, query);
        seen.push(...page.items.map((o) => o.stixId));
        const last = page.items.at(-1);
        if (!page.more || last === undefined) break;
        query = { ...query, after: { dateAdded: last.dateAdded, seq: last.seq } };
      }
      expect(seen).toEqual(all.map((o) => o.stixId));
    });

    it('filters by type and id, with several of each', async () => {
      const a = `indicator--${randomUUID()}`;
      const b = `malware--${randomUUID()}`;
      const c = `tool--${randomUUID()}`;
      await add([
        prepared(a, '2026-01-01T00:00:00Z'),
        prepared(b, '2026-01-01T00:00:00Z'),
        prepared(c, '2026-01-01T00:00:00Z'),
      ]);
      expect(await ids({ types: ['indicator', 'tool'] })).toEqual([
        `${a}@2026-01-01T00:00:00Z`,
        `${c}@2026-01-01T00:00:00Z`,
      ]);
      expect(await ids({ ids: [c, a] })).toEqual([`${a}@2026-01-01T00:00:00Z`, `${c}@2026-01-01T00:00:00Z`]);
      expect(await ids({ ids: [b], types: ['indicator'] })).toEqual([]);
    });

    it('applies added_after before choosing the latest version (checklist A2)', async () => {
      const id = `indicator--${randomUUID()}`;
      await add([prepared(id, '2026-03-01T00:00:00Z')]);
      const before = (await store.objects.query(coll, { versions: LAST, limit: 10 })).items[0]
        ?.dateAdded as number;
      clock.set(before + 10);
      await add([prepared(id, '2026-02-01T00:00:00Z')]);
      expect(await ids({ addedAfter: before })).toEqual([`${id}@2026-02-01T00:00:00Z`]);
      expect(await ids({})).toEqual([`${id}@2026-03-01T00:00:00Z`]);
    });

    it('returns only the latest spec version by default, and honours an explicit list', async () => {
      const id = `indicator--${randomUUID()}`;
      await add([
        prepared(id, '2026-05-01T00:00:00Z', {}, '2.0'),
        prepared(id, '2026-04-01T00:00:00Z', {}, '2.1'),
      ]);
      expect(await ids({})).toEqual([`${id}@2026-04-01T00:00:00Z`]);
      expect(await ids({ specVersions: ['2.0'] })).toEqual([`${id}@2026-05-01T00:00:00Z`]);
      expect(await ids({ specVersions: ['2.0', '2.1'] })).toEqual([`${id}@2026-05-01T00:00:00Z`]);
    });

    it('treats a re-posted identical object as a duplicate and a different body as a conflict', async () => {
      const id = `indicator--${randomUUID()}`;
      const first = prepared(id, '2026-01-01T00:00:00Z', { name: 'a', labels: ['x', 'y'] });
      expect(await add([first])).toEqual([expect.objectContaining({ kind: 'added' })]);
      const reordered = { ...first, object: { labels: ['x', 'y'], ...first.object } };
      expect(await add([reordered])).toEqual([expect.objectContaining({ kind: 'duplicate' })]);
      expect(
        await add([prepared(id, '2026-01-01T00:00:00.000Z', { name: 'b', labels: ['x', 'y'] })]),
      ).toEqual([expect.objectContaining({ kind: 'conflict' })]);
      expect(await store.objects.count(coll)).toBe(1);
    });

    it('versions objects without modified or created by date_added, deduplicating identical ones', async () => {
      const id = `ipv4-addr--${randomUUID()}`;
      const sco = prepared(id, undefined, { value: '198.51.100.1' });
      const [added] = await add([sco]);
      expect(added?.kind).toBe('added');
      expect(await add([sco])).toEqual([
        expect.objectContaining({ kind: 'duplicate', version: added?.version }),
      ]);
      await add([prepared(id, undefined, { value: '198.51.100.2' })]);
      expect(await store.objects.count(coll)).toBe(2);
      expect(await ids({ versions: ALL })).toHaveLength(2);
    });

    it('removes selected versions and keeps first/last right for the rest', async () => {
      const id = `indicator--${randomUUID()}`;
      await add([
        prepared(id, '2026-01-01T00:00:00Z'),
        prepared(id, '2026-01-02T00:00:00Z'),
        prepared(id, '2026-01-03T00:00:00Z'),
      ]);
      expect(await store.objects.remove(coll, id, { ids: [id], versions: LAST, limit: 1 })).toBe(1);
      expect(await ids({})).toEqual([`${id}@2026-01-02T00:00:00Z`]);
      expect(
        await store.objects.remove(coll, id, { ids: [id], versions: ALL, anySpecVersion: true, limit: 1 }),
      ).toBe(2);
      expect(await store.objects.exists(coll, id)).toBe(false);
    });

    it('stores a batch and its status together, or neither', async () => {
      const st = status(coll, community);
      await store.objects.add(coll, [prepared(`indicator--${randomUUID()}`, '2026-01-01T00:00:00Z')], st);
      const again = [prepared(`indicator--${randomUUID()}`, '2026-01-01T00:00:00Z')];
      await expect(store.objects.add(coll, again, st)).rejects.toSatisfy(isHubError);
      expect(await store.objects.count(coll)).toBe(1);
      const saved = await store.statuses.get(community, st.id);
      expect(saved?.successes).toHaveLength(1);
      expect(await store.statuses.get(randomUUID(), st.id)).toBeUndefined();
    });

    it('expires completed statuses older than a given time', async () => {
      const st = status(coll, community);
      await store.objects.add(coll, [], st);
      expect(await store.statuses.expire(clock.nowMicros() + 1)).toBe(1);
      expect(await store.statuses.get(community, st.id)).toBeUndefined();
    });

    it('reports an unknown collection as CAIRN_COLLECTION_NOT_FOUND', async () => {
      await expect(store.objects.query(randomUUID(), { versions: LAST, limit: 1 })).rejects.toMatchObject({
        code: 'CAIRN_COLLECTION_NOT_FOUND',
      });
    });

    it('keeps settings first-writer-wins', async () => {
      expect(await store.settings.setIfAbsent('k', 'one')).toBe('one');
      expect(await store.settings.setIfAbsent('k', 'two')).toBe('one');
      expect(await store.settings.get('k')).toBe('one');
    });

    it('keeps tenancy records and finds them by id or name', async () => {
      await store.tenancy.addOrganisation({
        id: 'o1',
        name: 'bank',
        orgClass: 'private',
        identityId: 'identity--x',
        createdAt: 1,
      });
      await store.tenancy.addMember(community, 'o1');
      expect((await store.tenancy.findOrganisation('bank'))?.id).toBe('o1');
      expect(await store.tenancy.memberships('o1')).toEqual([community]);
      expect(await store.tenancy.removeMember(community, 'o1')).toBe(true);
      await expect(
        store.tenancy.addOrganisation({
          id: 'o2',
          name: 'bank',
          orgClass: 'private',
          identityId: 'identity--y',
          createdAt: 1,
        }),
      ).rejects.toMatchObject({ code: 'CAIRN_CONFLICT' });
    });

    describeConcurrentWrites(() => ({ store, clock, coll, community }), options);
    describeAuditContract(() => ({ store, clock, coll, community }), options);
    describeReviewContract(() => ({ store, clock, coll, community }));
    describeReleaseDatingContract(() => ({ store, clock, coll, community }), options);
    describeClientCertificateContract(() => ({ store, clock, coll, community }));
    describePrincipalFactsContract(() => ({ store, clock, coll, community }));
    describeCollectionPathContract(() => ({ store, clock, coll, community }));
    describePeerContract(() => ({ store, clock, coll, community }));
  });
}
