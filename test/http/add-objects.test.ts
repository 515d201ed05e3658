import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, TAXII, type TestHub } from '../helpers/create-test-hub.js';
import { envelope, indicator, indicators } from '../helpers/stix-fixtures.js';
import { TIMESTAMP_RE } from '../helpers/taxii-walk.js';
import { addCommunity, addOrg, addUser } from '../helpers/tenancy.js';

type Detail = { id: string; version: string; message?: string };
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Add Objects and the status resource', () => {
  let t: TestHub;
  let objects: string;
  let acme: string;
  let acme2: string;
  let beta: string;

  beforeAll(async () => {
    t = await startTestHub({ 'taxii.maxObjectsPerRequest': 2000 });
    objects = `/hub/collections/${t.collectionId}/objects/`;
    await addOrg(t, 'acme');
    await addOrg(t, 'beta');
    await t.hub.admin.addMember('hub', 'acme');
    await t.hub.admin.addMember('hub', 'beta');
    acme = await addUser(t, 'acme-analyst', 'acme', ['analyst']);
    acme2 = await addUser(t, 'acme-reader', 'acme', ['reader']);
    beta = await addUser(t, 'beta-analyst', 'beta', ['analyst']);
    await addCommunity(t, 'isac');
  });
  afterAll(async () => {
    await t.stop();
  });

  const post = (objs: readonly unknown[], auth?: string) =>
    t.request('POST', objects, { body: envelope(objs), ...(auth === undefined ? {} : { auth }) });
  const stored = async (id: string) => {
    const res = await t.request('GET', `${objects}${id}/?match[version]=all`);
    return res.status === 404 ? [] : ((res.json.objects ?? []) as Record<string, unknown>[]);
  };

  it('T049 T135 T105 T106 T107 answers 202 with a complete status resource whose counts add up', async () => {
    const objs = indicators(3);
    const res = await post(objs);
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toBe(TAXII);
    expect(res.json).toEqual({
      id: expect.stringMatching(UUID4),
      status: 'complete',
      request_timestamp: expect.stringMatching(TIMESTAMP_RE),
      total_count: 3,
      success_count: 3,
      failure_count: 0,
      pending_count: 0,
      successes: objs.map((o) => ({ id: o.id, version: o.modified })),
    });
  });

  it('T136 posting an exact duplicate is a success and stores nothing new', async () => {
    const o = indicator();
    await post([o]);
    const again = await post([o]);
    expect(again.status).toBe(202);
    expect(again.json).toMatchObject({ total_count: 1, success_count: 1, failure_count: 0 });
    expect(await stored(o.id as string)).toEqual([o]);
  });

  it('T136 a duplicate with reordered keys is still the same object', async () => {
    const o = indicator();
    await post([o]);
    const reordered = Object.fromEntries(Object.entries(o).reverse());
    const again = await post([reordered]);
    expect(again.json).toMatchObject({ success_count: 1, failure_count: 0 });
    expect(await stored(o.id as string)).toHaveLength(1);
  });

  it('a different body under an existing (id, modified) is a failure, not a replacement', async () => {
    const o = indicator();
    await post([o]);
    const res = await post([{ ...o, name: 'Changed without a new modified' }]);
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ total_count: 1, success_count: 0, failure_count: 1 });
    const [failure] = res.json.failures as Detail[];
    expect(failure).toEqual({ id: o.id, version: o.modified, message: expect.stringContaining('conflict') });
    expect(await stored(o.id as string)).toEqual([o]);
  });

  it('T139 invalid objects are failures whose message names the property and the rule', async () => {
    const noPattern = indicator();
    delete noPattern.pattern;
    const badTime = indicator({ modified: '2026-13-45T00:00:00Z' });
    const backwards = indicator({
      created: '2026-02-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
    });
    const res = await post([noPattern, badTime, backwards]);
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ total_count: 3, success_count: 0, failure_count: 3, pending_count: 0 });
    const failures = res.json.failures as Detail[];
    expect(failures.map((f) => f.id)).toEqual([noPattern.id, badTime.id, backwards.id]);
    expect(failures[0]?.message).toMatch(/pattern/);
    expect(failures[0]?.message).toMatch(/required/);
    expect(failures[1]?.message).toMatch(/modified/);
    expect(failures[1]?.message).toMatch(/timestamp/);
    expect(failures[2]?.message).toMatch(/modified/);
    expect(failures[2]?.message).toMatch(/created/);
    for (const f of failures) expect(await stored(f.id)).toEqual([]);
  });

  it('T109 a failure carries the STIX id and the modified of the object as version', async () => {
    const o = indicator({ modified: '2026-05-05T05:05:05.555Z' });
    delete o.pattern_type;
    const res = await post([o]);
    expect(res.json.failures).toEqual([
      { id: o.id, version: '2026-05-05T05:05:05.555Z', message: expect.any(String) },
    ]);
  });

  it('T139 items that are not objects, or have no valid id, are failures, not a 500', async () => {
    const res = await post([42, 'text', null, [], {}, { type: 'indicator', id: 'indicator--nope' }]);
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ total_count: 6, success_count: 0, failure_count: 6 });
    for (const f of res.json.failures as Detail[]) {
      expect(f.id).toEqual(expect.any(String));
      expect(f.version).toEqual(expect.any(String));
      expect(f.message).toEqual(expect.any(String));
    }
  });

  it('objects of another spec version are failures', async () => {
    const old = indicator({ spec_version: '2.0' });
    const none = indicator();
    delete none.spec_version;
    const res = await post([old, none]);
    expect(res.json).toMatchObject({ success_count: 0, failure_count: 2 });
    expect((res.json.failures as Detail[])[0]?.message).toMatch(/spec_version/);
  });

  it('T139 a mixed envelope stores the valid objects only', async () => {
    const good = indicators(3);
    const bad = indicator({ created: 'not a time' });
    const res = await post([good[0], bad, good[1], good[2]]);
    expect(res.json).toMatchObject({ total_count: 4, success_count: 3, failure_count: 1 });
    expect((res.json.successes as Detail[]).map((s) => s.id)).toEqual(good.map((o) => o.id));
    for (const o of good) expect(await stored(o.id as string)).toEqual([o]);
    expect(await stored(bad.id as string)).toEqual([]);
  });

  it('T136 the same object twice in one envelope is stored once; a conflicting twin fails', async () => {
    const o = indicator();
    const res = await post([o, o, { ...o, name: 'twin' }]);
    expect(res.json).toMatchObject({ total_count: 3, success_count: 2, failure_count: 1 });
    expect(await stored(o.id as string)).toEqual([o]);
  });

  it('a STIX bundle posted as the body is accepted like an envelope', async () => {
    const o = indicator();
    const res = await t.request('POST', objects, {
      body: { type: 'bundle', id: 'bundle--1d0b4f6c-4b0a-4f77-9c37-95c6a4d7a001', objects: [o] },
    });
    expect(res.status).toBe(202);
    expect(res.json.success_count).toBe(1);
  });

  it('one envelope is one transaction: concurrent readers see all of it or none of it', async () => {
    const fresh = await startTestHub();
    try {
      const path = `/hub/collections/${fresh.collectionId}/`;
      const writes = Array.from({ length: 6 }, () =>
        fresh.request('POST', `${path}objects/`, { body: envelope(indicators(500)) }),
      );
      const counts: number[] = [];
      let done = false;
      const reader = (async () => {
        while (!done) {
          const res = await fresh.request('GET', `${path}manifest/?limit=10000`);
          counts.push(((res.json.objects as unknown[] | undefined) ?? []).length);
        }
      })();
      const results = await Promise.all(writes);
      done = true;
      await reader;
      expect(results.map((r) => r.status)).toEqual(Array(6).fill(202));
      for (const c of counts) expect(c % 500).toBe(0);
      const final = await fresh.request('GET', `${path}manifest/?limit=10000`);
      expect(final.json.objects).toHaveLength(3000);
    } finally {
      await fresh.stop();
    }
  });

  it('an envelope with more objects than allowed per request is 413 and stores nothing', async () => {
    const objs = indicators(2001);
    const res = await post(objs);
    expect(res.status).toBe(413);
    expect(res.json.error_code).toBe('CAIRN_PAYLOAD_TOO_LARGE');
    expect(await stored(objs[0]?.id as string)).toEqual([]);
  });

  describe('status resource', () => {
    it('T044 T105 the status of a POST reads back as it was answered', async () => {
      const res = await post([indicator(), indicator({ pattern: 'not a pattern' })], acme);
      const status = await t.request('GET', `/hub/status/${res.json.id}/`, { auth: acme });
      expect(status.status).toBe(200);
      expect(status.headers.get('content-type')).toBe(TAXII);
      expect(status.json).toEqual(res.json);
      for (const k of ['total_count', 'success_count', 'failure_count', 'pending_count']) {
        expect(Number.isInteger(status.json[k]), k).toBe(true);
      }
      expect(status.json.success_count + status.json.failure_count + status.json.pending_count).toBe(
        status.json.total_count,
      );
    });

    it('the submitting organisation and hub admins may read a status; other organisations get 404', async () => {
      const res = await post([indicator()], acme);
      const path = `/hub/status/${res.json.id}/`;
      expect((await t.request('GET', path, { auth: acme2 })).status).toBe(200);
      expect((await t.request('GET', path)).status).toBe(200);
      const other = await t.request('GET', path, { auth: beta });
      expect(other.status).toBe(404);
      expect(other.json.error_code).toBe('CAIRN_STATUS_NOT_FOUND');
    });

    it('T124 an unknown or malformed status id is 404', async () => {
      for (const id of ['0d5ac1b5-4b3c-4c5e-9c9b-1e1f7c7e7d7a', 'nope']) {
        const res = await t.request('GET', `/hub/status/${id}/`);
        expect(res.status, id).toBe(404);
        expect(res.json.error_code, id).toBe('CAIRN_STATUS_NOT_FOUND');
      }
    });

    it('T044 a status is found only under the API root it was posted to', async () => {
      const res = await post([indicator()]);
      const other = await t.request('GET', `/isac/status/${res.json.id}/`);
      expect(other.status).toBe(404);
    });

    it('T029 the status URL without trailing slash is served too', async () => {
      const res = await post([indicator()]);
      const status = await t.request('GET', `/hub/status/${res.json.id}`);
      expect(status.status).toBe(200);
      expect(status.json.id).toBe(res.json.id);
    });
  });
});
