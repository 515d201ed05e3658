import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TLP2_MARKING_IDS } from '../../src/sharing/index.js';
import { basic, startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { openSse, type SseStream } from '../helpers/sse-client.js';
import { indicator, note } from '../helpers/stix-fixtures.js';
import { addCollection, addOrg, addUser, USER_PASSWORD } from '../helpers/tenancy.js';

type Obj = Record<string, unknown>;

const STATEMENT =
  'This information is voluntarily submitted to the hub in expectation of protection from disclosure (PCII).';

/**
 * Issue 6 over real HTTP: an object held for personal-data review or pending PCII
 * validation is dated at its release, so a client polling with `added_after` set to the
 * X-TAXII-Date-Added-Last of its previous poll receives it although it was submitted
 * before that poll. A live stream opened before the submission receives it too, woken by the
 * release itself (the streams' periodic re-check is set far beyond the test's length).
 */
describe('released objects reach added_after pollers', () => {
  let t: TestHub;
  const who: Record<string, string> = {};
  let base: string;
  let collection: string;
  /** A live stream as the poller, from now on. */
  const stream = async (): Promise<SseStream> => {
    const s = await openSse(`${t.url}/api/v1/communities/grid/collections/${collection}/stream`, {
      authorization: who.poller as string,
    });
    await s.waitUntil(() => s.lastEventId !== undefined);
    return s;
  };
  const streamedIds = (s: SseStream) =>
    s.events.filter((e) => e.data !== '' && e.event === 'message').map((e) => JSON.parse(e.data).id);

  beforeAll(async () => {
    t = await startTestHub({
      'pcii.key': randomBytes(32).toString('base64'),
      'streams.recheckMs': 3_600_000,
    });
    await t.hub.admin.addCommunity('grid', { title: 'Grid', maxContentLength: 10_000_000, piiMode: 'hold' });
    for (const org of ['power-co', 'water-co', 'agency']) {
      await addOrg(t, org, org === 'agency' ? 'government' : 'private');
      await t.hub.admin.addMember('grid', org);
    }
    who.submitter = await addUser(t, 'power-analyst', 'power-co', ['analyst']);
    await t.hub.admin.addUser('water-certified', {
      org: 'water-co',
      roles: ['reader'],
      password: USER_PASSWORD,
      pciiCertified: true,
    });
    who.poller = basic('water-certified', USER_PASSWORD);
    who.reviewer = await addUser(t, 'agency-reviewer', 'agency', ['reader', 'reviewer@grid']);
    who.officer = await addUser(t, 'agency-officer', 'agency', ['reader', 'pcii-officer@grid']);
    collection = await addCollection(t, 'grid', 'Feed', { read: ['members'], write: ['members'] });
    base = `/grid/collections/${collection}/`;
  });
  afterAll(async () => {
    await t.stop();
  });

  const post = async (objects: Obj[], extra: Obj = {}) => {
    const res = await t.request('POST', `${base}objects/`, {
      auth: who.submitter as string,
      body: { objects, ...extra },
    });
    expect(res.status).toBe(202);
    return res.json;
  };
  /** One poll as the other organisation's certified reader: the ids and the new position. */
  const poll = async (addedAfter: string | undefined) => {
    const query = addedAfter === undefined ? '' : `?added_after=${addedAfter}`;
    const res = await t.request('GET', `${base}objects/${query}`, { auth: who.poller as string });
    expect(res.status).toBe(200);
    const ids = ((res.json.objects ?? []) as Obj[]).map((o) => o.id);
    return { ids, last: res.headers.get('x-taxii-date-added-last') ?? addedAfter };
  };
  const manifestAfter = async (addedAfter: string | undefined) => {
    const res = await t.request('GET', `${base}manifest/?added_after=${addedAfter}`, {
      auth: who.poller as string,
    });
    return ((res.json.objects ?? []) as Obj[]).map((o) => [o.id, o.date_added]);
  };

  it('delivers an object approved in review after the poll that passed its submission', async () => {
    const live = await stream();
    const held = note('Call the plant operator at jo.operator@mailbox.example');
    const submitted = await post([held]);
    expect(submitted.pending_count).toBe(1);
    const after = indicator({ name: 'Posted after the held note' });
    await post([after]);
    const first = await poll(undefined);
    expect(first.ids).toContain(after.id);
    expect(first.ids).not.toContain(held.id);

    const review = (
      (await t.request('GET', '/api/v1/reviews', { auth: who.reviewer as string })).json.reviews as Obj[]
    ).find((r) => r.object_id === held.id) as Obj;
    const decided = await t.request('POST', `/api/v1/reviews/${review.id}/approve`, {
      auth: who.reviewer as string,
    });
    expect(decided.status).toBe(200);

    const next = await poll(first.last);
    expect(next.ids).toEqual([held.id]);
    expect(String(next.last) > String(first.last)).toBe(true);
    const manifest = await manifestAfter(first.last);
    expect(manifest).toEqual([[held.id, next.last]]);
    expect((await poll(next.last)).ids).toEqual([]);
    await live.waitUntil(() => streamedIds(live).includes(held.id));
    expect(streamedIds(live)).toEqual([after.id, held.id]);
    live.close();
  });

  /** A clean opinion on `target`: the reference rule withholds it wherever `target` is. */
  const opinionOn = (target: Obj): Obj => ({
    type: 'opinion',
    spec_version: '2.1',
    id: `opinion--${randomUUID()}`,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    opinion: 'agree',
    object_refs: [target.id],
  });
  /** The poller's first poll sees `after` but neither the held note nor the opinion on it. */
  const holdWithOpinion = async () => {
    const held = note('Reach the duty engineer at sam.engineer@mailbox.example');
    expect((await post([held])).pending_count).toBe(1);
    const opinion = opinionOn(held);
    const after = indicator({ name: 'Posted after the opinion' });
    await post([opinion]);
    await post([after]);
    const first = await poll(undefined);
    expect(first.ids).toContain(after.id);
    expect(first.ids).not.toContain(held.id);
    expect(first.ids).not.toContain(opinion.id);
    return { held, opinion, after, first };
  };

  it('delivers an object that references a held one once that is approved, right after it', async () => {
    const live = await stream();
    const { held, opinion, after, first } = await holdWithOpinion();
    const review = (
      (await t.request('GET', '/api/v1/reviews', { auth: who.reviewer as string })).json.reviews as Obj[]
    ).find((r) => r.object_id === held.id) as Obj;
    const decided = await t.request('POST', `/api/v1/reviews/${review.id}/approve`, {
      auth: who.reviewer as string,
    });
    expect(decided.status).toBe(200);

    const next = await poll(first.last);
    expect(next.ids).toEqual([held.id, opinion.id]);
    expect((await poll(next.last)).ids).toEqual([]);
    await live.waitUntil(() => streamedIds(live).includes(opinion.id));
    expect(streamedIds(live)).toEqual([after.id, held.id, opinion.id]);
    live.close();
  });

  it('delivers an object that references a held one once its submitter deletes that', async () => {
    const live = await stream();
    const { held, opinion, after, first } = await holdWithOpinion();
    const deleted = await t.request('DELETE', `${base}objects/${held.id}/`, {
      auth: who.submitter as string,
    });
    expect(deleted.status).toBe(200);

    const next = await poll(first.last);
    expect(next.ids).toEqual([opinion.id]);
    await live.waitUntil(() => streamedIds(live).includes(opinion.id));
    expect(streamedIds(live)).toEqual([after.id, opinion.id]);
    live.close();
  });

  it('delivers a protected object validated after the poll that passed its submission', async () => {
    const secret = indicator({
      name: 'Relay firmware beacon',
      pattern: "[ipv4-addr:value = '192.0.2.77']",
      object_marking_refs: [TLP2_MARKING_IDS.green],
    });
    const live = await stream();
    const submitted = await post([secret], { x_cairn_protected: true, x_cairn_pcii_statement: STATEMENT });
    expect(submitted.pending_count).toBe(1);
    const after = indicator({ name: 'Posted after the protected one' });
    await post([after]);
    const first = await poll(undefined);
    expect(first.ids).toContain(after.id);
    expect(first.ids).not.toContain(secret.id);

    const pending = (
      (await t.request('GET', '/api/v1/pcii?state=pending', { auth: who.officer as string })).json
        .submissions as Obj[]
    ).find((s) => s.object_id === secret.id) as Obj;
    const decided = await t.request('POST', `/api/v1/pcii/${pending.id}/validate`, {
      auth: who.officer as string,
    });
    expect(decided.status).toBe(200);

    const next = await poll(first.last);
    expect(next.ids).toEqual([secret.id]);
    const manifest = await manifestAfter(first.last);
    expect(manifest).toEqual([[secret.id, next.last]]);
    expect((await poll(next.last)).ids).toEqual([]);
    await live.waitUntil(() => streamedIds(live).includes(secret.id));
    // The TLP marking definition the submission referenced is stored with it and streamed too.
    expect(streamedIds(live).filter((id) => id.startsWith('indicator--'))).toEqual([after.id, secret.id]);
    live.close();
    // Every read of protected content is audited, streams included (DESIGN.md §3).
    const streamed = (await t.hub.store.audit.list({ event: 'pcii.read' })).filter(
      (e) => (e.details as { endpoint?: string } | undefined)?.endpoint === 'stream',
    );
    expect(streamed.map((e) => e.actor.name)).toEqual(['water-certified']);
  });
});
