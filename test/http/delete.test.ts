import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, TAXII, type TestHub } from '../helpers/create-test-hub.js';
import { indicator } from '../helpers/stix-fixtures.js';
import { postAll } from '../helpers/taxii-walk.js';
import { addCollection, addOrg, addUser } from '../helpers/tenancy.js';

const V1 = '2026-01-01T00:00:00.000Z';
const V2 = '2026-01-02T00:00:00.000Z';
const V3 = '2026-01-03T00:00:00.000Z';

describe('Delete an Object', () => {
  let t: TestHub;
  let base: string;
  let analyst: string;
  let reader: string;
  let hidden: string;
  let dropBox: string;

  beforeAll(async () => {
    t = await startTestHub();
    base = `/hub/collections/${t.collectionId}/`;
    await addOrg(t, 'acme');
    await addOrg(t, 'beta');
    await t.hub.admin.addMember('hub', 'acme');
    await t.hub.admin.addMember('hub', 'beta');
    analyst = await addUser(t, 'acme-analyst', 'acme', ['analyst']);
    reader = await addUser(t, 'acme-reader', 'acme', ['reader']);
    hidden = await addCollection(t, 'hub', 'Beta only', { read: ['org:beta'], write: ['org:beta'] });
    dropBox = await addCollection(t, 'hub', 'Drop box', { read: ['community-admin'], write: ['analyst'] });
  });
  afterAll(async () => {
    await t.stop();
  });

  const versionsOf = async (id: string) =>
    (await t.request('GET', `${base}objects/${id}/versions/`)).json.versions as string[] | undefined;

  it('T145 permission matrix: no read/no write 404, read only 403, write only 403, both 200', async () => {
    const a = indicator();
    await postAll(t, base, [a]);
    for (const coll of [hidden, dropBox]) await postAll(t, `/hub/collections/${coll}/`, [a]);
    const del = (coll: string, auth: string) =>
      t.request('DELETE', `/hub/collections/${coll}/objects/${a.id}/`, { auth });

    const none = await del(hidden, analyst);
    expect(none.status).toBe(404);
    expect(none.json.error_code).toBe('CAIRN_COLLECTION_NOT_FOUND');

    const readOnly = await del(t.collectionId, reader);
    expect(readOnly.status).toBe(403);
    expect(readOnly.json.error_code).toBe('CAIRN_FORBIDDEN');

    const writeOnly = await del(dropBox, analyst);
    expect(writeOnly.status).toBe(403);
    expect(writeOnly.json.error_code).toBe('CAIRN_FORBIDDEN');

    expect(await versionsOf(a.id as string)).toHaveLength(1);
    const own = indicator();
    await postAll(t, base, [own], { auth: analyst });
    const both = await t.request('DELETE', `${base}objects/${own.id}/`, { auth: analyst });
    expect(both.status).toBe(200);
  });

  it('lets a member delete only what its own organisation submitted (403 otherwise); admins delete anything', async () => {
    const theirs = indicator();
    await postAll(t, base, [theirs]);
    const denied = await t.request('DELETE', `${base}objects/${theirs.id}/`, { auth: analyst });
    expect(denied.status).toBe(403);
    expect(denied.json.error_code).toBe('CAIRN_FORBIDDEN');
    expect(await versionsOf(theirs.id as string)).toHaveLength(1);
    expect((await t.request('DELETE', `${base}objects/${theirs.id}/`)).status).toBe(200);
  });

  it('T143 a successful DELETE is 200 with no body and the TAXII Content-Type', async () => {
    const a = indicator();
    await postAll(t, base, [a]);
    const res = await t.request('DELETE', `${base}objects/${a.id}/`);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(res.headers.get('content-type')).toBe(TAXII);
  });

  it('T146 A16 after DELETE the object is 404 and gone from objects, manifest and versions', async () => {
    const a = indicator({ modified: V1 });
    const keep = indicator();
    await postAll(t, base, [a, { ...a, modified: V2 }, keep]);
    expect((await t.request('DELETE', `${base}objects/${a.id}/`)).status).toBe(200);
    const get = await t.request('GET', `${base}objects/${a.id}/`);
    expect(get.status).toBe(404);
    expect(get.json.error_code).toBe('CAIRN_OBJECT_NOT_FOUND');
    expect((await t.request('GET', `${base}objects/${a.id}/versions/`)).status).toBe(404);
    const manifest = await t.request('GET', `${base}manifest/?match[version]=all&limit=10000`);
    const ids = (manifest.json.objects as { id: string }[]).map((r) => r.id);
    expect(ids).not.toContain(a.id);
    expect(ids).toContain(keep.id);
    const objects = await t.request('GET', `${base}objects/?match[id]=${a.id}&match[version]=all`);
    expect(objects.status).toBe(200);
    expect(objects.json).toEqual({ more: false });
  });

  it('A16 deleting again, or deleting an unknown or malformed id, is 404', async () => {
    const a = indicator();
    await postAll(t, base, [a]);
    expect((await t.request('DELETE', `${base}objects/${a.id}/`)).status).toBe(200);
    expect((await t.request('DELETE', `${base}objects/${a.id}/`)).status).toBe(404);
    expect(
      (await t.request('DELETE', `${base}objects/indicator--2e4b1a3a-3c8a-4bd4-8f4e-5a1c2d9f1b77/`)).status,
    ).toBe(404);
    expect((await t.request('DELETE', `${base}objects/garbage/`)).status).toBe(404);
  });

  it('T143 match[version] deletes only the selected version and the others keep first/last right', async () => {
    const a = indicator({ modified: V1 });
    await postAll(t, base, [a, { ...a, modified: V2 }, { ...a, modified: V3 }]);
    const last = await t.request('DELETE', `${base}objects/${a.id}/?match[version]=${V3}`);
    expect(last.status).toBe(200);
    expect(await versionsOf(a.id as string)).toEqual([V1, V2]);
    const latest = await t.request('GET', `${base}objects/${a.id}/`);
    expect((latest.json.objects as { modified: string }[]).map((o) => o.modified)).toEqual([V2]);
    const manifestLast = await t.request('GET', `${base}manifest/?match[id]=${a.id}`);
    expect((manifestLast.json.objects as { version: string }[]).map((r) => r.version)).toEqual([V2]);

    const first = await t.request('DELETE', `${base}objects/${a.id}/?match[version]=first`);
    expect(first.status).toBe(200);
    expect(await versionsOf(a.id as string)).toEqual([V2]);
    const firstNow = await t.request('GET', `${base}objects/${a.id}/?match[version]=first`);
    const lastNow = await t.request('GET', `${base}objects/${a.id}/?match[version]=last`);
    expect((firstNow.json.objects as { modified: string }[]).map((o) => o.modified)).toEqual([V2]);
    expect((lastNow.json.objects as { modified: string }[]).map((o) => o.modified)).toEqual([V2]);
  });

  it('A7 match[version] on DELETE compares instants', async () => {
    const a = indicator({ modified: V1 });
    await postAll(t, base, [a, { ...a, modified: V2 }]);
    const res = await t.request('DELETE', `${base}objects/${a.id}/?match[version]=2026-01-01T00:00:00Z`);
    expect(res.status).toBe(200);
    expect(await versionsOf(a.id as string)).toEqual([V2]);
  });

  it('A16 a match[version] that selects nothing deletes nothing and is 404', async () => {
    const a = indicator({ modified: V1 });
    await postAll(t, base, [a]);
    const res = await t.request('DELETE', `${base}objects/${a.id}/?match[version]=2020-01-01T00:00:00Z`);
    expect(res.status).toBe(404);
    const spec = await t.request('DELETE', `${base}objects/${a.id}/?match[spec_version]=2.0`);
    expect(spec.status).toBe(404);
    expect(await versionsOf(a.id as string)).toEqual([V1]);
  });

  it('T066 a malformed match[version] on DELETE is 400 and deletes nothing', async () => {
    const a = indicator();
    await postAll(t, base, [a]);
    const res = await t.request('DELETE', `${base}objects/${a.id}/?match[version]=all,first`);
    expect(res.status).toBe(400);
    expect(await versionsOf(a.id as string)).toHaveLength(1);
  });

  it('T146 deleting from one collection leaves the same object in another', async () => {
    const a = indicator();
    const other = await addCollection(t, 'hub', 'Other');
    await postAll(t, base, [a]);
    await postAll(t, `/hub/collections/${other}/`, [a]);
    expect((await t.request('DELETE', `${base}objects/${a.id}/`)).status).toBe(200);
    const there = await t.request('GET', `/hub/collections/${other}/objects/${a.id}/`);
    expect(there.status).toBe(200);
    expect(there.json.objects).toEqual([a]);
  });

  it('T144 DELETE without credentials is 401', async () => {
    const res = await t.request('DELETE', `${base}objects/indicator--2e4b1a3a-3c8a-4bd4-8f4e-5a1c2d9f1b77/`, {
      auth: null,
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
  });
});
