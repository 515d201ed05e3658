import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { exportCommand } from '../../src/cli/commands/export.js';
import { TLP2_MARKING_IDS } from '../../src/sharing/index.js';
import { basic, startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { indicator } from '../helpers/stix-fixtures.js';
import { addCollection, addOrg, addUser, USER_PASSWORD } from '../helpers/tenancy.js';

type Obj = Record<string, unknown>;
type Tlp = keyof typeof TLP2_MARKING_IDS;

const KEY = randomBytes(32).toString('base64');
const STATEMENT =
  'This information is voluntarily submitted to the hub in expectation of protection from disclosure (PCII).';
const T0 = '2026-01-01T00:00:00.000Z';

const marked = (tlp: Tlp) => ({ object_marking_refs: [TLP2_MARKING_IDS[tlp]] });
const malware = (tlp: Tlp, extra: Obj = {}): Obj => ({
  type: 'malware',
  spec_version: '2.1',
  id: `malware--${randomUUID()}`,
  created: T0,
  modified: T0,
  name: 'Grid wiper',
  is_family: true,
  ...marked(tlp),
  ...extra,
});
const relationship = (source: string, target: string): Obj => ({
  type: 'relationship',
  spec_version: '2.1',
  id: `relationship--${randomUUID()}`,
  created: T0,
  modified: T0,
  relationship_type: 'indicates',
  source_ref: source,
  target_ref: target,
  ...marked('green'),
});
const report = (members: readonly string[]): Obj => ({
  type: 'report',
  spec_version: '2.1',
  id: `report--${randomUUID()}`,
  created: T0,
  modified: T0,
  name: 'Weekly grid summary',
  published: T0,
  object_refs: members,
  ...marked('green'),
});

const READERS = [
  'submitter',
  'member',
  'recipient',
  'provider',
  'reviewer',
  'officer',
  'certified',
  'token',
  'admin',
] as const;
type ReaderName = (typeof READERS)[number];

/**
 * The reference rule over real HTTP (DESIGN.md §3 "Objects that reference restricted objects
 * must not reveal them"; docs/sharing.md "References"): a GREEN object that references an
 * object of its collection the reader may not receive is withheld from that reader on every
 * read path, comes into sight when the target does, and leaves it when a restricted target
 * arrives; references to objects the collection does not hold withhold nothing; pages stay
 * exact; exports leave it out with its RED target. Runs on the backend CAIRN_TEST_BACKEND picks.
 */
describe('objects that reference what a reader may not see', () => {
  let t: TestHub;
  const who = {} as Record<ReaderName, string>;
  let base: string;
  let collectionId: string;
  let source: Obj;

  beforeAll(async () => {
    t = await startTestHub({ 'pcii.key': KEY });
    await t.hub.admin.addCommunity('grid', {
      title: 'Grid ISAC',
      maxContentLength: 10_000_000,
      piiMode: 'hold',
    });
    for (const [name, orgClass] of [
      ['northwind', 'private'],
      ['contoso', 'private'],
      ['watchco', 'provider'],
    ] as const) {
      await addOrg(t, name, orgClass);
      await t.hub.admin.addMember('grid', name);
    }
    who.submitter = await addUser(t, 'nw-analyst', 'northwind', ['analyst']);
    who.member = await addUser(t, 'co-reader', 'contoso', ['reader']);
    who.recipient = await addUser(t, 'co-recipient', 'contoso', ['reader']);
    who.provider = await addUser(t, 'wc-reader', 'watchco', ['reader']);
    who.reviewer = await addUser(t, 'co-reviewer', 'contoso', ['reader', 'reviewer@grid']);
    who.officer = await addUser(t, 'co-officer', 'contoso', ['reader', 'pcii-officer@grid']);
    await t.hub.admin.addUser('co-certified', {
      org: 'contoso',
      roles: ['reader'],
      password: USER_PASSWORD,
      pciiCertified: true,
    });
    who.certified = basic('co-certified', USER_PASSWORD);
    who.token = `Bearer ${(await t.hub.admin.createToken({ org: 'contoso', scope: 'read' })).token}`;
    who.admin = t.adminAuth;
    collectionId = await addCollection(t, 'grid', 'Grid', { read: ['members'], write: ['members'] });
    base = `/grid/collections/${collectionId}/`;
    source = indicator(marked('green'));
    expect((await post([source])).json.success_count).toBe(1);
  });
  afterAll(async () => {
    await t.stop();
  });

  function post(objects: Obj[], extra: Obj = {}) {
    return t.request('POST', `${base}objects/`, { auth: who.submitter, body: { objects, ...extra } });
  }
  async function ids(auth: string, path: string): Promise<unknown[]> {
    const res = await t.request('GET', `${base}${path}?limit=1000`, { auth });
    expect(res.status).toBe(200);
    return ((res.json.objects ?? []) as Obj[]).map((o) => o.id);
  }

  /** Who receives an object; objects, manifest, Get an Object and versions must all agree. */
  async function receivers(objectId: string): Promise<Record<ReaderName, boolean>> {
    const seen = {} as Record<ReaderName, boolean>;
    for (const name of READERS) {
      const auth = who[name];
      const inObjects = (await ids(auth, 'objects/')).includes(objectId);
      expect((await ids(auth, 'manifest/')).includes(objectId), `${name} manifest`).toBe(inObjects);
      const one = await t.request('GET', `${base}objects/${objectId}/`, { auth });
      expect(one.status, `${name} object`).toBe(inObjects ? 200 : 404);
      const versions = await t.request('GET', `${base}objects/${objectId}/versions/`, { auth });
      expect(versions.status, `${name} versions`).toBe(inObjects ? 200 : 404);
      seen[name] = inObjects;
    }
    return seen;
  }
  const everyone = (over: Partial<Record<ReaderName, boolean>> = {}) => ({
    ...(Object.fromEntries(READERS.map((r) => [r, true])) as Record<ReaderName, boolean>),
    ...over,
  });

  it('withholds a GREEN relationship to a TLP:RED target from readers who may not see it (§3 RED row)', async () => {
    const red = malware('red');
    expect((await post([red], { x_cairn_recipients: ['co-recipient'] })).json.success_count).toBe(1);
    const rel = relationship(source.id as string, red.id as string);
    expect((await post([rel])).json.success_count).toBe(1);
    // Exactly the readers of the RED target: its submitter, its named recipient, hub admins.
    expect(await receivers(rel.id as string)).toEqual(
      everyone({
        member: false,
        provider: false,
        reviewer: false,
        officer: false,
        certified: false,
        token: false,
      }),
    );
    expect(await receivers(red.id as string)).toEqual(await receivers(rel.id as string));
    // A withheld object does not exist for the reader, and its 404 names nothing it points at.
    const missing = await t.request('GET', `${base}objects/${rel.id}/`, { auth: who.member });
    expect(missing.status).toBe(404);
    expect(missing.text).not.toContain(red.id as string);
  });

  it('withholds a relationship to an AMBER+STRICT target from provider-class readers only', async () => {
    const strict = malware('amber+strict');
    const rel = relationship(source.id as string, strict.id as string);
    expect((await post([strict, rel])).json.success_count).toBe(2);
    expect(await receivers(rel.id as string)).toEqual(everyone({ provider: false }));
  });

  it('withholds a relationship to a held target until the review approves it', async () => {
    const held = malware('green', { description: 'Reported by jo.operator@mailbox.example' });
    const rel = relationship(source.id as string, held.id as string);
    const res = await post([held, rel]);
    expect(res.json).toMatchObject({ success_count: 1, pending_count: 1 });
    // The submitting organisation, the community's reviewers and hub admins see held content.
    expect(await receivers(rel.id as string)).toEqual(
      everyone({
        member: false,
        recipient: false,
        provider: false,
        officer: false,
        certified: false,
        token: false,
      }),
    );
    const reviews = (await t.request('GET', '/api/v1/reviews', { auth: who.reviewer })).json.reviews as Obj[];
    const review = reviews.find((r) => r.object_id === held.id) as Obj;
    const approved = await t.request('POST', `/api/v1/reviews/${review.id}/approve`, { auth: who.reviewer });
    expect(approved.status).toBe(200);
    expect(await receivers(rel.id as string)).toEqual(everyone());
  });

  it('withholds a relationship to a protected (PCII) target as the target is, admins included, until validated', async () => {
    const guarded = malware('green');
    const submitted = await post([guarded], { x_cairn_protected: true, x_cairn_pcii_statement: STATEMENT });
    expect(submitted.json.pending_count).toBe(1);
    const rel = relationship(source.id as string, guarded.id as string);
    expect((await post([rel])).json.success_count).toBe(1);
    // Pending: the submitting organisation and the community's officers only; a hub admin
    // without PCII standing is withheld the reference as it is the target.
    expect(await receivers(rel.id as string)).toEqual({
      submitter: true,
      member: false,
      recipient: false,
      provider: false,
      reviewer: false,
      officer: true,
      certified: false,
      token: false,
      admin: false,
    });
    const pending = (await t.request('GET', '/api/v1/pcii?state=pending', { auth: who.officer })).json
      .submissions as Obj[];
    const ticket = pending.find((s) => s.object_id === guarded.id) as Obj;
    const validated = await t.request('POST', `/api/v1/pcii/${ticket.id}/validate`, { auth: who.officer });
    expect(validated.status).toBe(200);
    expect(await receivers(rel.id as string)).toEqual({
      submitter: true,
      member: false,
      recipient: false,
      provider: false,
      reviewer: false,
      officer: true,
      certified: true,
      token: false,
      admin: false,
    });
  });

  it('references to objects the collection does not hold withhold nothing; a RED target arriving later does', async () => {
    const laterId = `malware--${randomUUID()}`;
    const rel = relationship(source.id as string, laterId);
    expect((await post([rel])).json.success_count).toBe(1);
    expect(await receivers(rel.id as string)).toEqual(everyone());
    expect((await post([malware('red', { id: laterId })])).json.success_count).toBe(1);
    expect((await ids(who.member, 'objects/')).includes(rel.id)).toBe(false);
    expect((await ids(who.submitter, 'objects/')).includes(rel.id)).toBe(true);
  });

  it('withholds a report whose object_refs hold one member the reader may not see, and a sighting of it', async () => {
    const red = malware('red');
    const green = malware('green');
    const mixed = report([source.id as string, green.id as string, red.id as string]);
    const open = report([source.id as string, green.id as string, `identity--${randomUUID()}`]);
    // A sighting of the RED object, sighted at an identity the collection does not hold.
    const sighting: Obj = {
      type: 'sighting',
      spec_version: '2.1',
      id: `sighting--${randomUUID()}`,
      created: T0,
      modified: T0,
      sighting_of_ref: red.id,
      where_sighted_refs: [`identity--${randomUUID()}`],
      ...marked('green'),
    };
    expect((await post([red, green, mixed, open, sighting])).json.success_count).toBe(5);
    const memberSees = await ids(who.member, 'objects/');
    expect(memberSees).toContain(open.id);
    expect(memberSees).toContain(green.id);
    expect(memberSees).not.toContain(mixed.id);
    expect(memberSees).not.toContain(sighting.id);
    expect(memberSees).not.toContain(red.id);
    const submitterSees = await ids(who.submitter, 'objects/');
    expect(submitterSees).toContain(mixed.id);
    expect(submitterSees).toContain(sighting.id);
  });

  it('leaves references to the submitter’s own identity to anonymisation (DESIGN.md §3 consent)', async () => {
    // An identity with AIS "none" consent is withheld from other members; a sighting that
    // names it reaches them anonymised (the hub's identity in its place), not withheld.
    const own: Obj = {
      type: 'identity',
      spec_version: '2.1',
      id: `identity--${randomUUID()}`,
      created: T0,
      modified: T0,
      name: 'Sighting team',
      identity_class: 'organization',
      labels: ['ais-consent-none'],
    };
    const sighting: Obj = {
      type: 'sighting',
      spec_version: '2.1',
      id: `sighting--${randomUUID()}`,
      created: T0,
      modified: T0,
      sighting_of_ref: source.id,
      where_sighted_refs: [own.id],
      ...marked('green'),
    };
    expect((await post([own, sighting])).json.success_count).toBe(2);
    expect((await t.request('GET', `${base}objects/${own.id}/`, { auth: who.member })).status).toBe(404);
    const seen = await t.request('GET', `${base}objects/${sighting.id}/`, { auth: who.member });
    expect(seen.status).toBe(200);
    expect(seen.text).not.toContain(own.id as string);
    expect(seen.json.objects[0].where_sighted_refs[0]).toMatch(/^identity--/);
  });

  it('pages exactly: full pages while `more`, every visible object once, nothing withheld (§3 compiled into the query)', async () => {
    const pageBase = `/grid/collections/${await addCollection(t, 'grid', 'Paging', { read: ['members'], write: ['members'] })}/`;
    const red = malware('red');
    const objects: Obj[] = [source, red];
    for (let i = 0; i < 12; i++)
      objects.push(
        relationship(source.id as string, i % 3 === 0 ? (source.id as string) : (red.id as string)),
      );
    // The last one added is withheld: a page must not end on it, nor a header report it.
    objects.push(relationship(source.id as string, red.id as string));
    const res = await t.request('POST', `${pageBase}objects/`, { auth: who.submitter, body: { objects } });
    expect(res.json.success_count).toBe(objects.length);
    const expected = [
      source.id,
      ...objects
        .slice(2)
        .filter((o) => o.target_ref === source.id)
        .map((o) => o.id),
    ];
    for (const path of ['objects/', 'manifest/']) {
      const seen: unknown[] = [];
      let next: string | undefined;
      let lastHeader: string | null = null;
      for (;;) {
        const page = await t.request('GET', `${pageBase}${path}?limit=2${next ? `&next=${next}` : ''}`, {
          auth: who.member,
        });
        expect(page.status).toBe(200);
        const items = (page.json.objects ?? []) as Obj[];
        if (page.json.more === true) expect(items).toHaveLength(2);
        seen.push(...items.map((o) => o.id));
        lastHeader = page.headers.get('x-taxii-date-added-last') ?? lastHeader;
        if (page.json.more !== true) break;
        next = page.json.next;
      }
      // The hub stores the TLP marking definitions with the data; they reference nothing.
      expect(
        seen.filter((id) => !String(id).startsWith('marking-definition--')),
        path,
      ).toEqual(expected);
      // The last visible object's date_added, never the withheld one added after it.
      const manifest = (await t.request('GET', `${pageBase}manifest/?limit=1000`, { auth: who.member })).json
        .objects as Obj[];
      expect(lastHeader).toBe(manifest.at(-1)?.date_added);
    }
  });

  it('lets a member delete its own relationship to another member’s object, not one it may not see', async () => {
    const other = indicator(marked('green'));
    const red = malware('red');
    const contosoAnalyst = await addUser(t, 'co-analyst', 'contoso', ['analyst']);
    const posted = await t.request('POST', `${base}objects/`, {
      auth: contosoAnalyst,
      body: { objects: [other] },
    });
    expect(posted.json.success_count).toBe(1);
    expect((await post([red], { x_cairn_recipients: ['co-recipient'] })).json.success_count).toBe(1);
    const toOther = relationship(source.id as string, other.id as string);
    const toRed = relationship(source.id as string, red.id as string);
    const own = await t.request('POST', `${base}objects/`, {
      auth: contosoAnalyst,
      body: { objects: [toOther, toRed] },
    });
    expect(own.json.success_count).toBe(2);
    const del = (id: unknown) => t.request('DELETE', `${base}objects/${id}/`, { auth: contosoAnalyst });
    expect((await del(toOther.id)).status).toBe(200);
    // Its own, but it names a RED object its submitter may not see: withheld, so a 404.
    expect((await del(toRed.id)).status).toBe(404);
  });

  it('exports leave out a relationship with its TLP:RED target, and keep one to an AMBER target', async () => {
    const red = malware('red');
    const amber = malware('amber');
    const toRed = relationship(source.id as string, red.id as string);
    const toAmber = relationship(source.id as string, amber.id as string);
    expect((await post([red, amber, toRed, toAmber])).json.success_count).toBe(4);
    let out = '';
    const io: CliIo = {
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: () => true },
      stdin: Readable.from([]),
      env: t.hub.config.databaseUrl === undefined ? {} : { CAIRN_DATABASE_URL: t.hub.config.databaseUrl },
      cwd: process.cwd(),
    };
    const code = await exportCommand.run(
      ['--data', t.dataDir, '--collection', collectionId, '--format', 'ndjson'],
      io,
    );
    expect(code).toBe(0);
    const exported = out
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(exported).toContain(toAmber.id);
    expect(exported).toContain(amber.id);
    expect(exported).not.toContain(toRed.id);
    expect(exported).not.toContain(red.id);
  });
});
