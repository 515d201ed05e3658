import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, TAXII, type TestHub, type TestResponse } from '../helpers/create-test-hub.js';
import { envelope, indicator } from '../helpers/stix-fixtures.js';
import { addCollection, addCommunity } from '../helpers/tenancy.js';

/** T094 and STYLE §4: title, http_status as the response status (a string), a CAIRN_* code. */
function expectErrorResource(res: TestResponse, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe(TAXII);
  expect(res.json).toMatchObject({
    title: expect.any(String),
    http_status: String(status),
    error_code: expect.stringMatching(/^CAIRN_[A-Z_]+$/),
  });
  expect(res.json.title.length).toBeGreaterThan(0);
}

describe('media types, error resources and bad input', () => {
  let t: TestHub;
  let objects: string;
  let smallObjects: string;

  beforeAll(async () => {
    t = await startTestHub({ 'taxii.maxContentLength': 256 * 1024 });
    objects = `/hub/collections/${t.collectionId}/objects/`;
    await addCommunity(t, 'small', 4096);
    smallObjects = `/small/collections/${await addCollection(t, 'small', 'Small')}/objects/`;
  });
  afterAll(async () => {
    await t.stop();
  });

  it('T022 every response carries exactly application/taxii+json;version=2.1, errors and 404s included', async () => {
    const o = indicator();
    await t.request('POST', objects, { body: envelope([o]) });
    const cases: [string, string, Parameters<TestHub['request']>[2]][] = [
      ['GET', '/taxii2/', {}],
      ['GET', '/hub/', {}],
      ['GET', '/hub/collections/', {}],
      ['GET', `/hub/collections/${t.collectionId}/`, {}],
      ['GET', objects, {}],
      ['GET', `${objects}${o.id}/`, {}],
      ['GET', `${objects}${o.id}/versions/`, {}],
      ['GET', `/hub/collections/${t.collectionId}/manifest/`, {}],
      ['POST', objects, { body: envelope([indicator()]) }],
      ['GET', '/nope/', {}],
      ['GET', '/hub/collections/nope/', {}],
      ['GET', `${objects}?limit=0`, {}],
      ['GET', '/taxii2/', { auth: null }],
      ['GET', '/taxii2/', { headers: { accept: 'application/xml' } }],
      ['POST', objects, { body: '{}', headers: { 'content-type': 'application/json' } }],
      ['GET', '/completely/unknown/path/here/', {}],
      ['DELETE', `${objects}${o.id}/`, {}],
    ];
    for (const [method, path, options] of cases) {
      const res = await t.request(method, path, options);
      expect(res.headers.get('content-type'), `${method} ${path} → ${res.status}`).toBe(TAXII);
    }
  });

  it('T024 T025 406 for an Accept of application/xml', async () => {
    const res = await t.request('GET', '/taxii2/', { headers: { accept: 'application/xml' } });
    expectErrorResource(res, 406);
    expect(res.json.error_code).toBe('CAIRN_NOT_ACCEPTABLE');
  });

  it('pitfall 12 406 for TAXII 2.0 media types and other versions', async () => {
    for (const accept of [
      'application/taxii+json;version=2.0',
      'application/vnd.oasis.taxii+json',
      'application/vnd.oasis.taxii+json; version=2.0',
      'application/taxii+json;version=3.0',
      'application/stix+json;version=2.1',
      'text/html',
    ]) {
      const res = await t.request('GET', `/hub/collections/${t.collectionId}/objects/`, {
        headers: { accept },
      });
      expect(res.status, accept).toBe(406);
      expect(res.headers.get('content-type'), accept).toBe(TAXII);
    }
  });

  it('T023 T024 A15 lenient Accept values are served as TAXII 2.1', async () => {
    for (const accept of [
      'application/taxii+json;version=2.1',
      'application/taxii+json',
      'application/taxii+json; version="2.1"',
      'APPLICATION/TAXII+JSON;VERSION=2.1',
      '*/*',
      'application/*',
      'application/json',
      'application/json, text/plain, */*',
      'application/xml, application/taxii+json;version=2.1;q=0.5',
      'application/taxii+json;version=2.1,application/stix+json;version=2.1',
    ]) {
      const res = await t.request('GET', '/taxii2/', { headers: { accept } });
      expect(res.status, accept).toBe(200);
      expect(res.headers.get('content-type'), accept).toBe(TAXII);
    }
  });

  it('A15 a request without any Accept header is served', async () => {
    const res = await t.rawRequest('GET', '/taxii2/', { authorization: t.adminAuth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(TAXII);
  });

  it('T024 an Accept that refuses TAXII with q=0 is 406', async () => {
    const res = await t.request('GET', '/taxii2/', { headers: { accept: 'application/taxii+json;q=0' } });
    expect(res.status).toBe(406);
  });

  it('T026 a POST with the TAXII Content-Type (with or without version) is not 415', async () => {
    for (const ct of [
      'application/taxii+json;version=2.1',
      'application/taxii+json',
      'application/taxii+json; version=2.1',
      'application/taxii+json;version=2.1; charset=utf-8',
    ]) {
      const res = await t.request('POST', objects, {
        body: envelope([indicator()]),
        headers: { 'content-type': ct },
      });
      expect(res.status, ct).toBe(202);
    }
  });

  it('T026 T139 415 on a POST with another Content-Type', async () => {
    for (const ct of [
      'application/json',
      'text/plain',
      'application/stix+json;version=2.1',
      'application/taxii+json;version=2.0',
      'application/x-www-form-urlencoded',
    ]) {
      const res = await t.request('POST', objects, {
        body: envelope([indicator()]),
        headers: { 'content-type': ct },
      });
      expectErrorResource(res, 415);
      expect(res.json.error_code, ct).toBe('CAIRN_UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('T026 415 on a POST without Content-Type', async () => {
    const res = await t.rawRequest(
      'POST',
      objects,
      { accept: TAXII, authorization: t.adminAuth },
      JSON.stringify(envelope([indicator()])),
    );
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toBe(TAXII);
  });

  it('T104 T138 413 above the API root’s max_content_length; below it is accepted', async () => {
    const root = await t.request('GET', '/small/');
    expect(root.json.max_content_length).toBe(4096);
    const big = envelope([indicator({ description: 'x'.repeat(5000) })]);
    expectErrorResource(await t.request('POST', smallObjects, { body: big }), 413);
    const fits = envelope([indicator({ description: 'x'.repeat(2000) })]);
    expect(JSON.stringify(fits).length).toBeLessThan(4096);
    expect((await t.request('POST', smallObjects, { body: fits })).status).toBe(202);
  });

  it('T138 413 above the transport cap, as a TAXII error resource', async () => {
    const huge = envelope([indicator({ description: 'x'.repeat(300 * 1024) })]);
    const res = await t.request('POST', objects, { body: huge });
    expectErrorResource(res, 413);
    expect(res.json.error_code).toBe('CAIRN_PAYLOAD_TOO_LARGE');
  });

  it('T094 error resources have a title, http_status equal to the status, and a CAIRN_* code', async () => {
    const cases: [number, string, string, Parameters<TestHub['request']>[2]][] = [
      [400, 'GET', `${objects}?limit=-5`, {}],
      [401, 'GET', '/hub/', { auth: null }],
      [404, 'GET', '/nope/collections/', {}],
      [404, 'GET', `${objects}indicator--0b0fb2cc-5a55-4a1b-8e4a-3b1c3f2d9a10/`, {}],
      [406, 'GET', '/hub/', { headers: { accept: 'text/csv' } }],
      [415, 'POST', objects, { body: '{}', headers: { 'content-type': 'text/plain' } }],
      [400, 'POST', objects, { body: '{not json' }],
    ];
    for (const [status, method, path, options] of cases) {
      const res = await t.request(method, path, options);
      expectErrorResource(res, status);
      expect(res.json.error_id).toEqual(expect.any(String));
    }
  });

  it('T017 a 404 for an unknown route does not echo internals beyond the path', async () => {
    const res = await t.request('GET', '/a/b/c/d/e/f/');
    expectErrorResource(res, 404);
    expect(res.text).not.toMatch(/stack|at \w+ \(|node_modules/);
  });

  describe('bad input is never a 500', () => {
    it('malformed JSON bodies are 400 with an error resource', async () => {
      for (const body of ['{not json', '{"objects": [', '', '\u0000', '{"objects":[]]}']) {
        const res = await t.request('POST', objects, { body });
        expectErrorResource(res, 400);
        expect(res.json.error_code).toBe('CAIRN_INVALID_ENVELOPE');
      }
    });

    it('JSON that is not an envelope (array, string, number, null, no objects) is 400', async () => {
      for (const body of [
        '[]',
        '[{"type":"indicator"}]',
        '"text"',
        '42',
        'null',
        'true',
        '{}',
        '{"objects":{}}',
        '{"objects":"x"}',
      ]) {
        const res = await t.request('POST', objects, { body });
        expectErrorResource(res, 400);
      }
    });

    it('T056 an empty objects list is 400', async () => {
      const res = await t.request('POST', objects, { body: { objects: [] } });
      expectErrorResource(res, 400);
    });

    it('__proto__ and constructor keys in posted objects are stored as data or refused, never a 500', async () => {
      const o = indicator();
      const text = JSON.stringify(envelope([o])).replace(
        '"name":',
        '"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"name":',
      );
      const res = await t.request('POST', objects, { body: text });
      expect(res.status).toBe(202);
      expect(res.json.total_count).toBe(1);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const envelopeProto = await t.request('POST', objects, {
        body: '{"__proto__":{"objects":[1]},"objects":[{"type":"indicator"}]}',
      });
      expect(envelopeProto.status).toBe(202);
      expect(envelopeProto.json.failure_count).toBe(1);
      const after = await t.request('GET', '/taxii2/');
      expect(after.status).toBe(200);
    });

    it('__proto__, constructor and other odd query parameters are ignored or refused, never a 500', async () => {
      for (const q of [
        '__proto__=1',
        '__proto__[limit]=5',
        'constructor=x',
        'constructor[prototype][x]=1',
        'match[__proto__]=1',
        'toString=1&valueOf=2&hasOwnProperty=3',
        'match[constructor]=x',
        'limit[]=5',
        'limit[a]=5',
      ]) {
        const res = await t.request('GET', `${objects}?${q}`);
        expect([200, 400], q).toContain(res.status);
        expect(res.headers.get('content-type'), q).toBe(TAXII);
      }
    });

    it('duplicated query parameters are 400', async () => {
      for (const q of ['limit=1&limit=2', 'limit=1&limit=1', 'match[id]=a&match[id]=b', 'next=a&next=b']) {
        const res = await t.request('GET', `${objects}?${q}`);
        expectErrorResource(res, 400);
      }
    });

    it('huge query parameters are 400, not 500', async () => {
      const ids = Array.from(
        { length: 300 },
        (_, i) => `indicator--${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`,
      ).join(',');
      const res = await t.request('GET', `${objects}?match[id]=${ids}`);
      expectErrorResource(res, 400);
      const longType = await t.request('GET', `${objects}?match[type]=${'a'.repeat(5000)}`);
      expect([200, 400]).toContain(longType.status);
      expect(longType.headers.get('content-type')).toBe(TAXII);
      const longNext = await t.request('GET', `${objects}?next=${'a'.repeat(6000)}`);
      expectErrorResource(longNext, 400);
    });

    it('unknown query parameters are ignored', async () => {
      const res = await t.request('GET', `${objects}?limit=1&foo=bar&match=1`);
      expect(res.status).toBe(200);
    });

    it('bad percent-encoding in the query is 400, not 500', async () => {
      const res = await t.request('GET', `${objects}?match[type]=%E0%A4%A`);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toBe(TAXII);
    });

    it('an unsupported method on a TAXII URL is an error resource, not a 500', async () => {
      for (const method of ['PUT', 'PATCH']) {
        const res = await t.request(method, objects, { body: envelope([indicator()]) });
        expect(res.status, method).toBeGreaterThanOrEqual(400);
        expect(res.status, method).toBeLessThan(500);
        expect(res.headers.get('content-type'), method).toBe(TAXII);
      }
    });
  });
});
