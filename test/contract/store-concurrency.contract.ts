import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/index.js';
import { tryTimestampKey } from '../../src/stix/index.js';
import type { Cursor, PreparedObject, StatusRecord, Store } from '../../src/store/index.js';

/** Optional capabilities of an adapter under test. */
export interface StoreContractOptions {
  /**
   * Opens a second Store on the same database as the last `open` (another node, or a CLI
   * beside the server). Adapters that cannot share a database (SQLite in memory) omit it.
   */
  readonly openSibling?: (clock: Clock) => Promise<Store>;
}

/** The store, clock and (empty) collection of the current contract test. */
export interface ContractFixture {
  readonly store: Store;
  readonly clock: Clock;
  readonly coll: string;
  readonly community: string;
}

/** Sharing facts of the objects the contract tests add: everything visible to members. */
export const CONTRACT_ENVELOPE: PreparedObject['envelope'] = {
  tlp: 'amber',
  submitterOrgId: 'org-1',
  consent: 'none',
  providersAllowed: false,
  recipients: [],
  sourceIdentity: false,
};

const ALL = { all: true, first: false, last: false, keys: [] } as const;
const MODIFIED = '2026-01-01T00:00:00Z';

function indicator(extra: Record<string, unknown> = {}): PreparedObject {
  const id = `indicator--${randomUUID()}`;
  const object = {
    type: 'indicator',
    id,
    spec_version: '2.1',
    created: MODIFIED,
    modified: MODIFIED,
    ...extra,
  };
  return {
    stixId: id,
    type: 'indicator',
    version: MODIFIED,
    versionKey: tryTimestampKey(MODIFIED),
    specVersion: '2.1',
    json: JSON.stringify(object),
    object,
    envelope: CONTRACT_ENVELOPE,
  };
}

/** A completed status of one submission by org-1 into the fixture's collection. */
export function contractStatus(f: ContractFixture, totalCount = 1): StatusRecord {
  return {
    id: randomUUID(),
    communityId: f.community,
    collectionId: f.coll,
    submitterOrgId: 'org-1',
    requestTimestamp: 1,
    status: 'complete',
    totalCount,
    successes: [],
    failures: [],
    pendings: [],
  };
}

/**
 * Concurrent writers (DESIGN.md §5): date_added stays unique and increasing per collection
 * and keyset cursors stay exact, whether the writers share one Store or, with
 * `openSibling`, are two Stores (two nodes) on one database. Registered inside
 * `describeStoreContract`, whose `beforeEach` provides the fixture.
 */
export function describeConcurrentWrites(
  fixture: () => ContractFixture,
  options: StoreContractOptions,
): void {
  describe('concurrent writes', () => {
    it('keeps date_added unique and increasing when batches are added concurrently', async () => {
      const f = fixture();
      const batches = Array.from({ length: 8 }, () => Array.from({ length: 20 }, () => indicator()));
      await Promise.all(batches.map((b) => f.store.objects.add(f.coll, b, contractStatus(f))));
      const page = await f.store.objects.manifest(f.coll, { versions: ALL, limit: 1000 });
      const added = page.items.map((o) => o.dateAdded);
      expect(new Set(added).size).toBe(160);
      expect([...added].sort((a, b) => a - b)).toEqual(added);
      // Each batch is contiguous in added order: batches commit one after another.
      const batchOf = new Map(batches.flatMap((b, i) => b.map((o) => [o.stixId, i] as const)));
      const order = page.items.map((o) => batchOf.get(o.stixId));
      expect(order.filter((b, i) => i === 0 || b !== order[i - 1])).toHaveLength(8);
    });

    const openSibling = options.openSibling;
    if (openSibling === undefined) return;
    it('keeps date_added unique and cursors exact with two stores writing one collection', async () => {
      const f = fixture();
      const other = await openSibling(f.clock);
      try {
        let writing = true;
        const writers = Promise.all(
          [f.store, other].map(async (s, w) => {
            for (let i = 0; i < 10; i++) {
              const batch = Array.from({ length: 10 }, () => indicator({ name: `w${w}` }));
              await s.objects.add(f.coll, batch, contractStatus(f));
            }
          }),
        ).finally(() => {
          writing = false;
        });
        // A reader walks by cursor while both write: a row that appeared behind its cursor
        // would be missed, so what it saw must be exactly every row, in order.
        const seen: number[] = [];
        let after: Cursor | undefined;
        const walk = async (): Promise<number> => {
          const page = await other.objects.manifest(f.coll, {
            versions: ALL,
            limit: 7,
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
        const all = (await f.store.objects.manifest(f.coll, { versions: ALL, limit: 1000 })).items;
        expect(all).toHaveLength(200);
        expect(new Set(all.map((v) => v.dateAdded)).size).toBe(200);
        expect(all.map((v) => v.dateAdded)).toEqual(all.map((v) => v.dateAdded).sort((a, b) => a - b));
        expect(seen).toEqual(all.map((v) => v.seq));
      } finally {
        await other.close();
      }
    });
  });
}
