import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ContractFixture } from './store-concurrency.contract.js';

/**
 * `findCollectionPath`: the community of an API root and a collection in it, in one
 * statement. It must agree with findCommunity (by name) followed by findCollection.
 */
export function describeCollectionPathContract(fixture: () => ContractFixture): void {
  describe('collection path in one statement', () => {
    const setUp = async () => {
      const { store, community } = fixture();
      const found = await store.tenancy.findCommunity(community);
      if (found === undefined) throw new Error('The fixture has no community');
      const id = randomUUID();
      await store.tenancy.addCollection({
        id,
        communityId: community,
        title: 'Aliased',
        description: 'with a policy',
        alias: 'feed',
        readGrants: [{ kind: 'members' }],
        writeGrants: [{ kind: 'role', role: 'analyst' }],
        policy: { requireMarkings: true, maxObjectBytes: 1000 },
        createdAt: 9,
      });
      return { store, community: found, id };
    };

    it('finds the community by name and its collection by id or alias', async () => {
      const { store, community, id } = await setUp();
      const collection = await store.tenancy.findCollection(community.id, id);
      expect(collection?.policy).toEqual({ requireMarkings: true, maxObjectBytes: 1000 });
      for (const key of [id, 'feed']) {
        expect(await store.tenancy.findCollectionPath(community.name, key)).toEqual({
          community,
          collection,
        });
      }
      const plain = await store.tenancy.findCollection(community.id, fixture().coll);
      expect(plain).toBeDefined();
      expect(await store.tenancy.findCollectionPath(community.name, fixture().coll)).toEqual({
        community,
        collection: plain,
      });
    });

    it('finds the community without a collection for an unknown or foreign key', async () => {
      const { store, community } = await setUp();
      const other = randomUUID();
      await store.tenancy.addCommunity({
        id: other,
        name: `o${other.slice(0, 8)}`,
        title: 'Other',
        kind: 'isac',
        defaultTlp: 'amber',
        maxContentLength: 1000,
        createdAt: 0,
      });
      const foreign = randomUUID();
      await store.tenancy.addCollection({
        id: foreign,
        communityId: other,
        title: 'Foreign',
        readGrants: [],
        writeGrants: [],
        createdAt: 0,
      });
      for (const key of [randomUUID(), foreign, 'no\u0000such']) {
        expect(await store.tenancy.findCollectionPath(community.name, key)).toEqual({
          community,
          collection: undefined,
        });
      }
    });

    it('finds nothing for an unknown community or a community id in place of its name', async () => {
      const { store, community, id } = await setUp();
      expect(await store.tenancy.findCollectionPath(`x${randomUUID()}`, id)).toBeUndefined();
      expect(await store.tenancy.findCollectionPath(community.id, id)).toBeUndefined();
    });
  });
}
