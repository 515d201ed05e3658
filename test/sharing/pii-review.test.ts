import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { indicator, note } from '../helpers/stix-fixtures.js';
import { addCollection, addOrg, addUser } from '../helpers/tenancy.js';

type Obj = Record<string, unknown>;

const EMAIL = 'jo.victim@mailbox.example';
const PHONE = '+44 20 7946 0958';
const CARD = '4111 1111 1111 1111';

/**
 * Personal data at ingestion (DESIGN.md §3) over real HTTP: a `redact` community stores
 * only redacted text; a `hold` community keeps objects with findings out of sight (objects,
 * manifest, Get an Object, versions) of everyone but hub admins, its reviewers and the
 * submitting organisation, with the status `pending` until each is decided.
 */
describe('personal data over TAXII', () => {
  let t: TestHub;
  const who: Record<string, string> = {};
  let redactBase: string;
  let holdBase: string;

  beforeAll(async () => {
    t = await startTestHub();
    await t.hub.admin.addCommunity('held', { title: 'Held', maxContentLength: 10_000_000, piiMode: 'hold' });
    await addOrg(t, 'acme-bank', 'private');
    await addOrg(t, 'agency', 'government');
    await addOrg(t, 'outsider', 'private');
    for (const c of ['hub', 'held'])
      for (const o of ['acme-bank', 'agency']) await t.hub.admin.addMember(c, o);
    await t.hub.admin.addMember('hub', 'outsider');
    who.analyst = await addUser(t, 'acme-analyst', 'acme-bank', ['analyst']);
    who.colleague = await addUser(t, 'acme-colleague', 'acme-bank', ['reader']);
    who.reader = await addUser(t, 'agency-reader', 'agency', ['reader']);
    who.reviewer = await addUser(t, 'agency-reviewer', 'agency', ['reader', 'reviewer@held']);
    // A reviewer, but of another community: it may not review `held`.
    who.otherReviewer = await addUser(t, 'outsider-reviewer', 'outsider', ['reader', 'reviewer@hub']);
    who.token = `Bearer ${(await t.hub.admin.createToken({ org: 'agency', scope: 'read' })).token}`;
    who.admin = t.adminAuth;
    const grants = { read: ['members'], write: ['analyst'] };
    redactBase = `/hub/collections/${await addCollection(t, 'hub', 'Redacted', grants)}/`;
    holdBase = `/held/collections/${await addCollection(t, 'held', 'Held', grants)}/`;
  });
  afterAll(async () => {
    await t.stop();
  });

  const post = (base: string, objects: Obj[]) =>
    t.request('POST', `${base}objects/`, { auth: who.analyst as string, body: { objects } });
  const status = async (root: string, id: string) =>
    (await t.request('GET', `/${root}/status/${id}/`, { auth: who.analyst as string })).json;
  const idsSeen = async (auth: string, base: string) =>
    ((await t.request('GET', `${base}objects/?limit=1000`, { auth })).json.objects ?? []).map(
      (o: Obj) => o.id,
    );
  const reviewOf = async (objectId: string) => {
    const list = (await t.request('GET', '/api/v1/reviews', { auth: who.reviewer as string })).json.reviews;
    return list.find((r: Obj) => r.object_id === objectId) as Obj;
  };

  describe('in a redact community (the default)', () => {
    it('stores the redacted text, says which kinds were redacted, and never returns the original', async () => {
      const n = note(`Victim ${EMAIL} called from ${PHONE}, card ${CARD}; Acme-Bank was told`);
      const pattern = indicator({
        pattern: "[email-addr:value = 'ceo@phisher.example']",
        name: 'Phishing sender',
      });
      const res = await post(redactBase, [n, pattern]);
      expect(res.json).toMatchObject({ status: 'complete', success_count: 2, pending_count: 0 });
      const entry = res.json.successes.find((s: Obj) => s.id === n.id);
      expect(entry.message).toBe('Personal data redacted: email, organisation, payment-card, phone');
      expect(res.text).not.toContain(EMAIL);
      for (const auth of [who.admin, who.analyst, who.reader, who.token] as string[]) {
        const got = await t.request('GET', `${redactBase}objects/${n.id}/`, { auth });
        expect(got.json.objects[0].content).toBe(
          'Victim [REDACTED:email] called from [REDACTED:phone], card [REDACTED:payment-card]; [REDACTED:organisation] was told',
        );
        for (const path of ['objects/?limit=1000', `objects/${n.id}/versions/`, 'manifest/']) {
          const text = (await t.request('GET', `${redactBase}${path}`, { auth })).text;
          expect(text).not.toContain(EMAIL);
          expect(text).not.toContain(CARD);
        }
      }
      // The indicator's pattern is shared as submitted: it is what the hub exists to share.
      const shared = await t.request('GET', `${redactBase}objects/${pattern.id}/`, {
        auth: who.reader as string,
      });
      expect(shared.json.objects[0].pattern).toBe("[email-addr:value = 'ceo@phisher.example']");
    });
  });

  describe('in a hold community', () => {
    it('answers pending and hides held objects from other members on every read path', async () => {
      const clean = indicator({ name: 'clean' });
      const held = note(`Contact ${PHONE}`);
      const res = await post(holdBase, [clean, held]);
      expect(res.json).toMatchObject({ status: 'pending', success_count: 1, pending_count: 1 });
      expect(res.json.pendings).toEqual([
        { id: held.id, version: held.modified, message: 'Held for personal-data review: phone' },
      ]);
      expect((await status('held', res.json.id)).status).toBe('pending');

      for (const auth of [who.reader, who.token, who.otherReviewer] as string[]) {
        const seen = await idsSeen(auth, holdBase);
        if (auth !== who.otherReviewer) expect(seen).toContain(clean.id);
        expect(seen).not.toContain(held.id);
        const manifest = (await t.request('GET', `${holdBase}manifest/`, { auth })).text;
        expect(manifest).not.toContain(held.id as string);
        expect((await t.request('GET', `${holdBase}objects/${held.id}/`, { auth })).status).toBe(404);
        expect((await t.request('GET', `${holdBase}objects/${held.id}/versions/`, { auth })).status).toBe(
          404,
        );
        const probe = await t.request('GET', `${holdBase}objects/?match[id]=${held.id}`, { auth });
        expect(probe.text).not.toContain(PHONE);
      }
      for (const auth of [who.reviewer, who.colleague, who.analyst, who.admin] as string[]) {
        expect(await idsSeen(auth, holdBase)).toContain(held.id);
        expect((await t.request('GET', `${holdBase}objects/${held.id}/`, { auth })).status).toBe(200);
      }
    });

    it('releases an approved object as submitted and completes the status', async () => {
      const held = note(`Contact ${EMAIL}`);
      const statusId = (await post(holdBase, [held])).json.id;
      const review = await reviewOf(held.id as string);
      expect(review).toMatchObject({ object_id: held.id, kinds: ['email'], status_id: statusId });
      const detail = await t.request('GET', `/api/v1/reviews/${review.id}`, { auth: who.reviewer as string });
      expect(detail.json.findings).toEqual([
        { kind: 'email', path: '$.content', start: 8, end: 8 + EMAIL.length },
      ]);
      expect(detail.json.object.content).toBe(`Contact ${EMAIL}`);
      expect(detail.json.redacted.content).toBe('Contact [REDACTED:email]');

      const decided = await t.request('POST', `/api/v1/reviews/${review.id}/approve`, {
        auth: who.reviewer as string,
      });
      expect(decided.json).toEqual({ id: review.id, decision: 'approve', object_id: held.id });
      // Every decision is in the audit log, with the reviewer and never the personal data.
      const [entry] = await t.hub.store.audit.list({ event: 'review.approve' });
      expect(entry).toMatchObject({
        actor: { kind: 'user', name: expect.any(String) },
        details: { reviewId: review.id, objectId: held.id, statusId, kinds: ['email'] },
      });
      expect(JSON.stringify(entry)).not.toContain(EMAIL);
      const after = await status('held', statusId);
      expect(after).toMatchObject({ status: 'complete', success_count: 1, pending_count: 0 });
      expect(after.successes[0].message).toContain('Released as submitted');
      const got = await t.request('GET', `${holdBase}objects/${held.id}/`, { auth: who.reader as string });
      expect(got.json.objects[0].content).toBe(`Contact ${EMAIL}`);
      // Decided once: a second decision finds nothing.
      const again = await t.request('POST', `/api/v1/reviews/${review.id}/reject`, {
        auth: who.reviewer as string,
      });
      expect(again.status).toBe(404);
    });

    it('releases a redacted object redacted, and the original reaches no one', async () => {
      const held = note(`Card ${CARD} used`);
      const statusId = (await post(holdBase, [held])).json.id;
      const review = await reviewOf(held.id as string);
      await t.request('POST', `/api/v1/reviews/${review.id}/redact`, { auth: who.admin as string });
      expect(await status('held', statusId)).toMatchObject({ status: 'complete', success_count: 1 });
      for (const auth of [who.reader, who.admin, who.analyst] as string[]) {
        const got = await t.request('GET', `${holdBase}objects/${held.id}/versions/`, { auth });
        expect(got.status).toBe(200);
        const body = (await t.request('GET', `${holdBase}objects/${held.id}/`, { auth })).json.objects[0];
        expect(body.content).toBe('Card [REDACTED:payment-card] used');
      }
    });

    it('deletes a rejected object, keeps the status pending until every held object is decided', async () => {
      const first = note(`SSN 123-45-6789`);
      const second = note(`Call ${PHONE}`);
      const statusId = (await post(holdBase, [first, second])).json.id;
      const one = await reviewOf(first.id as string);
      const two = await reviewOf(second.id as string);
      await t.request('POST', `/api/v1/reviews/${one.id}/reject`, { auth: who.reviewer as string });
      expect(await status('held', statusId)).toMatchObject({
        status: 'pending',
        failure_count: 1,
        pending_count: 1,
      });
      expect(
        (await t.request('GET', `${holdBase}objects/${first.id}/`, { auth: who.admin as string })).status,
      ).toBe(404);
      await t.request('POST', `/api/v1/reviews/${two.id}/approve`, { auth: who.reviewer as string });
      const done = await status('held', statusId);
      expect(done).toMatchObject({
        status: 'complete',
        success_count: 1,
        failure_count: 1,
        pending_count: 0,
      });
      expect(done.failures[0]).toMatchObject({ id: first.id, message: expect.stringContaining('Rejected') });
    });

    it('checks authorization on every review route', async () => {
      const held = note(`Mail ${EMAIL}`);
      await post(holdBase, [held]);
      const review = await reviewOf(held.id as string);
      const routes: [string, string][] = [
        ['GET', `/api/v1/reviews/${review.id}`],
        ['POST', `/api/v1/reviews/${review.id}/approve`],
        ['POST', `/api/v1/reviews/${review.id}/redact`],
        ['POST', `/api/v1/reviews/${review.id}/reject`],
      ];
      // Members who are not its reviewers, reviewers of another community, the submitter, tokens.
      for (const auth of [who.reader, who.otherReviewer, who.analyst, who.token] as string[]) {
        for (const [method, path] of routes)
          expect((await t.request(method, path, { auth })).status).toBe(404);
      }
      for (const auth of [who.reader, who.analyst, who.token] as string[]) {
        expect((await t.request('GET', '/api/v1/reviews', { auth })).status).toBe(403);
      }
      const others = (await t.request('GET', '/api/v1/reviews', { auth: who.otherReviewer as string })).json;
      expect(others.reviews.map((r: Obj) => r.object_id)).not.toContain(held.id);
      expect((await t.request('GET', '/api/v1/reviews', { auth: null })).status).toBe(401);
      expect(
        (await t.request('POST', `/api/v1/reviews/${review.id}/publish`, { auth: who.reviewer as string }))
          .status,
      ).toBe(404);
      // Still held: nothing above decided it.
      expect(
        (await t.request('GET', `/api/v1/reviews/${review.id}`, { auth: who.reviewer as string })).status,
      ).toBe(200);
    });
  });
});
