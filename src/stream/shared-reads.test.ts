import { describe, expect, it } from 'vitest';
import type { ObjectQuery, Page, StoredObject } from '../store/index.js';
import { createSharedReads } from './shared-reads.js';

const ALL = { all: true, first: false, last: false, keys: [] };
const query = (seq: number, orgId = 'org-a'): ObjectQuery => ({
  versions: ALL,
  limit: 500,
  after: { dateAdded: 1, seq },
  visibility: { anyOf: [{ tlps: ['green'], submitterOrgId: orgId }] },
});

describe('shared stream reads', () => {
  it('answers identical concurrent questions with one read, and different ones separately', async () => {
    const asked: string[] = [];
    const read = createSharedReads(async (collectionId, q) => {
      asked.push(`${collectionId}:${q.after?.seq}:${JSON.stringify(q.visibility)}`);
      return { items: [], more: false } satisfies Page<StoredObject>;
    });
    const pages = await Promise.all([
      read('c1', query(5)),
      read('c1', query(5)),
      read('c1', query(5, 'org-b')), // other rights: never shared
      read('c1', query(6)), // other position
      read('c2', query(5)), // other collection
    ]);
    expect(asked).toHaveLength(4);
    expect(pages[0]).toBe(pages[1]);
    // Once answered, the same question is asked again (new rows may have been committed).
    await read('c1', query(5));
    expect(asked).toHaveLength(5);
  });

  it('gives every sharer the failure, then forgets it', async () => {
    let fail = true;
    const read = createSharedReads(async () => {
      if (fail) throw new Error('database away');
      return { items: [], more: false };
    });
    const outcomes = await Promise.allSettled([read('c', query(1)), read('c', query(1))]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(read('c', query(1))).resolves.toEqual({ items: [], more: false });
  });
});
