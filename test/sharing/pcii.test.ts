import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { exportCommand } from '../../src/cli/commands/export.js';
import { pciiListCommand, pciiValidateCommand } from '../../src/cli/commands/pcii.js';
import { TLP2_MARKING_IDS } from '../../src/sharing/index.js';
import { basic, startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { indicator, note } from '../helpers/stix-fixtures.js';
import { addCollection, addOrg, addUser, USER_PASSWORD } from '../helpers/tenancy.js';

type Obj = Record<string, unknown>;

const KEY = randomBytes(32).toString('base64');
const STATEMENT =
  'This information is voluntarily submitted to the hub in expectation of protection from disclosure (PCII).';
/** Text that appears only inside the protected objects: it must never be found at rest. */
const SECRET = `substation-relay-${randomUUID()}`;

const protectedIndicator = () =>
  indicator({
    name: `Relay firmware beacon ${SECRET}`,
    description: `Seen at ${SECRET}`,
    pattern: "[ipv4-addr:value = '192.0.2.77']",
    object_marking_refs: [TLP2_MARKING_IDS.green],
  });

/**
 * Protected (PCII) submissions over real HTTP (DESIGN.md §1 "PCII", §2, §3 "protected"):
 * the express statement, the validation workflow with the status pending until decided,
 * who receives what in each state (every kind of principal), encryption at rest, the
 * audited reads and decisions, and that exports and the match API never carry them.
 */
describe('protected (PCII) submissions', () => {
  let t: TestHub;
  const who: Record<string, string> = {};
  let base: string;
  let collectionId: string;
  let communityId: string;

  beforeAll(async () => {
    t = await startTestHub({ 'pcii.key': KEY });
    communityId = (
      await t.hub.admin.addCommunity('energy', { title: 'Energy ISAC', maxContentLength: 10_000_000 })
    ).id;
    for (const [name, orgClass] of [
      ['power-co', 'private'],
      ['water-co', 'private'],
      ['agency', 'government'],
      ['mssp', 'provider'],
    ] as const) {
      await addOrg(t, name, orgClass);
      await t.hub.admin.addMember('energy', name);
    }
    await addOrg(t, 'outsider', 'private');
    who.submitter = await addUser(t, 'power-analyst', 'power-co', ['analyst']);
    who.colleague = await addUser(t, 'power-reader', 'power-co', ['reader']);
    who.member = await addUser(t, 'water-reader', 'water-co', ['reader']);
    await t.hub.admin.addUser('water-certified', {
      org: 'water-co',
      roles: ['reader'],
      password: USER_PASSWORD,
      pciiCertified: true,
    });
    who.certified = basic('water-certified', USER_PASSWORD);
    who.officer = await addUser(t, 'agency-officer', 'agency', ['reader', 'pcii-officer@energy']);
    await t.hub.admin.addUser('mssp-certified', {
      org: 'mssp',
      roles: ['reader'],
      password: USER_PASSWORD,
      pciiCertified: true,
    });
    who.provider = basic('mssp-certified', USER_PASSWORD);
    await t.hub.admin.addUser('certified-admin', {
      org: 'agency',
      roles: ['hub-admin'],
      password: USER_PASSWORD,
      pciiCertified: true,
    });
    who.certifiedAdmin = basic('certified-admin', USER_PASSWORD);
    who.admin = t.adminAuth;
    // An officer of another community only.
    who.otherOfficer = await addUser(t, 'outsider-officer', 'outsider', ['reader', 'pcii-officer@hub']);
    who.ownToken = `Bearer ${(await t.hub.admin.createToken({ org: 'power-co', scope: 'write' })).token}`;
    who.memberToken = `Bearer ${(await t.hub.admin.createToken({ org: 'water-co', scope: 'read' })).token}`;
    collectionId = await addCollection(t, 'energy', 'Grid', { read: ['members'], write: ['members'] });
    base = `/energy/collections/${collectionId}/`;
  });
  afterAll(async () => {
    await t.stop();
  });

  const submit = (objects: Obj[], extra: Obj = {}, auth = who.submitter as string) =>
    t.request('POST', `${base}objects/`, {
      auth,
      body: { objects, x_cairn_protected: true, x_cairn_pcii_statement: STATEMENT, ...extra },
    });
  const idsSeen = async (auth: string, path = 'objects/') => {
    const res = await t.request('GET', `${base}${path}?limit=1000`, { auth });
    expect(res.status).toBe(200);
    return ((res.json.objects ?? []) as Obj[]).map((o) => o.id);
  };
  const manifestIds = async (auth: string) => idsSeen(auth, 'manifest/');
  const status = async (id: string, auth = who.submitter as string) =>
    (await t.request('GET', `/energy/status/${id}/`, { auth })).json;
  const pciiOf = async (objectId: string, state = 'pending') => {
    const res = await t.request('GET', `/api/v1/pcii?state=${state}`, { auth: who.officer as string });
    expect(res.status).toBe(200);
    return (res.json.submissions as Obj[]).find((s) => s.object_id === objectId) as Obj;
  };
  const auditOf = async (event: string) => t.hub.store.audit.list({ event });

  /** Who receives a version (objects, manifest, Get an Object, versions all agree). */
  async function receivers(objectId: string): Promise<Record<string, boolean>> {
    const seen: Record<string, boolean> = {};
    for (const name of [
      'submitter',
      'colleague',
      'member',
      'certified',
      'officer',
      'provider',
      'admin',
      'certifiedAdmin',
      'ownToken',
      'memberToken',
    ]) {
      const auth = who[name] as string;
      const inObjects = (await idsSeen(auth)).includes(objectId);
      const inManifest = (await manifestIds(auth)).includes(objectId);
      const one = await t.request('GET', `${base}objects/${objectId}/`, { auth });
      const versions = await t.request('GET', `${base}objects/${objectId}/versions/`, { auth });
      // Nothing leaks through the other endpoints: a hidden object does not exist for the reader.
      expect(inManifest, `${name} manifest`).toBe(inObjects);
      expect(one.status, `${name} object`).toBe(inObjects ? 200 : 404);
      expect(versions.status, `${name} versions`).toBe(inObjects ? 200 : 404);
      seen[name] = inObjects;
    }
    return seen;
  }

  describe('submitting (DESIGN.md §1 PCII: express statement)', () => {
    it('stores a protected submission pending validation, with the status pending', async () => {
      const a = protectedIndicator();
      const res = await submit([a]);
      expect(res.status).toBe(202);
      expect(res.json).toMatchObject({ status: 'pending', pending_count: 1, success_count: 0 });
      expect(res.json.pendings[0]).toMatchObject({
        id: a.id,
        message: 'Protected (PCII): awaiting validation',
      });
      expect(await status(res.json.id)).toMatchObject({ status: 'pending', pending_count: 1 });
      expect(await pciiOf(a.id as string)).toMatchObject({ statement: STATEMENT, state: 'pending' });
    });

    it('recognises a re-posted protected version as a duplicate (bodies compared decrypted)', async () => {
      const a = protectedIndicator();
      await submit([a]);
      const again = await submit([a]);
      expect(again.json).toMatchObject({ status: 'complete', success_count: 1, pending_count: 0 });
      const changed = await submit([{ ...a, name: 'Another body' }]);
      expect(changed.json.failure_count).toBe(1);
      expect(changed.json.failures[0].message).toContain('conflict');
    });

    it('redacts personal data of a protected submission in a hold community instead of holding it', async () => {
      await t.hub.admin.addCommunity('held-energy', {
        title: 'Held',
        maxContentLength: 10_000_000,
        piiMode: 'hold',
      });
      await t.hub.admin.addMember('held-energy', 'power-co');
      const held = await addCollection(t, 'held-energy', 'Held grid', {
        read: ['members'],
        write: ['members'],
      });
      const n = note(`Call the plant operator at jo.operator@mailbox.example about ${SECRET}`);
      const res = await t.request('POST', `/held-energy/collections/${held}/objects/`, {
        auth: who.submitter as string,
        body: { objects: [n], x_cairn_protected: true, x_cairn_pcii_statement: STATEMENT },
      });
      expect(res.json.pendings[0].message).toBe(
        'Personal data redacted: email; protected (PCII): awaiting validation',
      );
      expect((await t.request('GET', '/api/v1/reviews', { auth: who.admin as string })).json.reviews).toEqual(
        [],
      );
      const own = await t.request('GET', `/held-energy/collections/${held}/objects/`, {
        auth: who.submitter as string,
      });
      expect(own.text).not.toContain('jo.operator@mailbox.example');
      expect(own.text).toContain('[REDACTED:email]');
    });

    it('accepts a token of a member organisation (the organisation submits)', async () => {
      const a = protectedIndicator();
      const res = await submit([a], {}, who.ownToken as string);
      expect(res.status).toBe(202);
      expect(res.json.status).toBe('pending');
    });

    it('refuses a protected submission without the express statement, or a statement alone', async () => {
      for (const extra of [{ x_cairn_pcii_statement: undefined }, { x_cairn_pcii_statement: '   ' }]) {
        const res = await submit([protectedIndicator()], extra);
        expect(res.status).toBe(400);
        expect(res.json.error_code).toBe('CAIRN_INVALID_ENVELOPE');
        expect(res.json.description).toContain('x_cairn_pcii_statement');
      }
      const alone = await t.request('POST', `${base}objects/`, {
        auth: who.submitter as string,
        body: { objects: [protectedIndicator()], x_cairn_pcii_statement: STATEMENT },
      });
      expect(alone.status).toBe(400);
      const notBoolean = await submit([protectedIndicator()], { x_cairn_protected: 'yes' });
      expect(notBoolean.status).toBe(400);
      expect(notBoolean.json.description).toContain('x_cairn_protected');
    });

    it('refuses a protected submission from outside the community’s member organisations', async () => {
      const res = await submit([protectedIndicator()], {}, who.admin as string);
      expect(res.status).toBe(403);
      expect(res.json.error_code).toBe('CAIRN_FORBIDDEN');
      expect(res.json.description).toContain('member organisations');
    });
  });

  describe('who receives it (DESIGN.md §3 protected row)', () => {
    let pending: Obj;
    let validated: Obj;
    let rejected: Obj;
    let statusId: string;

    beforeAll(async () => {
      pending = protectedIndicator();
      validated = protectedIndicator();
      rejected = note(`Outage report ${SECRET}`);
      const res = await submit([pending, validated, rejected]);
      expect(res.json.pending_count).toBe(3);
      statusId = res.json.id;
    });

    it('before validation: the submitting organisation’s users and the community’s officers only', async () => {
      expect(await receivers(pending.id as string)).toEqual({
        submitter: true,
        colleague: true,
        member: false,
        certified: false,
        officer: true,
        provider: false,
        admin: false,
        certifiedAdmin: false,
        ownToken: false,
        memberToken: false,
      });
    });

    it('lists the queue for the community’s officers only (no hub-admin bypass, never tokens)', async () => {
      for (const name of ['admin', 'certified', 'submitter', 'otherOfficer', 'memberToken']) {
        const res = await t.request('GET', '/api/v1/pcii', { auth: who[name] as string });
        expect(res.status, name).toBe(403);
      }
      const id = (await pciiOf(pending.id as string)).id as string;
      for (const name of ['admin', 'certifiedAdmin', 'otherOfficer']) {
        const res = await t.request('GET', `/api/v1/pcii/${id}`, { auth: who[name] as string });
        expect(res.status, name).toBe(404);
      }
      const shown = await t.request('GET', `/api/v1/pcii/${id}`, { auth: who.officer as string });
      expect(shown.json).toMatchObject({
        statement: STATEMENT,
        object: { id: pending.id, name: pending.name },
      });
    });

    it('validation: certified users of the community (providers too, within TLP) and officers receive it', async () => {
      const id = (await pciiOf(validated.id as string)).id as string;
      const res = await t.request('POST', `/api/v1/pcii/${id}/validate`, { auth: who.officer as string });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ decision: 'validate', object_id: validated.id, state: 'validated' });
      expect(await receivers(validated.id as string)).toEqual({
        submitter: true,
        colleague: true,
        member: false,
        certified: true,
        officer: true,
        provider: true,
        admin: false,
        certifiedAdmin: true,
        ownToken: false,
        memberToken: false,
      });
    });

    it('rejection: only the submitting organisation and the officers keep it', async () => {
      const id = (await pciiOf(rejected.id as string)).id as string;
      const res = await t.request('POST', `/api/v1/pcii/${id}/reject`, {
        auth: who.officer as string,
        body: JSON.stringify({ reason: 'Not critical-infrastructure information' }),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(200);
      expect(await receivers(rejected.id as string)).toEqual({
        submitter: true,
        colleague: true,
        member: false,
        certified: false,
        officer: true,
        provider: false,
        admin: false,
        certifiedAdmin: false,
        ownToken: false,
        memberToken: false,
      });
    });

    it('cannot be deleted, or found by deleting, by an admin who may not receive it', async () => {
      const a = protectedIndicator();
      await submit([a]);
      for (const auth of [who.admin, who.certifiedAdmin] as string[]) {
        const res = await t.request('DELETE', `${base}objects/${a.id}/`, { auth });
        expect(res.status).toBe(404);
      }
      expect(await idsSeen(who.submitter as string)).toContain(a.id);
      // The submitting organisation may delete its own protected submission.
      const own = await t.request('DELETE', `${base}objects/${a.id}/`, { auth: who.submitter as string });
      expect(own.status).toBe(200);
      expect(await idsSeen(who.submitter as string)).not.toContain(a.id);
    });

    it('keeps the status pending until every protected object is decided, then completes it', async () => {
      expect(await status(statusId)).toMatchObject({
        status: 'pending',
        success_count: 1,
        failure_count: 1,
        pending_count: 1,
      });
      const done = await status(statusId);
      expect(done.failures[0].message).toBe(
        'Rejected in PCII validation: Not critical-infrastructure information',
      );
      const id = (await pciiOf(pending.id as string)).id as string;
      await t.request('POST', `/api/v1/pcii/${id}/validate`, { auth: who.officer as string });
      expect(await status(statusId)).toMatchObject({
        status: 'complete',
        success_count: 2,
        failure_count: 1,
        pending_count: 0,
      });
    });

    it('refuses a second decision, an unknown decision and a decision by anyone but an officer', async () => {
      const id = (await pciiOf(validated.id as string, 'validated')).id as string;
      const again = await t.request('POST', `/api/v1/pcii/${id}/reject`, { auth: who.officer as string });
      expect(again.status).toBe(404);
      const unknown = await t.request('POST', `/api/v1/pcii/${id}/approve`, { auth: who.officer as string });
      expect(unknown.status).toBe(404);
      const fresh = protectedIndicator();
      await submit([fresh]);
      const freshId = (await pciiOf(fresh.id as string)).id as string;
      for (const name of ['admin', 'certifiedAdmin', 'submitter', 'otherOfficer']) {
        const res = await t.request('POST', `/api/v1/pcii/${freshId}/validate`, {
          auth: who[name] as string,
        });
        expect(res.status, name).toBe(404);
      }
      const long = await t.request('POST', `/api/v1/pcii/${freshId}/reject`, {
        auth: who.officer as string,
        body: JSON.stringify({ reason: 'x'.repeat(501) }),
        headers: { 'content-type': 'application/json' },
      });
      expect(long.status).toBe(400);
      expect((await pciiOf(fresh.id as string)).state).toBe('pending');
    });
  });

  describe('audit (DESIGN.md §3: every read is audited)', () => {
    it('records one pcii.read entry per request that returned protected versions, naming them', async () => {
      const a = protectedIndicator();
      const b = protectedIndicator();
      await submit([a, b]);
      const before = (await auditOf('pcii.read')).length;
      await t.request('GET', `${base}objects/?limit=1000`, { auth: who.colleague as string });
      const after = await auditOf('pcii.read');
      expect(after.length).toBe(before + 1);
      const entry = after[after.length - 1];
      expect(entry?.actor).toMatchObject({ kind: 'user', name: 'power-reader' });
      expect(entry?.target).toEqual({ collectionId });
      const ids = Object.values(entry?.details.ids as Record<string, string[]>).flat();
      expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
      for (const path of ['manifest/', `objects/${a.id}/`, `objects/${a.id}/versions/`]) {
        await t.request('GET', `${base}${path}`, { auth: who.colleague as string });
      }
      expect((await auditOf('pcii.read')).length).toBe(before + 4);
      // A reader who receives no protected version leaves no entry.
      await t.request('GET', `${base}objects/`, { auth: who.member as string });
      expect((await auditOf('pcii.read')).length).toBe(before + 4);
    });

    it('records every decision with the officer and the object', async () => {
      const a = protectedIndicator();
      await submit([a]);
      const id = (await pciiOf(a.id as string)).id as string;
      await t.request('POST', `/api/v1/pcii/${id}/validate`, { auth: who.officer as string });
      const entry = (await auditOf('pcii.validate')).at(-1);
      expect(entry).toMatchObject({
        actor: { kind: 'user', name: 'agency-officer' },
        target: { pciiId: id, objectId: a.id, collectionId, communityId },
        details: { state: 'validated' },
      });
      expect((await auditOf('pcii.reject')).length).toBeGreaterThan(0);
    });
  });

  describe('encryption at rest', () => {
    it('stores no protected plaintext: the rows hold AES-GCM ciphertext', async () => {
      await submit([protectedIndicator()]);
      const rows = await protectedRows(t);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.json.startsWith('pcii1:')).toBe(true);
        expect(row.json).not.toContain(SECRET);
        expect(row.json_anon ?? '').not.toContain(SECRET);
      }
      if (t.hub.config.databaseUrl === undefined) {
        // The whole database, WAL included, read byte by byte.
        for (const file of readdirSync(t.dataDir).filter((f) => f.startsWith('cairn.db'))) {
          expect(readFileSync(join(t.dataDir, file)).includes(SECRET), file).toBe(false);
        }
      }
      // Yet a reader who may receive it gets the plaintext.
      const res = await t.request('GET', `${base}objects/?limit=1000`, { auth: who.submitter as string });
      expect(res.text).toContain(SECRET);
    });
  });

  describe('never exported, never matched (DESIGN.md §3)', () => {
    it('leaves protected versions out of exports, in every state', async () => {
      const open = indicator({ object_marking_refs: [TLP2_MARKING_IDS.green] });
      await t.request('POST', `${base}objects/`, {
        auth: who.submitter as string,
        body: { objects: [open] },
      });
      let out = '';
      const code = await exportCommand.run(
        ['--data', t.dataDir, '--collection', collectionId, '--format', 'ndjson'],
        cliIo(t, (text) => (out += text)),
      );
      expect(code).toBe(0);
      const ids = out
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { id: string }).id);
      expect(ids).toContain(open.id);
      expect(out).not.toContain(SECRET);
    });

    it('never matches a protected indicator, even for a certified reader', async () => {
      const a = protectedIndicator();
      await submit([a]);
      const id = (await pciiOf(a.id as string)).id as string;
      await t.request('POST', `/api/v1/pcii/${id}/validate`, { auth: who.officer as string });
      expect((await idsSeen(who.certified as string)).includes(a.id)).toBe(true);
      const res = await t.request('POST', '/api/v1/match', {
        auth: who.certified as string,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: { observations: [{ type: 'ipv4-addr', value: '192.0.2.77' }] },
      });
      expect(res.status).toBe(200);
      expect(res.json.matches).toEqual([]);
    });
  });

  describe('the console (cairn pcii)', () => {
    it('lists and validates as a named officer, and refuses anyone else', async () => {
      const a = protectedIndicator();
      await submit([a]);
      let out = '';
      const io = cliIo(t, (text) => (out += text));
      expect(await pciiListCommand.run(['--data', t.dataDir, '--as', 'agency-officer', '--json'], io)).toBe(
        0,
      );
      const listed = (JSON.parse(out) as Obj[]).find((s) => s.object_id === a.id) as Obj;
      expect(listed.statement).toBe(STATEMENT);
      await expect(pciiListCommand.run(['--data', t.dataDir, '--as', 'admin'], io)).rejects.toMatchObject({
        code: 'CAIRN_FORBIDDEN',
      });
      await expect(pciiListCommand.run(['--data', t.dataDir], io)).rejects.toThrow(/--as/);
      out = '';
      const code = await pciiValidateCommand.run(
        ['--data', t.dataDir, '--as', 'agency-officer', '--json', listed.id as string],
        io,
      );
      expect(code).toBe(0);
      expect(JSON.parse(out)).toMatchObject({ object_id: a.id, state: 'validated' });
      expect((await auditOf('pcii.validate')).at(-1)?.actor).toMatchObject({ name: 'agency-officer' });
    });
  });
});

