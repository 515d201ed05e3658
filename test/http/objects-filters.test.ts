import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { indicator } from '../helpers/stix-fixtures.js';
import { postAll, TIMESTAMP_RE } from '../helpers/taxii-walk.js';

type Obj = { id: string; type: string; modified?: string; spec_version?: string };

const V1 = '2026-01-01T00:00:00.000Z';
const V2 = '2026-01-02T00:00:01.000Z';
const V3 = '2026-01-03T00:00:00.123Z';

describe('Get Objects filters', () => {
  let t: TestHub;
  let base: string;
  let objects: string;
  const ind = indicator({ created: V1, modified: V1 });
  const indId = ind.id as string;
  const mal = {
    type: 'malware',
    spec_version: '2.1',
    id: 'malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    name: 'Poison Ivy',
    is_family: true,
  };
  const custom = {
    type: 'x-example-thing',
    spec_version: '2.1',
    id: 'x-example-thing--9a1e36a1-63bb-4d1b-9bd6-d5b8fd5c61a0',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    x_label: 'custom',
  };
  const fillers = Array.from({ length: 5 }, (_, i) => indicator({ name: `filler ${i}` }));

  beforeAll(async () => {
    t = await startTestHub({ 'taxii.maxPageSize': 50, 'taxii.defaultPageSize': 20 });
    base = `/hub/collections/${t.collectionId}/`;
    objects = `${base}objects/`;
    // Posted one by one so each version has its own date_added, in this order.
    for (const o of [ind, mal, { ...ind, modified: V2 }, custom, { ...ind, modified: V3 }, ...fillers]) {
      await postAll(t, base, [o]);
    }
    // 60 more indicators for the limit tests: 70 latest versions, 72 versions in all.
    await postAll(
      t,
      base,
      Array.from({ length: 60 }, (_, i) => indicator({ name: `bulk ${i}` })),
    );
  });
  afterAll(async () => {
    await t.stop();
  });

  const get = (query: string) => t.request('GET', `${objects}${query}`);
  const ids = (res: { json: { objects?: Obj[] } }) => (res.json.objects ?? []).map((o) => o.id);

  it('T080 T132 without match[version] only the latest version of each object is returned', async () => {
    const res = await get(`?match[id]=${indId}`);
    expect(res.status).toBe(200);
    expect(res.json.objects).toHaveLength(1);
    expect(res.json.objects[0].modified).toBe(V3);
  });

  it('T081 match[version]=first returns the earliest version', async () => {
    const res = await get(`?match[id]=${indId}&match[version]=first`);
    expect((res.json.objects as Obj[]).map((o) => o.modified)).toEqual([V1]);
  });

  it('T081 match[version]=last returns the latest version', async () => {
    const res = await get(`?match[id]=${indId}&match[version]=last`);
    expect((res.json.objects as Obj[]).map((o) => o.modified)).toEqual([V3]);
  });

  it('T081 T062 match[version]=all returns every version in added order', async () => {
    const res = await get(`?match[id]=${indId}&match[version]=all`);
    expect((res.json.objects as Obj[]).map((o) => o.modified)).toEqual([V1, V2, V3]);
  });

  it('T081 T083 a specific version timestamp selects exactly that version', async () => {
    const res = await get(`?match[id]=${indId}&match[version]=${V2}`);
    expect((res.json.objects as Obj[]).map((o) => o.modified)).toEqual([V2]);
  });

  it('A7 version timestamps compare as instants: …01Z and …01.000000Z equal …01.000Z', async () => {
    for (const v of ['2026-01-02T00:00:01Z', '2026-01-02T00:00:01.000000Z', '2026-01-02T00:00:01.0Z']) {
      const res = await get(`?match[id]=${indId}&match[version]=${v}`);
      expect(res.status, v).toBe(200);
      expect(
        (res.json.objects as Obj[]).map((o) => o.modified),
        v,
      ).toEqual([V2]);
    }
    const res = await get(`?match[id]=${indId}&match[version]=2026-01-03T00:00:00.123000Z`);
    expect((res.json.objects as Obj[]).map((o) => o.modified)).toEqual([V3]);
  });

  it('T083 a version timestamp that no version has matches nothing: an empty envelope', async () => {
    const res = await get(`?match[id]=${indId}&match[version]=2020-01-01T00:00:00Z`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ more: false });
  });

  it('T081 first,last and first,<timestamp>,last are valid combinations', async () => {
    const fl = await get(`?match[id]=${indId}&match[version]=first,last`);
    expect((fl.json.objects as Obj[]).map((o) => o.modified)).toEqual([V1, V3]);
    const flt = await get(`?match[id]=${indId}&match[version]=first,${V2},last`);
    expect((flt.json.objects as Obj[]).map((o) => o.modified)).toEqual([V1, V2, V3]);
    const two = await get(`?match[id]=${indId}&match[version]=${V1},${V3}`);
    expect((two.json.objects as Obj[]).map((o) => o.modified)).toEqual([V1, V3]);
  });

  it('T081 match[version]=all,first is rejected with 400', async () => {
    const res = await get('?match[version]=all,first');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ http_status: '400', error_code: 'CAIRN_BAD_QUERY_PARAMETER' });
    expect(res.json.details).toEqual({ parameter: 'match[version]' });
  });

  it('T081 a repeated keyword or version in match[version] is rejected with 400', async () => {
    for (const v of ['last,last', 'first,first', `${V1},${V1}`, 'all,all']) {
      const res = await get(`?match[version]=${v}`);
      expect(res.status, v).toBe(400);
    }
  });

  it('T066 a malformed match[version] is rejected with 400', async () => {
    for (const v of ['latest', '2026-13-01T00:00:00Z', '2026-01-01', '', 'first,,last']) {
      const res = await get(`?match[version]=${encodeURIComponent(v)}`);
      expect(res.status, v).toBe(400);
      expect(res.json.error_code, v).toBe('CAIRN_BAD_QUERY_PARAMETER');
    }
  });

  it('T077 match[id] selects one object', async () => {
    const res = await get(`?match[id]=${mal.id}`);
    expect(ids(res)).toEqual([mal.id]);
  });

  it('T074 match[id] with several ids ORs them', async () => {
    const res = await get(`?match[id]=${mal.id},${custom.id},${indId}`);
    expect(ids(res).sort()).toEqual([indId, mal.id, custom.id].sort());
  });

  it('T066 a malformed match[id] is rejected with 400', async () => {
    const res = await get('?match[id]=not-an-id');
    expect(res.status).toBe(400);
    expect(res.json.details).toEqual({ parameter: 'match[id]' });
  });

  it('T078 match[type] returns only the listed type', async () => {
    const res = await get('?match[type]=malware');
    expect(ids(res)).toEqual([mal.id]);
  });

  it('T074 T078 match[type] with several types ORs them, in added order', async () => {
    const res = await get('?match[type]=malware,x-example-thing');
    expect(ids(res)).toEqual([mal.id, custom.id]);
    const withInd = await get('?match[type]=indicator,malware&limit=3');
    expect((withInd.json.objects as Obj[]).map((o) => o.type)).toEqual(['malware', 'indicator', 'indicator']);
  });

  it('T078 a STIX 2.1 type with no objects matches nothing without failing', async () => {
    for (const type of ['grouping', 'opinion', 'x509-certificate']) {
      const res = await get(`?match[type]=${type}`);
      expect(res.status, type).toBe(200);
      expect(res.json, type).toEqual({ more: false });
      expect(res.headers.get('x-taxii-date-added-first'), type).toBeNull();
    }
  });

  it('T066 a malformed match[type] is rejected with 400', async () => {
    for (const type of ['Indicator!', 'a b', '']) {
      const res = await get(`?match[type]=${encodeURIComponent(type)}`);
      expect(res.status, type).toBe(400);
    }
  });

  it('T074 different match fields are ANDed', async () => {
    const none = await get(`?match[type]=malware&match[id]=${indId}`);
    expect(none.json).toEqual({ more: false });
    const one = await get(`?match[type]=indicator&match[id]=${indId},${mal.id}`);
    expect(ids(one)).toEqual([indId]);
  });

  it('T074 a match field may appear at most once', async () => {
    const res = await get('?match[type]=malware&match[type]=indicator');
    expect(res.status).toBe(400);
    expect(res.json.details).toEqual({ parameter: 'match[type]' });
  });

  it('T075 an unknown match field is ignored', async () => {
    const res = await get(`?match[id]=${mal.id}&match[color]=blue`);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([mal.id]);
  });

  it('T079 without match[spec_version] the latest spec version is returned; 2.1 matches, 2.0 does not', async () => {
    const dflt = await get(`?match[id]=${mal.id}`);
    expect((dflt.json.objects as Obj[])[0]?.spec_version).toBe('2.1');
    const v21 = await get(`?match[id]=${mal.id}&match[spec_version]=2.1`);
    expect(ids(v21)).toEqual([mal.id]);
    const v20 = await get(`?match[id]=${mal.id}&match[spec_version]=2.0`);
    expect(v20.json).toEqual({ more: false });
    const both = await get(`?match[id]=${mal.id}&match[spec_version]=2.0,2.1`);
    expect(ids(both)).toEqual([mal.id]);
  });

  it('T066 a malformed match[spec_version] is rejected with 400', async () => {
    const res = await get('?match[spec_version]=two');
    expect(res.status).toBe(400);
  });

  it('T067 A8 added_after is strictly exclusive', async () => {
    const all = await t.request('GET', `${base}manifest/?match[version]=all&limit=50`);
    const records = all.json.objects as { id: string; date_added: string; version: string }[];
    const k = records[3] as { date_added: string };
    const after = await t.request(
      'GET',
      `${base}manifest/?match[version]=all&limit=50&added_after=${k.date_added}`,
    );
    expect(after.json.objects[0]).toEqual(records[4]);
    expect((after.json.objects as unknown[]).slice(0, 46)).toEqual(records.slice(4));
    expect(after.json.objects).not.toContainEqual(k);
    const objs = await get(`?match[version]=all&limit=50&added_after=${k.date_added}`);
    expect(objs.headers.get('x-taxii-date-added-first')).toBe(records[4]?.date_added);
  });

  it('T067 added_after after the last object gives an empty envelope without X-TAXII headers (A1)', async () => {
    const res = await get('?added_after=2999-01-01T00:00:00.000000Z');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ more: false });
    expect(res.headers.get('x-taxii-date-added-first')).toBeNull();
    expect(res.headers.get('x-taxii-date-added-last')).toBeNull();
  });

  it('A7 added_after accepts any RFC 3339 UTC precision', async () => {
    for (const ts of ['2000-01-01T00:00:00Z', '2000-01-01T00:00:00.1Z', '2000-01-01T00:00:00.123456Z']) {
      const res = await get(`?added_after=${ts}&limit=1`);
      expect(res.status, ts).toBe(200);
      expect(res.json.objects, ts).toHaveLength(1);
    }
  });

  it('T066 pitfall 13 a malformed added_after is rejected with 400, including non-Z offsets', async () => {
    for (const ts of ['yesterday', '2026-01-01', '2026-01-01T00:00:00+01:00', '2026-01-01T00:00:00 01:00']) {
      const res = await get(`?added_after=${encodeURIComponent(ts)}`);
      expect(res.status, ts).toBe(400);
      expect(res.json.details, ts).toEqual({ parameter: 'added_after' });
    }
  });

  it('T067 at most one added_after per request', async () => {
    const res = await get('?added_after=2000-01-01T00:00:00Z&added_after=2001-01-01T00:00:00Z');
    expect(res.status).toBe(400);
  });

  it('T068 without added_after the oldest objects come first', async () => {
    const res = await get('?limit=2');
    expect(ids(res)).toEqual([mal.id, custom.id]);
  });

  it('T069 limit must be an integer > 0', async () => {
    for (const limit of ['0', '-1', 'abc', '1.5', '', '1e3', '0x10']) {
      const res = await get(`?limit=${limit}`);
      expect(res.status, limit).toBe(400);
      expect(res.json.details, limit).toEqual({ parameter: 'limit' });
    }
  });

  it('T069 T072 a response never holds more than limit objects, and says more', async () => {
    const res = await get('?limit=7');
    expect(res.json.objects).toHaveLength(7);
    expect(res.json.more).toBe(true);
    expect(res.json.next).toEqual(expect.any(String));
  });

  it('T071 T072 a limit above the server cap is clamped to the cap', async () => {
    const res = await get('?limit=100000');
    expect(res.status).toBe(200);
    expect(res.json.objects).toHaveLength(50);
    expect(res.json.more).toBe(true);
  });

  it('T070 when all matches fit in the limit, all are returned and more is false', async () => {
    const res = await get('?match[type]=malware,x-example-thing&limit=2');
    expect(ids(res)).toHaveLength(2);
    expect(res.json.more).toBe(false);
    expect(res.json.next).toBeUndefined();
  });

  it('without limit the server default page size applies', async () => {
    const res = await get('');
    expect(res.json.objects).toHaveLength(20);
    expect(res.json.more).toBe(true);
  });

  it('T059 T060 T054 X-TAXII-Date-Added headers give the first and last date_added of the page', async () => {
    const manifest = await t.request('GET', `${base}manifest/?limit=5`);
    const res = await get('?limit=5');
    const first = res.headers.get('x-taxii-date-added-first');
    const last = res.headers.get('x-taxii-date-added-last');
    expect(first).toMatch(TIMESTAMP_RE);
    expect(last).toMatch(TIMESTAMP_RE);
    expect(first).toBe(manifest.json.objects[0].date_added);
    expect(last).toBe(manifest.json.objects[4].date_added);
    expect(first! < last!).toBe(true);
  });

  it('T084 manifest filters apply to the objects the records describe', async () => {
    const res = await t.request('GET', `${base}manifest/?match[type]=malware`);
    expect(res.json.objects).toEqual([expect.objectContaining({ id: mal.id, version: mal.modified })]);
    const versions = await t.request('GET', `${base}manifest/?match[id]=${indId}&match[version]=first,last`);
    expect((versions.json.objects as { version: string }[]).map((r) => r.version)).toEqual([V1, V3]);
  });

  it('pitfall 13 percent-encoded brackets are decoded: match%5Btype%5D works like match[type]', async () => {
    const res = await t.request('GET', `${objects}?match%5Btype%5D=malware&match%5Bversion%5D=all`);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([mal.id]);
  });
});
