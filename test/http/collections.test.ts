import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, TAXII, type TestHub } from '../helpers/create-test-hub.js';
import { envelope, indicator } from '../helpers/stix-fixtures.js';
import { addCollection, addCommunity, addOrg, addUser } from '../helpers/tenancy.js';

describe('collections and permissions', () => {
  let t: TestHub;
  const auth: Record<string, string> = {};
  const coll: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestHub();
    await addCommunity(t, 'isac');
    for (const org of ['acme', 'beta', 'gamma']) await addOrg(t, org);
    await t.hub.admin.addMember('hub', 'acme');
    await t.hub.admin.addMember('hub', 'beta');
    await t.hub.admin.addMember('isac', 'gamma');
    auth.acmeAnalyst = await addUser(t, 'acme-analyst', 'acme', ['analyst']);
    auth.acmeReader = await addUser(t, 'acme-reader', 'acme', ['reader']);
    auth.betaAnalyst = await addUser(t, 'beta-analyst', 'beta', ['analyst']);
    auth.gammaAnalyst = await addUser(t, 'gamma-analyst', 'gamma', ['analyst']);
    auth.admin = t.adminAuth;
    const readToken = await t.hub.admin.createToken({ org: 'acme', scope: 'read' });
    const writeToken = await t.hub.admin.createToken({ org: 'acme', scope: 'write' });
    auth.acmeReadToken = `Bearer ${readToken.token}`;
    auth.acmeWriteToken = `Bearer ${writeToken.token}`;
    coll.shared = t.collectionId;
    coll.acmeOnly = await addCollection(t, 'hub', 'Acme only', { read: ['org:acme'], write: ['org:acme'] });
    coll.readersOnly = await addCollection(t, 'hub', 'Read by readers', {
      read: ['reader'],
      write: ['community-admin'],
    });
    coll.dropBox = await addCollection(t, 'hub', 'Drop box', {
      read: ['community-admin'],
      write: ['analyst'],
      alias: 'drop-box',
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('T045 T110 T111 T114 lists collections with the required properties and media_types', async () => {
    const res = await t.request('GET', '/hub/collections/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(TAXII);
    const list = res.json.collections as Record<string, unknown>[];
    expect(list.map((c) => c.id)).toEqual([coll.shared, coll.acmeOnly, coll.readersOnly, coll.dropBox]);
    for (const c of list) {
      expect(c.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(c.title).toEqual(expect.any(String));
      expect(c.can_read).toBe(true);
      expect(c.can_write).toBe(true);
      expect(c.media_types).toEqual(['application/stix+json;version=2.1']);
    }
    expect(list[0]).toMatchObject({ alias: 'shared' });
  });

  it('T063 T126 Get Collections keeps the same order across requests', async () => {
    const a = await t.request('GET', '/hub/collections/', { auth: auth.acmeAnalyst as string });
    const b = await t.request('GET', '/hub/collections/', { auth: auth.acmeAnalyst as string });
    expect(a.json).toEqual(b.json);
  });

  it('T113 T014 can_read and can_write are those of the caller; invisible collections are left out', async () => {
    const view = async (who: string) => {
      const res = await t.request('GET', '/hub/collections/', { auth: auth[who] as string });
      expect(res.status).toBe(200);
      return Object.fromEntries(
        (res.json.collections as { id: string; can_read: boolean; can_write: boolean }[]).map((c) => [
          c.id,
          [c.can_read, c.can_write],
        ]),
      );
    };
    expect(await view('acmeAnalyst')).toEqual({
      [coll.shared as string]: [true, true],
      [coll.acmeOnly as string]: [true, true],
      [coll.dropBox as string]: [false, true],
    });
    expect(await view('acmeReader')).toEqual({
      [coll.shared as string]: [true, false],
      [coll.acmeOnly as string]: [true, true],
      [coll.readersOnly as string]: [true, false],
    });
    expect(await view('betaAnalyst')).toEqual({
      [coll.shared as string]: [true, true],
      [coll.dropBox as string]: [false, true],
    });
    expect(await view('acmeReadToken')).toEqual({
      [coll.shared as string]: [true, false],
      [coll.acmeOnly as string]: [true, false],
      [coll.readersOnly as string]: [true, false],
    });
    expect(await view('acmeWriteToken')).toEqual({
      [coll.shared as string]: [true, true],
      [coll.acmeOnly as string]: [true, true],
      [coll.readersOnly as string]: [true, false],
      [coll.dropBox as string]: [false, true],
    });
  });

  it('T110 a caller that sees the API root but no collection gets {}', async () => {
    const res = await t.request('GET', '/isac/collections/', { auth: auth.gammaAnalyst as string });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({});
  });

  it('T046 T127 Get a Collection answers the caller’s own can_read/can_write', async () => {
    const res = await t.request('GET', `/hub/collections/${coll.dropBox}/`, {
      auth: auth.acmeAnalyst as string,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      id: coll.dropBox,
      title: 'Drop box',
      alias: 'drop-box',
      can_read: false,
      can_write: true,
      media_types: ['application/stix+json;version=2.1'],
    });
  });

  it('A12 a collection is found by its alias too', async () => {
    const res = await t.request('GET', '/hub/collections/drop-box/');
    expect(res.status).toBe(200);
    expect(res.json.id).toBe(coll.dropBox);
  });

  it('T127 an unknown collection is 404, also when the id is not a UUID', async () => {
    for (const id of ['7f9b7d86-0c3a-4d6e-9a3f-2b9e1c0d4a11', 'no-such-thing', '%00']) {
      const res = await t.request('GET', `/hub/collections/${id}/`);
      expect(res.status, id).toBe(404);
      expect(res.json.error_code, id).toBe('CAIRN_COLLECTION_NOT_FOUND');
    }
  });

  it('T128 T130 A14 a collection the caller can neither read nor write is 404 on every endpoint', async () => {
    const base = `/hub/collections/${coll.acmeOnly}/`;
    for (const path of [base, `${base}objects/`, `${base}manifest/`]) {
      const res = await t.request('GET', path, { auth: auth.betaAnalyst as string });
      expect(res.status, path).toBe(404);
      expect(res.json.error_code, path).toBe('CAIRN_COLLECTION_NOT_FOUND');
    }
    const post = await t.request('POST', `${base}objects/`, {
      auth: auth.betaAnalyst as string,
      body: envelope([indicator()]),
    });
    expect(post.status).toBe(404);
  });

  it('T130 T128 a visible collection without can_read answers 403 on reads', async () => {
    const base = `/hub/collections/${coll.dropBox}/`;
    for (const path of [`${base}objects/`, `${base}manifest/`]) {
      const res = await t.request('GET', path, { auth: auth.acmeAnalyst as string });
      expect(res.status, path).toBe(403);
      expect(res.json).toMatchObject({ http_status: '403', error_code: 'CAIRN_FORBIDDEN' });
    }
  });

  it('T133 a visible collection without can_write answers 403 on POST', async () => {
    const res = await t.request('POST', `/hub/collections/${coll.shared}/objects/`, {
      auth: auth.acmeReader as string,
      body: envelope([indicator()]),
    });
    expect(res.status).toBe(403);
    expect(res.json.error_code).toBe('CAIRN_FORBIDDEN');
  });

  it('T113 the check behind can_read/can_write is the one that gates the endpoints', async () => {
    for (const who of Object.keys(auth)) {
      for (const [name, id] of Object.entries(coll)) {
        const described = await t.request('GET', `/hub/collections/${id}/`, { auth: auth[who] as string });
        const read = await t.request('GET', `/hub/collections/${id}/objects/?limit=1`, {
          auth: auth[who] as string,
        });
        const write = await t.request('POST', `/hub/collections/${id}/objects/`, {
          auth: auth[who] as string,
          body: envelope([indicator()]),
        });
        const label = `${who} on ${name}`;
        if (described.status === 404) {
          expect(read.status, label).toBe(404);
          expect(write.status, label).toBe(404);
          continue;
        }
        expect(described.status, label).toBe(200);
        expect(read.status, label).toBe(described.json.can_read ? 200 : 403);
        expect(write.status, label).toBe(described.json.can_write ? 202 : 403);
      }
    }
  });

  it('T121 a user of another community sees neither the API root nor its collections (404)', async () => {
    for (const path of [
      '/hub/',
      '/hub/collections/',
      `/hub/collections/${coll.shared}/`,
      `/hub/collections/${coll.shared}/objects/`,
      `/hub/collections/${coll.shared}/manifest/`,
    ]) {
      const res = await t.request('GET', path, { auth: auth.gammaAnalyst as string });
      expect(res.status, path).toBe(404);
      expect(res.json.error_code, path).toBe('CAIRN_API_ROOT_NOT_FOUND');
    }
  });

  it('A12 a collection of another API root is not reachable through this one', async () => {
    const other = await addCollection(t, 'isac', 'ISAC feed');
    const res = await t.request('GET', `/hub/collections/${other}/`);
    expect(res.status).toBe(404);
    const ok = await t.request('GET', `/isac/collections/${other}/`);
    expect(ok.status).toBe(200);
  });
});
