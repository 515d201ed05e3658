import { type IncomingMessage, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TLP2_MARKING_IDS } from '../../src/sharing/index.js';
import { startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { openSse, type SseStream } from '../helpers/sse-client.js';
import { indicator, indicators, note } from '../helpers/stix-fixtures.js';
import { walk } from '../helpers/taxii-walk.js';
import { addCollection, addOrg, addUser } from '../helpers/tenancy.js';

type Obj = Record<string, unknown>;

/**
 * Live streams (docs/streams.md) over real HTTP: what a stream sends, from where, to whom,
 * and every refusal. Runs on PostgreSQL too (CAIRN_TEST_BACKEND=postgres), where delivery
 * goes through LISTEN/NOTIFY.
 */
describe('live streams', () => {
  let t: TestHub;
  let coll: string;
  let streamPath: string;
  let taxiiBase: string;
  const who = {} as Record<'analyst' | 'reader' | 'token' | 'outsider', string>;
  const open: SseStream[] = [];

  const stream = async (auth: string, query = '', headers: Record<string, string> = {}) => {
    const s = await openSse(`${t.url}${streamPath}${query}`, { authorization: auth, ...headers });
    open.push(s);
    return s;
  };
  const post = async (objects: readonly Obj[], auth = who.analyst, extra: Obj = {}) => {
    const res = await t.request('POST', `${taxiiBase}objects/`, { auth, body: { objects, ...extra } });
    expect(res.status).toBe(202);
    return res;
  };
  const marked = (level: keyof typeof TLP2_MARKING_IDS, name: string) =>
    indicator({ name, object_marking_refs: [TLP2_MARKING_IDS[level]] });
  const idsOf = (events: readonly { data: string }[]) => events.map((e) => (JSON.parse(e.data) as Obj).id);

  beforeAll(async () => {
    t = await startTestHub({
      'streams.heartbeatMs': 300,
      'streams.recheckMs': 300,
      'streams.maxPerPrincipal': 3,
    });
    await addOrg(t, 'bank', 'private');
    await addOrg(t, 'agency', 'government');
    await addOrg(t, 'outsider', 'private');
    for (const org of ['bank', 'agency']) await t.hub.admin.addMember('hub', org);
    who.analyst = await addUser(t, 'bank-analyst', 'bank', ['analyst']);
    who.reader = await addUser(t, 'agency-reader', 'agency', ['reader']);
    who.outsider = await addUser(t, 'outsider-analyst', 'outsider', ['analyst']);
    who.token = `Bearer ${(await t.hub.admin.createToken({ org: 'agency', scope: 'read' })).token}`;
    coll = await addCollection(t, 'hub', 'Streamed', { read: ['members'], write: ['analyst'] });
    streamPath = `/api/v1/communities/hub/collections/${coll}/stream`;
    taxiiBase = `/hub/collections/${coll}/`;
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await t.stop();
  });

  it('sends what is added after it opened, once each, in added order, as text/event-stream', async () => {
    await post(indicators(3)); // before: not sent
    const s = await stream(who.reader);
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(s.headers['cache-control']).toBe('no-store');
    // The start position comes first, with no data, so an early reconnect loses nothing.
    await s.waitUntil(() => s.lastEventId !== undefined);
    const first = indicators(5);
    const second = indicators(4);
    await post(first);
    await post(second);
    const got = await s.waitForData(9);
    expect(idsOf(got)).toEqual([...first, ...second].map((o) => o.id));
    expect(got.every((e) => e.id !== undefined && e.id.length > 20)).toBe(true);
    expect(new Set(got.map((e) => e.id)).size).toBe(9);
    s.close();
  });

  it('sends each reader exactly what TAXII gives the same reader for the same period', async () => {
    const readers = [who.analyst, who.reader, who.token, t.adminAuth];
    const streams = await Promise.all(readers.map((auth) => stream(auth)));
    for (const s of streams) await s.waitUntil(() => s.lastEventId !== undefined);
    await post([note('marker before')]);
    const before = (
      await t.request('GET', `${taxiiBase}objects/?match[version]=all`, { auth: t.adminAuth })
    ).headers.get('x-taxii-date-added-last') as string;
    const batch = [
      marked('clear', 'clear'),
      marked('green', 'green'),
      marked('amber', 'amber'),
      marked('amber+strict', 'strict'),
      marked('red', 'red'),
      indicator({ name: 'unmarked' }),
    ];
    await post(batch, who.analyst, { x_cairn_recipients: ['agency-reader'] });
    await post([note('marker after')]);
    for (const [i, auth] of readers.entries()) {
      const s = streams[i] as SseStream;
      const expected = (
        await walk<Obj>(t, `${taxiiBase}objects/?match[version]=all&added_after=${before}`, { auth })
      ).items.map((o) => o.id);
      // Every reader sees the final marker note, so once it arrives the stream has caught up.
      const endId = (
        await t.request('GET', `${taxiiBase}manifest/?match[type]=note`, { auth: t.adminAuth })
      ).json.objects.at(-1).id;
      await s.waitUntil(() => idsOf(s.events.filter((e) => e.data !== '')).includes(endId));
      expect(idsOf(s.events.filter((e) => e.data !== '')).slice(1)).toEqual(expected);
      s.close();
    }
    // Tokens never receive TLP:RED, even as a named recipient's organisation.
    const tokenIds = idsOf((streams[2] as SseStream).events.filter((e) => e.data !== ''));
    expect(tokenIds).not.toContain(batch[4]?.id);
    expect(idsOf((streams[1] as SseStream).events.filter((e) => e.data !== ''))).toContain(batch[4]?.id);
  });

  it('resumes after Last-Event-ID with nothing lost and nothing repeated', async () => {
    const s = await stream(who.reader);
    const first = indicators(6);
    await post(first);
    const got = await s.waitForData(3);
    const resumeAt = got[2]?.id as string;
    s.close();
    const missed = indicators(5);
    await post(missed);
    const again = await stream(who.reader, '', { 'last-event-id': resumeAt });
    const rest = await again.waitForData(8);
    expect(idsOf(rest)).toEqual([...first.slice(3), ...missed].map((o) => o.id));
    // The parameter form, for clients that cannot set headers.
    const viaQuery = await stream(who.reader, `?last_event_id=${encodeURIComponent(resumeAt)}`);
    expect(idsOf(await viaQuery.waitForData(8))).toEqual(idsOf(rest));
    again.close();
    viaQuery.close();
  });

  it('starts after added_after (exclusive) and filters by type', async () => {
    await post([note('history note'), indicator({ name: 'history indicator' })]);
    const manifest = await t.request('GET', `${taxiiBase}manifest/?match[version]=all`, {
      auth: t.adminAuth,
    });
    const items = manifest.json.objects as { id: string; date_added: string }[];
    const cut = items.at(-3)?.date_added as string;
    const all = await stream(who.reader, `?added_after=${cut}`);
    expect(idsOf(await all.waitForData(2))).toEqual(items.slice(-2).map((o) => o.id));
    const onlyNotes = await stream(who.reader, `?added_after=${cut}&match[type]=note`);
    const notes = await onlyNotes.waitForData(1);
    expect(notes.map((e) => (JSON.parse(e.data) as Obj).type)).toEqual(['note']);
    all.close();
    onlyNotes.close();
  });

  it('refuses what it must, with a TAXII error resource and the right status', async () => {
    const unauthenticated = await openSse(`${t.url}${streamPath}`, {});
    expect(unauthenticated.status).toBe(401);
    const outsider = await stream(who.outsider);
    expect(outsider.status).toBe(404);
    expect(outsider.error.http_status).toBe('404');
    const unknown = await openSse(`${t.url}/api/v1/communities/hub/collections/nope/stream`, {
      authorization: who.reader,
    });
    expect(unknown.status).toBe(404);
    const notAcceptable = await stream(who.reader, '', { accept: 'application/taxii+json;version=2.1' });
    expect(notAcceptable.status).toBe(406);
    const badType = await stream(who.reader, '?match[type]=Not_A_Type');
    expect(badType.status).toBe(400);
    const forged = await stream(who.reader, '', {
      'last-event-id': 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(forged.status).toBe(400);
    expect(forged.error.details.parameter).toBe('Last-Event-ID');
  });

  it('binds a resume token to its reader and its filters', async () => {
    const s = await stream(who.reader);
    await s.waitUntil(() => s.lastEventId !== undefined);
    const token = s.lastEventId as string;
    s.close();
    const otherReader = await stream(who.analyst, '', { 'last-event-id': token });
    expect(otherReader.status).toBe(400);
    const otherFilters = await stream(who.reader, '?match[type]=indicator', { 'last-event-id': token });
    expect(otherFilters.status).toBe(400);
  });

  it('limits the streams one principal holds open (429 with Retry-After)', async () => {
    const held = await Promise.all([1, 2, 3].map(() => stream(who.token)));
    expect(held.map((s) => s.status)).toEqual([200, 200, 200]);
    const fourth = await stream(who.token);
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
    held[0]?.close();
    await held[0]?.waitUntil(() => held[0]?.ended === true);
    // The slot is free again once the server has seen the client go.
    await expect
      .poll(async () => {
        const s = await stream(who.token);
        s.close();
        return s.status;
      })
      .toBe(200);
    for (const s of held) s.close();
  });

  it('keeps an idle stream alive with comments', async () => {
    const s = await stream(who.reader);
    await s.waitUntil(() => s.comments.includes('keep-alive'), 5_000);
    s.close();
  });

  it('ends the stream of a revoked token, saying why', async () => {
    const issued = await t.hub.admin.createToken({ org: 'agency', scope: 'read' });
    const s = await stream(`Bearer ${issued.token}`);
    await s.waitUntil(() => s.lastEventId !== undefined);
    await t.hub.admin.revokeToken(issued.record.id);
    await s.waitUntil(() => s.ended, 5_000);
    const end = s.events.find((e) => e.event === 'end');
    expect(JSON.parse(end?.data ?? '{}').code).toBe('CAIRN_UNAUTHENTICATED');
  });
});

describe('live streams and the server’s own limits', () => {
  it('disconnects a client that stops reading, and frees its slot', async () => {
    const t = await startTestHub({ 'streams.stallMs': 300, 'taxii.maxObjectsPerRequest': 50_000 });
    try {
      const url = `${t.url}/api/v1/communities/hub/collections/${t.collectionId}/stream`;
      // A client that reads the head, then nothing: its socket buffers fill and stay full.
      const stalled = await new Promise<IncomingMessage>((resolve, reject) => {
        request(url, { headers: { accept: 'text/event-stream', authorization: t.adminAuth } }, (res) => {
          res.pause();
          resolve(res);
        })
          .on('error', reject)
          .end();
      });
      expect(stalled.statusCode).toBe(200);
      await expect.poll(() => t.hub.streams.size).toBe(1);
      // About 20 MB of events: far more than loopback socket buffers hold.
      for (let i = 0; i < 4; i++) {
        const res = await t.request('POST', `/hub/collections/${t.collectionId}/objects/`, {
          body: { objects: indicators(7_000).map((o) => ({ ...o, description: 'x'.repeat(400) })) },
        });
        expect(res.status).toBe(202);
      }
      await expect.poll(() => t.hub.streams.size, { timeout: 15_000 }).toBe(0);
      stalled.destroy();
    } finally {
      await t.stop();
    }
  }, 60_000);

  it('ends open streams when the server shuts down, so shutdown does not wait for clients', async () => {
    const t = await startTestHub();
    const s = await openSse(`${t.url}/api/v1/communities/hub/collections/${t.collectionId}/stream`, {
      authorization: t.adminAuth,
    });
    await s.waitUntil(() => s.lastEventId !== undefined);
    await t.stop();
    await s.waitUntil(() => s.ended, 5_000);
  });
});
