import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, TAXII, type TestHub } from '../helpers/create-test-hub.js';
import { addCommunity, addOrg, addUser } from '../helpers/tenancy.js';

describe('discovery, API root and health endpoints', () => {
  let t: TestHub;
  let outsider: string;
  let member: string;
  beforeAll(async () => {
    t = await startTestHub();
    await addCommunity(t, 'isac');
    await addOrg(t, 'acme');
    await t.hub.admin.addMember('hub', 'acme');
    member = await addUser(t, 'acme-reader', 'acme', ['reader']);
    await addOrg(t, 'loner');
    outsider = await addUser(t, 'loner-analyst', 'loner', ['analyst']);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('T042 T098 discovery lists the API roots a hub admin may see, with a default among them (T099)', async () => {
    const res = await t.request('GET', '/taxii2/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(TAXII);
    expect(res.json.title).toBe('Cairn threat-intelligence hub');
    expect(res.json.api_roots).toEqual(['/hub/', '/isac/']);
    expect(res.json.api_roots).toContain(res.json.default);
  });

  it('T100 discovery filters api_roots per caller', async () => {
    const res = await t.request('GET', '/taxii2/', { auth: member });
    expect(res.status).toBe(200);
    expect(res.json.api_roots).toEqual(['/hub/']);
    expect(res.json.default).toBe('/hub/');
  });

  it('T056 T099 discovery of a caller with no API root omits api_roots and default', async () => {
    const res = await t.request('GET', '/taxii2/', { auth: outsider });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ title: 'Cairn threat-intelligence hub' });
  });

  it('T101 every api_roots entry is a relative URL with one leading slash and no query', async () => {
    const res = await t.request('GET', '/taxii2/');
    for (const root of res.json.api_roots as string[]) {
      expect(root).toMatch(/^\/[^/?]+\/$/);
    }
  });

  it('T035 discovery is served at /taxii2/ only, not under a prefix', async () => {
    const res = await t.request('GET', '/prefix/taxii2/');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe(TAXII);
  });

  it('T043 T102 T103 T104 the API root resource has title, versions with media types and a positive max_content_length', async () => {
    const res = await t.request('GET', '/hub/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(TAXII);
    expect(res.json.title).toEqual(expect.any(String));
    expect(res.json.versions).toEqual(['application/taxii+json;version=2.1']);
    expect(Number.isSafeInteger(res.json.max_content_length)).toBe(true);
    expect(res.json.max_content_length).toBeGreaterThan(0);
  });

  it('T121 an unknown API root is 404 with an error resource', async () => {
    const res = await t.request('GET', '/nosuchroot/');
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ http_status: '404', error_code: 'CAIRN_API_ROOT_NOT_FOUND' });
  });

  it('T121 T036 an API root hidden from the caller is 404, the same as an unknown one', async () => {
    const hidden = await t.request('GET', '/isac/', { auth: member });
    expect(hidden.status).toBe(404);
    expect(hidden.json.error_code).toBe('CAIRN_API_ROOT_NOT_FOUND');
    const visible = await t.request('GET', '/isac/');
    expect(visible.status).toBe(200);
    expect(visible.json.title).toBe('Community isac');
  });

  it('T029 pitfall 1: discovery and API root are served with and without trailing slash, never redirected', async () => {
    for (const path of ['/taxii2/', '/taxii2', '/hub/', '/hub']) {
      const res = await t.request('GET', path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('location'), path).toBeNull();
      expect(res.headers.get('content-type'), path).toBe(TAXII);
    }
    const a = await t.request('GET', '/hub');
    const b = await t.request('GET', '/hub/');
    expect(a.json).toEqual(b.json);
  });

  it('T039 a request without User-Agent is served', async () => {
    const res = await t.rawRequest('GET', '/taxii2/', { accept: TAXII, authorization: t.adminAuth });
    expect(res.status).toBe(200);
    expect((res.json as { title: string }).title).toBe('Cairn threat-intelligence hub');
  });

  it('/healthz answers without credentials', async () => {
    const res = await t.rawRequest('GET', '/healthz', {});
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
  });

  it('/readyz answers without credentials once the store is ready', async () => {
    const res = await t.rawRequest('GET', '/readyz', {});
    expect(res.status).toBe(200);
    // Issue 6: the body also names the background jobs this node leads.
    expect(res.json).toEqual({ status: 'ready', jobs: { leading: expect.any(Array) } });
  });

  it('T012 discovery needs credentials: 401 with WWW-Authenticate', async () => {
    const res = await t.request('GET', '/taxii2/', { auth: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="/);
    expect(res.json).toMatchObject({ http_status: '401', error_code: 'CAIRN_UNAUTHENTICATED' });
  });
});
