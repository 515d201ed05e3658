import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/index.js';
import { startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { indicator, indicators } from '../helpers/stix-fixtures.js';
import { postAll, TIMESTAMP_RE, walk } from '../helpers/taxii-walk.js';
import { addCollection, addOrg, addUser } from '../helpers/tenancy.js';

type Obj = { id: string; modified: string };
type Rec = { id: string; date_added: string; version: string };

/** A clock that never moves: every object is added "at the same time" as far as it can tell. */
const frozenClock: Clock = { nowMicros: () => Date.UTC(2026, 0, 1) * 1000 };

describe('pagination', () => {
  let t: TestHub;
  let base: string;
  let reader: string;
  let otherColl: string;
  const bulk = indicators(2500).map((o) => ({
    ...(o as Record<string, unknown> & { id: string }),
    created: '2026-02-01T00:00:00.000Z',
    modified: '2026-02-01T00:00:00.000Z',
  }));
  const versioned = indicator({ created: '2026-01-01T00:00:00.000Z' });

  beforeAll(async () => {
    t = await startTestHub({ 'taxii.maxPageSize': 1000 }, { clock: frozenClock });
    base = `/hub/collections/${t.collectionId}/`;
    await addOrg(t, 'acme');
    await t.hub.admin.addMember('hub', 'acme');
    reader = await addUser(t, 'acme-reader', 'acme', ['reader']);
    otherColl = await addCollection(t, 'hub', 'Other');
    await postAll(t, base, bulk, { size: 500 });
    // 25 versions of one object, posted in one envelope.
    const versions = Array.from({ length: 25 }, (_, i) => ({
      ...versioned,
      modified: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    }));
    await postAll(t, base, versions);
    await postAll(t, `/hub/collections/${otherColl}/`, indicators(30));
  }, 120_000);
  afterAll(async () => {
    await t.stop();
  });

  it('T086 A8 walking with limit returns every object exactly once, although all share one clock instant', async () => {
    const { items, pages } = await walk<Obj>(t, `${base}objects/?limit=97`);
    expect(items).toHaveLength(2501);
    expect(new Set(items.map((o) => o.id)).size).toBe(2501);
    expect(items.slice(0, 2500).map((o) => o.id)).toEqual(bulk.map((o) => o.id));
    expect(pages).toHaveLength(Math.ceil(2501 / 97));
    for (const p of pages.slice(0, -1)) {
      expect(p.json.objects).toHaveLength(97);
      expect(p.json.more).toBe(true);
    }
    expect(pages.at(-1)?.json.more).toBe(false);
    expect(pages.at(-1)?.json.next).toBeUndefined();
  });

  it('T062 A8 date_added is strictly increasing across the whole walk', async () => {
    const { items } = await walk<Rec>(t, `${base}manifest/?limit=1000&match[version]=all`);
    expect(items).toHaveLength(2525);
    for (let i = 1; i < items.length; i++) {
      expect((items[i] as Rec).date_added > (items[i - 1] as Rec).date_added).toBe(true);
    }
  });

  it('T087 A3 manifest pages carry more and next too', async () => {
    const { items, pages } = await walk<Rec>(t, `${base}manifest/?limit=400`);
    expect(items).toHaveLength(2501);
    expect(new Set(items.map((r) => r.id)).size).toBe(2501);
    expect(pages[0]?.json.more).toBe(true);
    expect(pages[0]?.json.next).toEqual(expect.any(String));
  });

  it('T087 A3 versions pages carry more and next, and walk every version once in added order', async () => {
    const first = await t.request('GET', `${base}objects/${versioned.id}/versions/?limit=7`);
    expect(first.json.more).toBe(true);
    expect(first.json.next).toEqual(expect.any(String));
    const { items } = await walk<string>(t, `${base}objects/${versioned.id}/versions/?limit=7`, {
      key: 'versions',
    });
    expect(items).toEqual(
      Array.from({ length: 25 }, (_, i) => new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()),
    );
  });

  it('T050 Get an Object pages its versions with next', async () => {
    const { items, pages } = await walk<Obj>(
      t,
      `${base}objects/${versioned.id}/?match[version]=all&limit=10`,
    );
    expect(items).toHaveLength(25);
    expect(pages).toHaveLength(3);
  });

  it('T089 A8 paging with added_after = X-TAXII-Date-Added-Last loses and repeats nothing', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 100; i++) {
      const q = after === undefined ? '' : `&added_after=${after}`;
      const res = await t.request('GET', `${base}objects/?limit=300${q}`);
      seen.push(...((res.json.objects as Obj[] | undefined) ?? []).map((o) => o.id));
      if (res.json.more !== true) break;
      after = res.headers.get('x-taxii-date-added-last') as string;
    }
    expect(seen).toHaveLength(2501);
    expect(new Set(seen).size).toBe(2501);
  });

  it('DESIGN §7 next wins over added_after', async () => {
    const page1 = await t.request('GET', `${base}objects/?limit=10&added_after=2000-01-01T00:00:00Z`);
    const next = encodeURIComponent(page1.json.next);
    const same = await t.request(
      'GET',
      `${base}objects/?limit=10&added_after=2000-01-01T00:00:00Z&next=${next}`,
    );
    const other = await t.request(
      'GET',
      `${base}objects/?limit=10&added_after=2999-01-01T00:00:00Z&next=${next}`,
    );
    expect(same.status).toBe(200);
    expect(other.status).toBe(200);
    expect(other.json.objects).toEqual(same.json.objects);
    expect((same.json.objects as Obj[])[0]?.id).toBe(bulk[10]?.id);
  });

  it('taxii2-client sends an empty next on the first page: it means the first page', async () => {
    const res = await t.request('GET', `${base}objects/?limit=3&next=`);
    expect(res.status).toBe(200);
    expect((res.json.objects as Obj[]).map((o) => o.id)).toEqual(bulk.slice(0, 3).map((o) => o.id));
  });

  it('T054 T059 T060 X-TAXII-Date-Added-First/Last are YYYY-MM-DDTHH:MM:SS.ffffffZ on every non-empty page', async () => {
    const { pages } = await walk(t, `${base}objects/?limit=1000`);
    for (const p of pages) {
      expect(p.headers.get('x-taxii-date-added-first')).toMatch(TIMESTAMP_RE);
      expect(p.headers.get('x-taxii-date-added-last')).toMatch(TIMESTAMP_RE);
    }
    const manifest = await t.request('GET', `${base}manifest/?limit=2`);
    expect(manifest.headers.get('x-taxii-date-added-first')).toBe(manifest.json.objects[0].date_added);
    expect(manifest.headers.get('x-taxii-date-added-last')).toBe(manifest.json.objects[1].date_added);
    const versions = await t.request('GET', `${base}objects/${versioned.id}/versions/`);
    expect(versions.headers.get('x-taxii-date-added-first')).toMatch(TIMESTAMP_RE);
    expect(versions.headers.get('x-taxii-date-added-last')).toMatch(TIMESTAMP_RE);
  });

  it('A1 empty pages carry no X-TAXII-Date-Added headers (objects, manifest, versions)', async () => {
    for (const path of [
      `${base}objects/?match[type]=malware`,
      `${base}manifest/?match[type]=malware`,
      `${base}objects/${versioned.id}/versions/?added_after=2999-01-01T00:00:00Z`,
      `${base}objects/${versioned.id}/?added_after=2999-01-01T00:00:00Z`,
    ]) {
      const res = await t.request('GET', path);
      expect(res.status, path).toBe(200);
      expect(res.json.objects ?? res.json.versions, path).toBeUndefined();
      expect(res.headers.get('x-taxii-date-added-first'), path).toBeNull();
      expect(res.headers.get('x-taxii-date-added-last'), path).toBeNull();
    }
  });

  describe('T016 A10 a next value is checked on every use', () => {
    let next: string;
    beforeAll(async () => {
      const res = await t.request('GET', `${base}objects/?limit=5&match[type]=indicator`);
      next = res.json.next;
    });
    const expectBadNext = (res: { status: number; json: Record<string, unknown> }) => {
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({
        title: expect.any(String),
        http_status: '400',
        error_code: 'CAIRN_BAD_QUERY_PARAMETER',
        details: { parameter: 'next' },
      });
    };

    it('the genuine next works with the same filters', async () => {
      const res = await t.request(
        'GET',
        `${base}objects/?limit=5&match[type]=indicator&next=${encodeURIComponent(next)}`,
      );
      expect(res.status).toBe(200);
      expect((res.json.objects as Obj[])[0]?.id).toBe(bulk[5]?.id);
    });

    it('a forged next is 400', async () => {
      for (const forged of ['abc', 'eyJjIjoiYSJ9.AAAAAAAAAAAAAAAAAAAAAA', '.', 'x'.repeat(5000)]) {
        expectBadNext(await t.request('GET', `${base}objects/?limit=5&match[type]=indicator&next=${forged}`));
      }
    });

    it('a tampered next is 400', async () => {
      const [body, mac] = next.split('.') as [string, string];
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      payload.d = 0;
      const altered = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
      expectBadNext(
        await t.request(
          'GET',
          `${base}objects/?limit=5&match[type]=indicator&next=${encodeURIComponent(altered)}`,
        ),
      );
      const flipped = `${body.slice(0, -1)}${body.endsWith('A') ? 'B' : 'A'}.${mac}`;
      expectBadNext(
        await t.request(
          'GET',
          `${base}objects/?limit=5&match[type]=indicator&next=${encodeURIComponent(flipped)}`,
        ),
      );
    });

    it('another user’s next is 400, even for a user who may read the collection', async () => {
      expectBadNext(
        await t.request(
          'GET',
          `${base}objects/?limit=5&match[type]=indicator&next=${encodeURIComponent(next)}`,
          {
            auth: reader,
          },
        ),
      );
    });

    it('a next of another collection is 400', async () => {
      expectBadNext(
        await t.request(
          'GET',
          `/hub/collections/${otherColl}/objects/?limit=5&match[type]=indicator&next=${encodeURIComponent(next)}`,
        ),
      );
    });

    it('a next used with changed filters is 400', async () => {
      for (const q of ['match[type]=malware', 'match[type]=indicator&match[version]=all', '']) {
        expectBadNext(
          await t.request('GET', `${base}objects/?limit=5&${q}&next=${encodeURIComponent(next)}`),
        );
      }
    });

    it('a next of the objects endpoint is 400 on the manifest endpoint', async () => {
      expectBadNext(
        await t.request(
          'GET',
          `${base}manifest/?limit=5&match[type]=indicator&next=${encodeURIComponent(next)}`,
        ),
      );
    });

    it('a changed limit is allowed with next', async () => {
      const res = await t.request(
        'GET',
        `${base}objects/?limit=2&match[type]=indicator&next=${encodeURIComponent(next)}`,
      );
      expect(res.status).toBe(200);
      expect((res.json.objects as Obj[]).map((o) => o.id)).toEqual([bulk[5]?.id, bulk[6]?.id]);
    });
  });
});

