import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, TAXII, type TestHub } from '../helpers/create-test-hub.js';
import { indicator } from '../helpers/stix-fixtures.js';
import { postAll, TIMESTAMP_RE } from '../helpers/taxii-walk.js';
import { addCollection, addOrg, addUser } from '../helpers/tenancy.js';

type Rec = { id: string; date_added: string; version: string; media_type?: string };

const V1 = '2026-01-01T00:00:00.000Z';
const V2 = '2026-03-01T12:00:00.500Z';

describe('manifest, Get an Object and versions', () => {
  let t: TestHub;
  let base: string;
  let otherColl: string;
  let writeOnly: string;
  let dropBox: string;
  const ind = indicator({ created: V1, modified: V1 });
  const marking = {
    type: 'marking-definition',
    spec_version: '2.1',
    id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
    created: '2017-01-20T00:00:00.000Z',
    name: 'Copyright statement',
    definition_type: 'statement',
    definition: { statement: 'Copyright 2026, Example Corp' },
  };
  const sco = {
    type: 'ipv4-addr',
    spec_version: '2.1',
    id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd',
    value: '198.51.100.3',
  };

  beforeAll(async () => {
    t = await startTestHub();
    base = `/hub/collections/${t.collectionId}/`;
    await postAll(t, base, [ind]);
    await postAll(t, base, [marking, sco]);
    await postAll(t, base, [{ ...ind, modified: V2 }]);
    otherColl = await addCollection(t, 'hub', 'Other');
    dropBox = await addCollection(t, 'hub', 'Drop box', { read: ['community-admin'], write: ['analyst'] });
    await addOrg(t, 'acme');
    await t.hub.admin.addMember('hub', 'acme');
    writeOnly = await addUser(t, 'acme-analyst', 'acme', ['analyst']);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('T047 T115 T116 T117 T118 manifest records describe one version each, with date_added, version and media_type', async () => {
    const res = await t.request('GET', `${base}manifest/?match[version]=all`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(TAXII);
    const records = res.json.objects as Rec[];
    expect(records.map((r) => [r.id, r.version])).toEqual([
      [ind.id, V1],
      [marking.id, marking.created],
      [sco.id, expect.stringMatching(TIMESTAMP_RE)],
      [ind.id, V2],
    ]);
    for (const r of records) {
      expect(r.date_added).toMatch(TIMESTAMP_RE);
      expect(r.media_type).toBe('application/stix+json;version=2.1');
    }
    expect(res.json.more).toBe(false);
  });

  it('T129 the manifest defaults to the latest version of each object', async () => {
    const res = await t.request('GET', `${base}manifest/`);
    expect((res.json.objects as Rec[]).map((r) => [r.id, r.version])).toEqual([
      [marking.id, marking.created],
      [sco.id, expect.stringMatching(TIMESTAMP_RE)],
      [ind.id, V2],
    ]);
  });

  it('T118 T082 an object with neither modified nor created keeps one server version, also when posted again', async () => {
    const before = await t.request('GET', `${base}objects/${sco.id}/versions/`);
    const again = await t.request('POST', `${base}objects/`, { body: { objects: [sco] } });
    expect(again.json).toMatchObject({ success_count: 1, failure_count: 0 });
    expect(again.json.successes).toEqual([{ id: sco.id, version: before.json.versions[0] }]);
    const after = await t.request('GET', `${base}objects/${sco.id}/versions/`);
    expect(after.json.versions).toEqual(before.json.versions);
  });

  it('T115 T110 an empty collection has an empty manifest {}', async () => {
    const res = await t.request('GET', `/hub/collections/${otherColl}/manifest/`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ more: false });
    expect(res.json.objects).toBeUndefined();
  });

  it('T131 T097 Get Objects on an empty collection is an empty envelope with 200, not 404', async () => {
    const res = await t.request('GET', `/hub/collections/${otherColl}/objects/`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ more: false });
  });

  it('T050 T095 T141 Get an Object answers an envelope with the latest version by default (T085)', async () => {
    const res = await t.request('GET', `${base}objects/${ind.id}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(TAXII);
    expect(res.json.objects).toEqual([{ ...ind, modified: V2 }]);
    expect(res.headers.get('x-taxii-date-added-first')).toMatch(TIMESTAMP_RE);
  });

  it('T142 A5 Get an Object honours match[version] and match[spec_version]', async () => {
    const all = await t.request('GET', `${base}objects/${ind.id}/?match[version]=all`);
    expect((all.json.objects as { modified: string }[]).map((o) => o.modified)).toEqual([V1, V2]);
    const first = await t.request('GET', `${base}objects/${ind.id}/?match[version]=first`);
    expect((first.json.objects as { modified: string }[]).map((o) => o.modified)).toEqual([V1]);
    const v21 = await t.request('GET', `${base}objects/${ind.id}/?match[spec_version]=2.1`);
    expect(v21.json.objects).toHaveLength(1);
  });

  it('T141 A4 an unknown object id is 404', async () => {
    const res = await t.request('GET', `${base}objects/indicator--9b1d2fb8-5d74-4a47-a39b-67a7cd6f0bd0/`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe(TAXII);
    expect(res.json).toMatchObject({ http_status: '404', error_code: 'CAIRN_OBJECT_NOT_FOUND' });
  });

  it('T141 A4 a malformed object id is 404', async () => {
    const res = await t.request('GET', `${base}objects/not-a-stix-id/`);
    expect(res.status).toBe(404);
    expect(res.json.error_code).toBe('CAIRN_OBJECT_NOT_FOUND');
  });

  it('T141 A4 a known object whose versions the filters remove is an empty envelope, not 404', async () => {
    for (const q of [
      'match[version]=2020-01-01T00:00:00Z',
      'added_after=2999-01-01T00:00:00Z',
      'match[spec_version]=2.0',
    ]) {
      const res = await t.request('GET', `${base}objects/${ind.id}/?${q}`);
      expect(res.status, q).toBe(200);
      expect(res.json, q).toEqual({ more: false });
    }
  });

  it('T140 an object of another collection is 404 here', async () => {
    const res = await t.request('GET', `/hub/collections/${otherColl}/objects/${ind.id}/`);
    expect(res.status).toBe(404);
  });

  it('T140 Get an Object without can_read is 403', async () => {
    await postAll(t, `/hub/collections/${dropBox}/`, [indicator()], { auth: writeOnly });
    const res = await t.request('GET', `/hub/collections/${dropBox}/objects/${ind.id}/`, { auth: writeOnly });
    expect(res.status).toBe(403);
    const versions = await t.request('GET', `/hub/collections/${dropBox}/objects/${ind.id}/versions/`, {
      auth: writeOnly,
    });
    expect(versions.status).toBe(403);
  });

  it('T052 T119 T147 A11 versions lists every version in added order with X-TAXII headers', async () => {
    const res = await t.request('GET', `${base}objects/${ind.id}/versions/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(TAXII);
    expect(res.json).toEqual({ more: false, versions: [V1, V2] });
    expect(res.headers.get('x-taxii-date-added-first')).toMatch(TIMESTAMP_RE);
    expect(res.headers.get('x-taxii-date-added-last')).toMatch(TIMESTAMP_RE);
  });

  it('T147 an unversioned object reports its created as its version', async () => {
    const res = await t.request('GET', `${base}objects/${marking.id}/versions/`);
    expect(res.json.versions).toEqual([marking.created]);
  });

  it('T147 versions honours added_after and match[spec_version]', async () => {
    const manifest = await t.request('GET', `${base}manifest/?match[id]=${ind.id}&match[version]=all`);
    const firstAdded = (manifest.json.objects as Rec[])[0]?.date_added as string;
    const after = await t.request('GET', `${base}objects/${ind.id}/versions/?added_after=${firstAdded}`);
    expect(after.json.versions).toEqual([V2]);
    const none = await t.request('GET', `${base}objects/${ind.id}/versions/?match[spec_version]=2.0`);
    expect(none.status).toBe(200);
    expect(none.json).toEqual({ more: false });
  });

  it('T147 versions of an unknown object is 404', async () => {
    const res = await t.request(
      'GET',
      `${base}objects/indicator--9b1d2fb8-5d74-4a47-a39b-67a7cd6f0bd0/versions/`,
    );
    expect(res.status).toBe(404);
    expect(res.json.error_code).toBe('CAIRN_OBJECT_NOT_FOUND');
  });

  it('T052 versions rejects malformed filters with 400', async () => {
    for (const q of ['limit=0', 'added_after=nope', 'match[spec_version]=x']) {
      const res = await t.request('GET', `${base}objects/${ind.id}/versions/?${q}`);
      expect(res.status, q).toBe(400);
    }
  });

  it('T029 object, versions and manifest URLs are served without trailing slash too', async () => {
    for (const path of [
      `${base}manifest`,
      `${base}objects`,
      `${base}objects/${ind.id}`,
      `${base}objects/${ind.id}/versions`,
      `/hub/collections/${t.collectionId}`,
      '/hub/collections',
    ]) {
      const res = await t.request('GET', path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('location'), path).toBeNull();
    }
  });
});
