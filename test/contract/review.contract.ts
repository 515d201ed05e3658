import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PiiFinding, VisibilityFilter } from '../../src/sharing/index.js';
import { tryTimestampKey } from '../../src/stix/index.js';
import type { ObjectQuery, PreparedObject } from '../../src/store/index.js';
import { CONTRACT_ENVELOPE, type ContractFixture, contractStatus } from './store-concurrency.contract.js';

const MODIFIED = '2026-01-01T00:00:00Z';
const LAST: ObjectQuery['versions'] = { all: false, first: false, last: true, keys: [] };
const FINDING: PiiFinding = { kind: 'email', path: '$.content', keys: ['content'], start: 0, end: 12 };
/** A member of another organisation, who is no reviewer: released versions only. */
const OTHERS: VisibilityFilter = { anyOf: [{ tlps: ['amber'], releasedOnly: true }] };

function note(content: string, held: boolean, modified = MODIFIED): PreparedObject {
  const id = `note--${randomUUID()}`;
  const object = { type: 'note', id, spec_version: '2.1', created: modified, modified, content };
  const redacted = { ...object, content: '[REDACTED:email]' };
  return {
    stixId: id,
    type: 'note',
    version: modified,
    versionKey: tryTimestampKey(modified),
    specVersion: '2.1',
    json: JSON.stringify(object),
    object,
    envelope: { ...CONTRACT_ENVELOPE, ...(held ? { reviewState: 'held' as const } : {}) },
    ...(held
      ? {
          statusMessage: 'Held for personal-data review: email',
          review: { id: randomUUID(), findings: [FINDING], redactedJson: JSON.stringify(redacted) },
        }
      : {}),
  };
}

const status = (f: ContractFixture) => contractStatus(f, 2);

/** Personal-data review (DESIGN.md §3): held versions, the queue, and decisions. */
export function describeReviewContract(fixture: () => ContractFixture): void {
  describe('personal-data review', () => {
    const visible = async (f: ContractFixture, visibility?: VisibilityFilter) =>
      (
        await f.store.objects.query(f.coll, {
          versions: LAST,
          limit: 100,
          ...(visibility === undefined ? {} : { visibility }),
        })
      ).items.map((o) => o.stixId);

    it('stores a held version pending, hidden from released-only readers, and queued for review', async () => {
      const f = fixture();
      const clean = note('nothing here', false);
      const held = note('jo@victim.example', true);
      const st = status(f);
      await f.store.objects.add(f.coll, [clean, held], st);
      const recorded = await f.store.statuses.get(f.community, st.id);
      expect(recorded).toMatchObject({ status: 'pending', successes: [{ id: clean.stixId }] });
      expect(recorded?.pendings).toEqual([
        { id: held.stixId, version: MODIFIED, message: 'Held for personal-data review: email' },
      ]);
      expect(await visible(f, OTHERS)).toEqual([clean.stixId]);
      expect(await f.store.objects.exists(f.coll, held.stixId, OTHERS)).toBe(false);
      expect(await visible(f)).toEqual([clean.stixId, held.stixId]);
      const queue = await f.store.reviews.list({ communityIds: [f.community], limit: 10 });
      expect(queue).toEqual([
        {
          id: held.review?.id,
          communityId: f.community,
          collectionId: f.coll,
          statusId: st.id,
          stixId: held.stixId,
          version: MODIFIED,
          submitterOrgId: 'org-1',
          findings: [FINDING],
          heldAt: expect.any(Number),
        },
      ]);
      expect(await f.store.reviews.list({ communityIds: [randomUUID()], limit: 10 })).toEqual([]);
      expect(await f.store.reviews.list({ limit: 10 })).toHaveLength(1);
      const item = await f.store.reviews.get(held.review?.id as string);
      expect(item?.json).toBe(held.json);
    });

    it('approves, redacts or rejects atomically with the status, and decides each review once', async () => {
      const f = fixture();
      const [a, b, c] = [
        note('a@victim.example', true),
        note('b@victim.example', true),
        note('c@victim.example', true),
      ];
      const st = status(f);
      await f.store.objects.add(f.coll, [a, b, c], st);
      const decide = (p: PreparedObject, d: 'approve' | 'redact' | 'reject') =>
        f.store.reviews.decide(p.review?.id as string, d, { message: `${d}d`, at: 42 });

      expect((await decide(a, 'approve'))?.review.stixId).toBe(a.stixId);
      expect(await decide(a, 'reject')).toBeUndefined();
      await decide(b, 'redact');
      expect((await f.store.statuses.get(f.community, st.id))?.status).toBe('pending');
      await decide(c, 'reject');
      const done = await f.store.statuses.get(f.community, st.id);
      expect(done).toMatchObject({
        status: 'complete',
        completedAt: 42,
        successes: [
          { id: a.stixId, message: 'approved' },
          { id: b.stixId, message: 'redactd' },
        ],
        failures: [{ id: c.stixId, message: 'rejectd' }],
        pendings: [],
      });
      expect(await visible(f, OTHERS)).toEqual([a.stixId, b.stixId]);
      const bodies = await f.store.objects.query(f.coll, { versions: LAST, limit: 10, ids: [b.stixId] });
      expect(JSON.parse(bodies.items[0]?.json ?? '{}').content).toBe('[REDACTED:email]');
      expect(await f.store.objects.exists(f.coll, c.stixId)).toBe(false);
      expect(await f.store.reviews.list({ limit: 10 })).toEqual([]);
    });

    it('keeps the latest released version visible while a newer one is held', async () => {
      const f = fixture();
      const v1 = note('first', false, '2026-01-01T00:00:00Z');
      const v2 = { ...note('jo@victim.example', true, '2026-01-02T00:00:00Z'), stixId: v1.stixId };
      await f.store.objects.add(f.coll, [v1], status(f));
      await f.store.objects.add(f.coll, [v2], status(f));
      const latest = await f.store.objects.query(f.coll, { versions: LAST, limit: 10, visibility: OTHERS });
      expect(latest.items.map((o) => o.version)).toEqual(['2026-01-01T00:00:00Z']);
      await f.store.reviews.decide(v2.review?.id as string, 'reject', { message: 'no', at: 1 });
      const after = await f.store.objects.query(f.coll, { versions: LAST, limit: 10 });
      expect(after.items.map((o) => o.version)).toEqual(['2026-01-01T00:00:00Z']);
    });

    it('stores a community’s personal-data mode', async () => {
      const f = fixture();
      expect((await f.store.tenancy.findCommunity(f.community))?.piiMode).toBe('redact');
      expect(await f.store.tenancy.setCommunityPiiMode(f.community, 'hold')).toBe(true);
      expect((await f.store.tenancy.findCommunity(f.community))?.piiMode).toBe('hold');
      expect(await f.store.tenancy.setCommunityPiiMode(randomUUID(), 'off')).toBe(false);
    });
  });
}