describe('pagination under concurrent writes', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub();
    base = `/hub/collections/${t.collectionId}/`;
  });
  afterAll(async () => {
    await t.stop();
  });

  it('T086 A8 a walk sees every object present before it exactly once while another writer keeps posting', async () => {
    const before = indicators(3000);
    await postAll(t, base, before);
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await postAll(t, base, indicators(50));
        written += 50;
      }
    })();
    const { items } = await walk<Obj>(t, `${base}objects/?limit=100`);
    writing = false;
    await writer;
    const ids = items.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 3000)).toEqual(before.map((o) => o.id));
    expect(written).toBeGreaterThan(0);
    // Nothing written before the walk ended is skipped: a final walk from the last position finds the rest.
    const total = await walk<Obj>(t, `${base}manifest/?limit=1000`);
    expect(total.items).toHaveLength(3000 + written);
  });

  it('T090 more: true may be followed by an empty page when the rest was deleted', async () => {
    const objs = indicators(4).map((o) => ({ ...(o as { id: string }), name: 'to be deleted' }));
    const fresh = await startTestHub();
    try {
      const b = `/hub/collections/${fresh.collectionId}/`;
      await postAll(fresh, b, objs);
      const page1 = await fresh.request('GET', `${b}objects/?limit=2`);
      expect(page1.json.more).toBe(true);
      for (const o of objs.slice(2)) {
        expect((await fresh.request('DELETE', `${b}objects/${o.id}/`)).status).toBe(200);
      }
      const page2 = await fresh.request(
        'GET',
        `${b}objects/?limit=2&next=${encodeURIComponent(page1.json.next)}`,
      );
      expect(page2.status).toBe(200);
      expect(page2.json).toEqual({ more: false });
      expect(page2.headers.get('x-taxii-date-added-first')).toBeNull();
    } finally {
      await fresh.stop();
    }
  });
});
