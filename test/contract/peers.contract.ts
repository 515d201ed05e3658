import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Peer } from '../../src/store/index.js';
import type { ContractFixture } from './store-concurrency.contract.js';

/**
 * Federation peers (docs/federation.md): stored with a credential reference, found by name,
 * unique by name, and their pull state (position, counters, last error) kept per round.
 */
export function describePeerContract(fixture: () => ContractFixture): void {
  describe('federation peers (issue 6)', () => {
    let org: string;
    const peer = (extra: Partial<Peer> = {}): Peer => ({
      id: randomUUID(),
      name: `peer-${randomUUID().slice(0, 8)}`,
      apiRootUrl: 'https://peer.example/api1/',
      remoteCollectionId: '91a7b528-80eb-42ed-a74d-c6fbd5a26116',
      collectionId: fixture().coll,
      orgId: org,
      credentialRef: 'env:PEER_TOKEN',
      auth: { scheme: 'bearer' },
      enabled: true,
      intervalMs: 60_000,
      createdAt: 5,
      ...extra,
    });
    beforeEach(async () => {
      org = randomUUID();
      await fixture().store.tenancy.addOrganisation({
        id: org,
        name: `org-${org.slice(0, 8)}`,
        orgClass: 'international',
        identityId: `identity--${org}`,
        createdAt: 1,
      });
    });

    it('stores a peer and finds it by name and id, with an empty pull state', async () => {
      const { peers } = fixture().store;
      const p = peer({ auth: { scheme: 'basic', user: 'cairn' }, credentialRef: 'file:/run/secrets/peer' });
      await peers.add(p);
      const expected = {
        ...p,
        position: {},
        counters: { received: 0, added: 0, duplicates: 0, rejected: 0 },
        recentRejections: [],
      };
      expect(await peers.findByName(p.name)).toEqual(expected);
      expect(await peers.get(p.id)).toEqual(expected);
      expect(await peers.findByName('nobody')).toBeUndefined();
      expect((await peers.list()).map((x) => x.id)).toContain(p.id);
    });

    it('refuses a second peer with the same name as CAIRN_CONFLICT', async () => {
      const { peers } = fixture().store;
      const p = peer();
      await peers.add(p);
      await expect(peers.add(peer({ name: p.name }))).rejects.toMatchObject({ code: 'CAIRN_CONFLICT' });
    });

    it('lists peers by name', async () => {
      const { peers } = fixture().store;
      const base = randomUUID().slice(0, 6);
      for (const n of ['b', 'A', 'a']) await peers.add(peer({ name: `${base}-${n}` }));
      const names = (await peers.list()).map((p) => p.name).filter((n) => n.startsWith(base));
      expect(names).toEqual([`${base}-A`, `${base}-a`, `${base}-b`]);
    });

    it('saves the position and adds the counts of each committed page', async () => {
      const { peers } = fixture().store;
      const p = peer();
      await peers.add(p);
      const rejection = { id: 'indicator--x', version: '2026-01-01T00:00:00.000Z', message: 'bad' };
      await peers.advance(p.id, {
        position: { addedAfter: '2026-01-01T00:00:00.000001Z', next: 'abc' },
        counts: { received: 10, added: 7, duplicates: 2, rejected: 1 },
        recentRejections: [rejection],
      });
      await peers.advance(p.id, {
        position: { addedAfter: '2026-01-02T00:00:00.000001Z' },
        counts: { received: 5, added: 5, duplicates: 0, rejected: 0 },
        recentRejections: [rejection],
      });
      const after = await peers.get(p.id);
      expect(after?.position).toEqual({ addedAfter: '2026-01-02T00:00:00.000001Z' });
      expect(after?.counters).toEqual({ received: 15, added: 12, duplicates: 2, rejected: 1 });
      expect(after?.recentRejections).toEqual([rejection]);
      await peers.setPosition(p.id, { next: 'n' });
      expect((await peers.get(p.id))?.position).toEqual({ next: 'n' });
    });

    it('records a failed round and clears the error on the next successful one', async () => {
      const { peers } = fixture().store;
      const p = peer();
      await peers.add(p);
      await peers.finishRound(p.id, { at: 100 });
      await peers.finishRound(p.id, { at: 200, error: { code: 'CAIRN_PEER_UNAVAILABLE', message: 'down' } });
      const failed = await peers.get(p.id);
      expect(failed).toMatchObject({
        lastAttemptAt: 200,
        lastSuccessAt: 100,
        lastError: { code: 'CAIRN_PEER_UNAVAILABLE', message: 'down', at: 200 },
      });
      await peers.finishRound(p.id, { at: 300 });
      const ok = await peers.get(p.id);
      expect(ok).toMatchObject({ lastAttemptAt: 300, lastSuccessAt: 300 });
      expect(ok?.lastError).toBeUndefined();
    });

    it('removes a peer', async () => {
      const { peers } = fixture().store;
      const p = peer();
      await peers.add(p);
      expect(await peers.remove(p.id)).toBe(true);
      expect(await peers.remove(p.id)).toBe(false);
      expect(await peers.get(p.id)).toBeUndefined();
    });
  });
}
