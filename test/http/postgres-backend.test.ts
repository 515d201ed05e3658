import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { indicator, indicators } from '../helpers/stix-fixtures.js';
import { postAll, TIMESTAMP_RE, walk } from '../helpers/taxii-walk.js';

/**
 * A representative TAXII session on a PostgreSQL-backed hub (fresh schema on TEST_PG_URL):
 * post, walk pages with next, versions, delete, status. The whole HTTP suite also runs on
 * PostgreSQL with CAIRN_TEST_BACKEND=postgres; this file keeps one scenario in every run.
 */
const url = process.env.TEST_PG_URL;

if (url === undefined || url === '') {
  describe('postgres backend over HTTP', () => {
    it('postgres HTTP scenario requires TEST_PG_URL (it did NOT run)', () => {
      expect(
        process.env.CI ?? '',
        'CI is set but TEST_PG_URL is not: the PostgreSQL HTTP test did not run',
      ).toBe('');
    });
  });
} else {
  describe('postgres backend over HTTP', () => {
    let t: TestHub;
    let base: string;
    const bulk = indicators(1200);
    const versioned = indicator();
    const versions = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'];

    beforeAll(async () => {
      t = await startTestHub({ 'taxii.maxPageSize': 1000 }, { backend: 'postgres' });
      base = `/hub/collections/${t.collectionId}/`;
    }, 60_000);
    afterAll(async () => {
      await t?.stop();
    });

    it('runs on PostgreSQL and reports ready', async () => {
      expect(t.hub.config.databaseUrl).toMatch(/^postgres/);
      await t.hub.store.ping();
    });

    it('adds envelopes and answers a complete status that reads back', async () => {
      const statuses = await postAll(t, base, bulk, { size: 500 });
      expect(statuses.map((s) => s.success_count)).toEqual([500, 500, 200]);
      expect(statuses.every((s) => s.status === 'complete' && s.failure_count === 0)).toBe(true);
      const again = await t.request('GET', `/hub/status/${statuses[0]?.id}/`);
      expect(again.status).toBe(200);
      expect(again.json).toEqual(statuses[0]);
    });

    it('walks every object once with next, in added order', async () => {
      const { items, pages } = await walk<{ id: string }>(t, `${base}objects/?limit=250`);
      expect(items.map((o) => o.id)).toEqual(bulk.map((o) => o.id));
      expect(pages).toHaveLength(5);
      const manifest = await walk<{ date_added: string }>(t, `${base}manifest/?limit=400`);
      const added = manifest.items.map((r) => r.date_added);
      expect(added.every((d) => TIMESTAMP_RE.test(d))).toBe(true);
      expect([...added].sort()).toEqual(added);
      expect(new Set(added).size).toBe(added.length);
    });

    it('keeps versions, selects them, and deletes one', async () => {
      await postAll(
        t,
        base,
        versions.map((v) => ({ ...versioned, modified: v })),
      );
      const listed = await t.request('GET', `${base}objects/${versioned.id}/versions/`);
      expect(listed.json.versions).toEqual(versions);
      const first = await t.request('GET', `${base}objects/${versioned.id}/?match[version]=first`);
      expect(first.json.objects.map((o: { modified: string }) => o.modified)).toEqual([versions[0]]);
      const del = await t.request(
        'DELETE',
        `${base}objects/${versioned.id}/?match[version]=${encodeURIComponent(versions[2] as string)}`,
      );
      expect(del.status).toBe(200);
      const latest = await t.request('GET', `${base}objects/${versioned.id}/`);
      expect(latest.json.objects.map((o: { modified: string }) => o.modified)).toEqual([versions[1]]);
      const all = await t.request('DELETE', `${base}objects/${versioned.id}/?match[version]=all`);
      expect(all.status).toBe(200);
      expect((await t.request('GET', `${base}objects/${versioned.id}/`)).status).toBe(404);
    });

    it('serves the same hub from a second node on the same database', async () => {
      // No backend option: the config's databaseUrl (this hub's schema) selects PostgreSQL,
      // and stopping this node leaves the shared schema alone.
      const other = await startTestHub({ databaseUrl: t.hub.config.databaseUrl as string });
      try {
        expect(other.collectionId).toBe(t.collectionId);
        const fresh = indicators(3);
        await postAll(other, base, fresh);
        const seen = await t.request('GET', `${base}objects/?match[id]=${fresh.map((o) => o.id).join(',')}`);
        expect(seen.json.objects).toHaveLength(3);
        // A page token issued by one node is honoured by the other (shared signing key).
        const first = await t.request('GET', `${base}objects/?limit=600`);
        const next = await other.request(
          'GET',
          `${base}objects/?limit=600&next=${encodeURIComponent(first.json.next)}`,
        );
        expect(next.status).toBe(200);
        expect(next.json.objects[0].id).toBe(bulk[600]?.id);
      } finally {
        await other.stop();
      }
    });

    it('answers a conflicting re-post in the status, not with an error', async () => {
      const a = bulk[0] as Record<string, unknown>;
      const [same] = await postAll(t, base, [a]);
      expect(same?.success_count).toBe(1);
      const [other] = await postAll(t, base, [{ ...a, name: 'changed' }]);
      expect(other?.failure_count).toBe(1);
      expect(await t.hub.store.objects.count(t.collectionId)).toBe(1203);
    });
  });
}