describe('a hub without a PCII key', () => {
  it('refuses protected submissions with a clear error', async () => {
    const t = await startTestHub();
    try {
      const res = await t.request('POST', `/hub/collections/${t.collectionId}/objects/`, {
        body: { objects: [indicator()], x_cairn_protected: true, x_cairn_pcii_statement: STATEMENT },
      });
      // The bootstrap admin's organisation is a member of `hub`: only the key is missing.
      expect(res.status).toBe(403);
      expect(res.json.description).toContain('no encryption key');
      expect(
        (await t.request('GET', `/hub/collections/${t.collectionId}/objects/`)).json.objects,
      ).toBeUndefined();
    } finally {
      await t.stop();
    }
  });
});

function cliIo(t: TestHub, write: (text: string) => void): CliIo {
  return {
    stdout: {
      write: (text: string) => {
        write(text);
        return true;
      },
    },
    stderr: { write: () => true },
    stdin: Readable.from([]),
    // The command opens the hub's own store, with its key: the data directory or its database.
    env: {
      CAIRN_PCII_KEY: KEY,
      ...(t.hub.config.databaseUrl === undefined ? {} : { CAIRN_DATABASE_URL: t.hub.config.databaseUrl }),
    },
    cwd: process.cwd(),
  };
}

/** The stored bodies of protected versions, read straight from the database. */
async function protectedRows(t: TestHub): Promise<{ json: string; json_anon: string | null }[]> {
  const url = t.hub.config.databaseUrl;
  if (url === undefined) {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(t.dataDir, 'cairn.db'), { readonly: true });
    try {
      return db.prepare('SELECT json, json_anon FROM objects WHERE protected = 1').all() as {
        json: string;
        json_anon: string | null;
      }[];
    } finally {
      db.close();
    }
  }
  const schema = new URL(url).searchParams.get('schema');
  const client = new pg.Client({ connectionString: process.env.TEST_PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT json, json_anon FROM ${schema}.objects WHERE protected = 1`);
    const plain = await client.query(`SELECT count(*)::int AS n FROM ${schema}.objects WHERE json LIKE $1`, [
      `%${SECRET}%`,
    ]);
    expect(plain.rows[0].n).toBe(0);
    return rows;
  } finally {
    await client.end();
  }
}
