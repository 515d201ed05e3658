import { describe, expect, it } from 'vitest';
import { type AuditEntryDraft, verifyChain } from '../../src/audit/index.js';
import type { Store } from '../../src/store/index.js';
import type { ContractFixture, StoreContractOptions } from './store-concurrency.contract.js';

const draft = (event: string, actor = 'alice', at = 1_000): AuditEntryDraft => ({
  at,
  event,
  actor: { kind: 'user', id: `id-${actor}`, name: actor, orgId: 'o1', address: '192.0.2.7' },
  target: { collectionId: 'k1' },
  details: { n: 1, list: ['a', null, true], nested: { b: 2, a: 1 } },
});

/**
 * The audit log part of the store contract (docs/audit.md): append numbers and chains
 * entries, list filters them, tail is the head, nothing can change them, and concurrent
 * appenders (one store, or two on one database) extend a single chain.
 */
export function describeAuditContract(fixture: () => ContractFixture, options: StoreContractOptions): void {
  describe('audit log', () => {
    it('appends entries in order, chained from the genesis hash, and returns them as stored', async () => {
      const { store } = fixture();
      expect(await store.audit.tail()).toBeUndefined();
      const added = await store.audit.append([draft('login.success'), draft('token.use', 'bot')]);
      const more = await store.audit.append([draft('org.add')]);
      expect([...added, ...more].map((e) => e.seq)).toEqual([1, 2, 3]);
      const all = await store.audit.list();
      expect(all).toEqual([...added, ...more]);
      expect(verifyChain(all)).toMatchObject({ ok: true, checked: 3 });
      expect(await store.audit.tail()).toEqual(more[0]);
      expect(await store.audit.append([])).toEqual([]);
    });

    it('lists by event, event family, actor, time range and seq, in either order', async () => {
      const { store } = fixture();
      await store.audit.append([
        draft('login.success', 'alice', 10),
        draft('login.failure', 'mallory', 20),
        draft('token.create', 'alice', 30),
        draft('login.success', 'bob', 40),
      ]);
      const seqs = async (q: Parameters<Store['audit']['list']>[0]) =>
        (await store.audit.list(q)).map((e) => e.seq);
      expect(await seqs({ event: 'login.success' })).toEqual([1, 4]);
      expect(await seqs({ event: 'login.*' })).toEqual([1, 2, 4]);
      expect(await seqs({ actor: 'alice' })).toEqual([1, 3]);
      expect(await seqs({ actor: 'id-bob' })).toEqual([4]);
      expect(await seqs({ from: 20, to: 40 })).toEqual([2, 3]);
      expect(await seqs({ after: 2, limit: 1 })).toEqual([3]);
      expect(await seqs({ order: 'desc', limit: 2 })).toEqual([4, 3]);
      expect(await seqs({ order: 'desc', before: 3 })).toEqual([2, 1]);
      expect(await seqs({ event: 'login%' })).toEqual([]);
    });

    it('offers no way to change an entry: the database refuses updates and deletes', async () => {
      const { store } = fixture();
      await store.audit.append([draft('user.add')]);
      expect(Object.keys(store.audit).sort()).toEqual(['append', 'list', 'tail']);
    });

    it('keeps one chain when appends race on one store', async () => {
      const { store } = fixture();
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.audit.append([draft(`e${i}`), draft(`e${i}.b`)])),
      );
      const all = await store.audit.list();
      expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(verifyChain(all)).toMatchObject({ ok: true, checked: 20 });
    });

    const openSibling = options.openSibling;
    if (openSibling === undefined) return;
    it('keeps one chain when two stores on one database append at once', async () => {
      const f = fixture();
      const other = await openSibling(f.clock);
      try {
        await Promise.all(
          [f.store, other].map(async (s, w) => {
            for (let i = 0; i < 25; i++) await s.audit.append([draft(`w${w}.${i}`)]);
          }),
        );
        const all = await other.audit.list();
        expect(all).toHaveLength(50);
        expect(verifyChain(all)).toMatchObject({ ok: true, checked: 50 });
      } finally {
        await other.close();
      }
    });
  });
}
