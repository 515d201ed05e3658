import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TLP2_MARKING_IDS } from '../../src/sharing/index.js';
import { startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { indicator } from '../helpers/stix-fixtures.js';
import { walk } from '../helpers/taxii-walk.js';
import { addCollection, addOrg, addUser } from '../helpers/tenancy.js';

type Obj = Record<string, unknown>;

/**
 * The sharing rules of DESIGN.md §3 over real HTTP: organisations of several classes, users
 * and tokens, content of every TLP level and consent, and what each principal receives from
 * every read endpoint.
 */
describe('sharing rules over TAXII', () => {
  let t: TestHub;
  let coll: string;
  let base: string;
  type Who =
    | 'bankAnalyst'
    | 'bankColleague'
    | 'agencyReader'
    | 'msspReader'
    | 'outsider'
    | 'agencyToken'
    | 'admin';
  const who = {} as Record<Who, string>;
  let bankIdentity: string;
  const posted: Record<string, Obj> = {};

  const marked = (level: keyof typeof TLP2_MARKING_IDS, name: string, extra: Obj = {}) =>
    indicator({ name, object_marking_refs: [TLP2_MARKING_IDS[level]], ...extra });

  const idsSeenBy = async (auth: string, path = `${base}objects/?limit=1000`) =>
    new Set((await walk<Obj>(t, path, { auth })).items.map((o) => o.id as string));

  beforeAll(async () => {
    t = await startTestHub();
    await addOrg(t, 'bank', 'private');
    await addOrg(t, 'agency', 'government');
    await addOrg(t, 'mssp', 'provider');
    await addOrg(t, 'outsider', 'private');
    for (const org of ['bank', 'agency', 'mssp']) await t.hub.admin.addMember('hub', org);
    who.bankAnalyst = await addUser(t, 'bank-analyst', 'bank', ['analyst']);
    who.bankColleague = await addUser(t, 'bank-colleague', 'bank', ['reader']);
    who.agencyReader = await addUser(t, 'agency-reader', 'agency', ['reader']);
    who.msspReader = await addUser(t, 'mssp-reader', 'mssp', ['reader']);
    who.outsider = await addUser(t, 'outsider-analyst', 'outsider', ['analyst']);
    const agencyToken = await t.hub.admin.createToken({ org: 'agency', scope: 'read' });
    who.agencyToken = `Bearer ${agencyToken.token}`;
    who.admin = t.adminAuth;
    bankIdentity = (await t.hub.store.tenancy.findOrganisation('bank'))?.identityId as string;
    coll = await addCollection(t, 'hub', 'Sharing scenarios', { read: ['members'], write: ['analyst'] });
    base = `/hub/collections/${coll}/`;

    posted.clear = marked('clear', 'clear');
    posted.green = marked('green', 'green');
    posted.amber = marked('amber', 'amber');
    posted.strict = marked('amber+strict', 'amber strict');
    posted.red = marked('red', 'red');
    posted.unmarked = indicator({ name: 'unmarked (community default AMBER)' });
    posted.attributed = marked('green', 'attributed to the bank', { created_by_ref: bankIdentity });
    const res = await t.request('POST', `${base}objects/`, {
      auth: who.bankAnalyst,
      body: { objects: Object.values(posted), x_cairn_recipients: ['agency-reader'] },
    });
    expect(res.json.success_count).toBe(7);
    posted.amberForProviders = marked('amber', 'amber, providers allowed');
    const leave = await t.request('POST', `${base}objects/`, {
      auth: who.bankAnalyst,
      body: { objects: [posted.amberForProviders], x_cairn_providers_allowed: true },
    });
    expect(leave.json.success_count).toBe(1);
  });
  afterAll(async () => {
    await t.stop();
  });

  const ids = (...names: string[]) => names.map((n) => (posted[n] as Obj).id as string);

  it('gives each principal exactly what its TLP level allows', async () => {
    const everyone = ids('clear', 'green', 'attributed');
    const members = [...everyone, ...ids('amber', 'strict', 'unmarked', 'amberForProviders')];
    const expectations: Partial<Record<Who, string[]>> = {
      bankAnalyst: [...members, ...ids('red')],
      bankColleague: members,
      agencyReader: [...members, ...ids('red')],
      agencyToken: members,
      msspReader: [...everyone, ...ids('amberForProviders')],
    };
    for (const [name, expected] of Object.entries(expectations)) {
      const seen = await idsSeenBy(who[name as Who]);
      const mine = [...seen].filter((id) => id.startsWith('indicator--'));
      expect(mine.sort(), name).toEqual([...(expected ?? [])].sort());
    }
  });

  it('keeps manifests, versions, Get an Object and paging exact: invisible objects do not exist', async () => {
    const red = ids('red')[0] as string;
    const manifest = await walk<Obj>(t, `${base}manifest/?limit=2`, { auth: who.msspReader });
    expect(manifest.items.map((r) => r.id)).not.toContain(red);
    expect(manifest.items.map((r) => r.id)).not.toContain(ids('strict')[0]);
    const get = await t.request('GET', `${base}objects/${red}/`, { auth: who.bankColleague });
    expect(get.status).toBe(404);
    const versions = await t.request('GET', `${base}objects/${red}/versions/`, { auth: who.agencyToken });
    expect(versions.status).toBe(404);
    const probe = await t.request('GET', `${base}objects/?match[id]=${red}`, { auth: who.bankColleague });
    expect(probe.json).toEqual({ more: false });
    expect((await t.request('GET', `${base}objects/${red}/`, { auth: who.agencyReader })).status).toBe(200);
  });

  it('never lets a provider page its way to AMBER+STRICT content, whatever the page size', async () => {
    for (const limit of [1, 2, 3, 1000]) {
      const seen = await idsSeenBy(who.msspReader as string, `${base}objects/?limit=${limit}`);
      expect(seen.has(ids('strict')[0] as string)).toBe(false);
      expect(seen.has(ids('amber')[0] as string)).toBe(false);
    }
  });

  it('hides the submitter without consent: its identity string appears nowhere for other members', async () => {
    for (const name of ['agencyReader', 'msspReader', 'agencyToken', 'bankColleague'] as const) {
      const res = await t.request('GET', `${base}objects/?limit=1000`, { auth: who[name] });
      const sees = res.text.includes(bankIdentity);
      // Only its own organisation sees the bank behind the object (consent "none", the default).
      expect(sees, name).toBe(name === 'bankColleague');
    }
    const anonymous = (
      await t.request('GET', `${base}objects/${ids('attributed')[0]}/`, { auth: who.agencyReader })
    ).json;
    expect(anonymous.objects[0].created_by_ref).toBe(t.hub.taxii.hubIdentity.id);
    const admin = (await t.request('GET', `${base}objects/${ids('attributed')[0]}/`)).json;
    expect(admin.objects[0].created_by_ref).toBe(bankIdentity);
    // The hub identity the anonymised copy names is served in the collection.
    expect(
      (await t.request('GET', `${base}objects/${t.hub.taxii.hubIdentity.id}/`, { auth: who.agencyReader }))
        .status,
    ).toBe(200);
  });

  it('shows the submitter to government members under government consent, and to all under everyone', async () => {
    const gov = indicator({
      name: 'gov consent',
      created_by_ref: bankIdentity,
      object_marking_refs: [TLP2_MARKING_IDS.green],
    });
    const all = indicator({
      name: 'everyone consent',
      created_by_ref: bankIdentity,
      object_marking_refs: [TLP2_MARKING_IDS.green],
    });
    await t.request('POST', `${base}objects/`, {
      auth: who.bankAnalyst,
      body: { objects: [gov], x_cairn_consent: 'government' },
    });
    await t.request('POST', `${base}objects/`, {
      auth: who.bankAnalyst,
      body: { objects: [all], x_cairn_consent: 'everyone' },
    });
    const source = async (auth: string, id: unknown) =>
      (await t.request('GET', `${base}objects/${id}/`, { auth })).json.objects[0].created_by_ref;
    expect(await source(who.agencyReader as string, gov.id)).toBe(bankIdentity);
    expect(await source(who.msspReader as string, gov.id)).toBe(t.hub.taxii.hubIdentity.id);
    expect(await source(who.msspReader as string, all.id)).toBe(bankIdentity);
  });

  it('keeps a source hidden across versions: a later version with wider consent reveals nothing', async () => {
    const v1 = indicator({
      name: 'v1',
      created_by_ref: bankIdentity,
      object_marking_refs: [TLP2_MARKING_IDS.green],
    });
    const v2 = { ...v1, name: 'v2', modified: '2026-02-01T00:00:00.000Z' };
    await t.request('POST', `${base}objects/`, { auth: who.bankAnalyst, body: { objects: [v1] } });
    await t.request('POST', `${base}objects/`, {
      auth: who.bankAnalyst,
      body: { objects: [v2], x_cairn_consent: 'everyone' },
    });
    const res = await t.request('GET', `${base}objects/${v1.id}/?match[version]=all`, {
      auth: who.msspReader,
    });
    expect(res.json.objects).toHaveLength(2);
    expect(res.text).not.toContain(bankIdentity);
  });

  it('withholds an identity object carrying AIS "none" consent from other members', async () => {
    const identity = {
      type: 'identity',
      spec_version: '2.1',
      id: `identity--${randomUUID()}`,
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      name: 'Bank SOC',
      identity_class: 'organization',
      labels: ['ais-consent-none'],
      object_marking_refs: [TLP2_MARKING_IDS.green],
    };
    const report = indicator({ created_by_ref: identity.id, object_marking_refs: [TLP2_MARKING_IDS.green] });
    await t.request('POST', `${base}objects/`, {
      auth: who.bankAnalyst,
      body: { objects: [identity, report] },
    });
    expect(
      (await t.request('GET', `${base}objects/${identity.id}/`, { auth: who.agencyReader })).status,
    ).toBe(404);
    const seen = await t.request('GET', `${base}objects/${report.id}/`, { auth: who.agencyReader });
    expect(seen.text).not.toContain(identity.id);
    expect(
      (await t.request('GET', `${base}objects/${identity.id}/`, { auth: who.bankColleague })).status,
    ).toBe(200);
  });

  it('refuses RED recipients who are not users of the community', async () => {
    const res = await t.request('POST', `${base}objects/`, {
      auth: who.bankAnalyst,
      body: { objects: [marked('red', 'x')], x_cairn_recipients: ['outsider-analyst'] },
    });
    expect(res.status).toBe(400);
    expect(res.json.error_code).toBe('CAIRN_INVALID_ENVELOPE');
    const unknown = await t.request('POST', `${base}objects/`, {
      auth: who.bankAnalyst,
      body: { objects: [marked('red', 'x')], x_cairn_recipients: ['nobody-at-all'] },
    });
    expect(unknown.json.description).toBe(res.json.description.replace('outsider-analyst', 'nobody-at-all'));
  });

  it('serves the TLP 2.0 marking definitions the content references', async () => {
    for (const level of ['clear', 'green', 'amber', 'amber+strict', 'red'] as const) {
      const res = await t.request('GET', `${base}objects/${TLP2_MARKING_IDS[level]}/`, {
        auth: who.msspReader,
      });
      expect(res.status, level).toBe(200);
      expect(res.json.objects[0].extensions).toBeDefined();
    }
  });

  it('keeps an outsider out entirely', async () => {
    expect((await t.request('GET', `${base}objects/`, { auth: who.outsider })).status).toBe(404);
  });
});
