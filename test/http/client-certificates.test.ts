import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TLP2_MARKING_IDS } from '../../src/sharing/index.js';
import { basic, startTestHub, TAXII, type TestHub } from '../helpers/create-test-hub.js';
import { runCli } from '../helpers/run-cli.js';
import { indicator } from '../helpers/stix-fixtures.js';
import { addCollection, addCommunity, addOrg, addUser } from '../helpers/tenancy.js';
import { createTestCa, type IssuedCertificate, type TestCa } from '../helpers/test-certificates.js';

interface Reply {
  readonly status: number;
  /** The TLS session was resumed rather than negotiated afresh. */
  readonly resumed: boolean;
  readonly headers: Record<string, string | string[] | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes from responses.
  readonly json: any;
}

interface Call {
  readonly method?: string;
  readonly client?: IssuedCertificate;
  readonly auth?: string;
  readonly body?: unknown;
  /** application/json (admin API) instead of a TAXII envelope. */
  readonly json?: boolean;
  /** Default: a fresh connection per request. */
  readonly agent?: Agent;
}

/** One request on its own TLS connection, presenting `client`'s certificate when given. */
function send(url: string, ca: Buffer, path: string, call: Call = {}): Promise<Reply> {
  const headers: Record<string, string> = { accept: TAXII };
  if (call.auth !== undefined) headers.authorization = call.auth;
  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  if (body !== undefined) headers['content-type'] = call.json === true ? 'application/json' : TAXII;
  return new Promise((resolve, reject) => {
    const req = request(
      url + path,
      {
        method: call.method ?? 'GET',
        ca,
        agent: call.agent ?? false,
        headers,
        ...(call.client === undefined ? {} : { cert: call.client.cert, key: call.client.key }),
      },
      (res) => {
        // Read now: a kept-alive socket goes back to its agent when the response ends.
        const resumed = (res.socket as TLSSocket).isSessionReused();
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            resumed,
            headers: res.headers,
            json: text === '' ? undefined : JSON.parse(text),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const idsOf = (reply: Reply): string[] => (reply.json?.objects ?? []).map((o: { id: string }) => o.id);

/** A hub serving HTTPS with `members-ca` as its client CA, in the given mode. */
async function startCertificateHub(ca: TestCa, mode: 'required' | 'optional'): Promise<TestHub> {
  const server = ca.issue(`server-${mode}`);
  return startTestHub({
    'tls.certFile': server.certFile,
    'tls.keyFile': server.keyFile,
    'tls.clientCaFile': ca.caFile,
    'tls.clientCertificates': mode,
  });
}

describe('client certificates mapped to organisations (issue 7)', () => {
  let dir: string;
  let members: TestCa;
  let other: TestCa;
  let t: TestHub;
  let strict: TestHub;
  let collectionPath: string;
  let analyst: string;
  const certs = {} as Record<'reader' | 'writer' | 'unregistered' | 'foreign', IssuedCertificate>;
  const call = (path: string, c: Call = {}) => send(t.url, members.ca, path, c);
  const register = (client: IssuedCertificate, scope: 'read' | 'write', name: string) =>
    t.hub.admin.addCertificate({ org: 'gov-org', fingerprint: client.opensslFingerprint, scope, name });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-certs-'));
    members = createTestCa(dir, 'members-ca');
    other = createTestCa(dir, 'other-ca');
    certs.reader = members.issue('gov-reader');
    certs.writer = members.issue('gov-writer');
    certs.unregistered = members.issue('unregistered');
    certs.foreign = other.issue('foreign');
    t = await startCertificateHub(members, 'optional');
    strict = await startCertificateHub(members, 'required');
    await addOrg(t, 'gov-org', 'government');
    await addCommunity(t, 'alpha');
    await t.hub.admin.addMember('alpha', 'gov-org');
    collectionPath = `/alpha/collections/${await addCollection(t, 'alpha', 'feed')}/objects/`;
    analyst = await addUser(t, 'gov-analyst', 'gov-org', ['analyst@alpha']);
    await register(certs.reader, 'read', 'siem');
    // Any case, with or without colons: the registration takes the same fingerprint.
    const bare = certs.writer.opensslFingerprint.split('=')[1]?.replaceAll(':', '').toLowerCase() ?? '';
    await t.hub.admin.addCertificate({ org: 'gov-org', fingerprint: bare, scope: 'write', name: 'feeder' });
  }, 60_000);
  afterAll(async () => {
    await t.stop();
    await strict.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a registered read certificate authenticates as its organisation and cannot POST (403)', async () => {
    const roots = await call('/alpha/collections/', { client: certs.reader });
    expect(roots.status).toBe(200);
    expect(roots.json.collections.map((c: { title: string }) => c.title)).toEqual(['feed']);
    const post = await call(collectionPath, {
      method: 'POST',
      client: certs.reader,
      body: { objects: [indicator()] },
    });
    expect(post.status).toBe(403);
  });

  it('a registered write certificate may POST, as its organisation', async () => {
    const object = indicator({ name: 'From the feeder machine' });
    const post = await call(collectionPath, {
      method: 'POST',
      client: certs.writer,
      body: { objects: [object] },
    });
    expect(post.status).toBe(202);
    expect(post.json.success_count).toBe(1);
    expect(idsOf(await call(collectionPath, { client: certs.reader }))).toContain(object.id);
  });

  it('a certificate principal never receives TLP:RED, while the submitter does (DESIGN.md §3)', async () => {
    const red = indicator({ object_marking_refs: [TLP2_MARKING_IDS.red] });
    const green = indicator({ object_marking_refs: [TLP2_MARKING_IDS.green] });
    const post = await call(collectionPath, {
      method: 'POST',
      auth: analyst,
      body: { objects: [red, green] },
    });
    expect(post.json.success_count).toBe(2);
    const machine = idsOf(await call(collectionPath, { client: certs.reader }));
    expect(machine).toContain(green.id);
    expect(machine).not.toContain(red.id);
    expect(idsOf(await call(collectionPath, { auth: analyst }))).toContain(red.id);
    expect((await call(`${collectionPath}${red.id}/`, { client: certs.reader })).status).toBe(404);
  });

  it('an Authorization header wins over the certificate, also when it is wrong', async () => {
    const red = indicator({ object_marking_refs: [TLP2_MARKING_IDS.red] });
    await call(collectionPath, { method: 'POST', auth: analyst, body: { objects: [red] } });
    // The analyst's own machine holds the read certificate; its Basic credentials decide.
    expect(idsOf(await call(collectionPath, { client: certs.reader, auth: analyst }))).toContain(red.id);
    const wrong = await call(collectionPath, {
      client: certs.reader,
      auth: basic('gov-analyst', 'wrong pw'),
    });
    expect(wrong.status).toBe(401);
  });

  it('refuses a verified certificate that is not registered (401 with WWW-Authenticate)', async () => {
    const res = await call('/taxii2/', { client: certs.unregistered });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic/);
  });

  it('refuses a revoked certificate from its next request on', async () => {
    const client = members.issue('to-revoke');
    const added = await register(client, 'read', 'short-lived');
    expect((await call('/taxii2/', { client })).status).toBe(200);
    await t.hub.admin.revokeCertificate(added.id);
    expect((await call('/taxii2/', { client })).status).toBe(401);
  });

  it('authenticates on a kept-alive connection and on resumed TLS sessions; revocation applies on the same connection', async () => {
    const client = members.issue('keep-alive');
    const added = await register(client, 'read', 'keep-alive');
    const kept = new Agent({ keepAlive: true, maxSockets: 1 });
    const resumed = new Agent({ keepAlive: false, maxCachedSessions: 10 });
    try {
      const resumptions: boolean[] = [];
      for (let i = 0; i < 3; i++) {
        expect((await call('/taxii2/', { client, agent: kept })).status).toBe(200);
        const res = await call('/taxii2/', { client, agent: resumed });
        expect(res.status).toBe(200);
        resumptions.push(res.resumed);
      }
      expect(resumptions).toContain(true);
      await t.hub.admin.revokeCertificate(added.id);
      expect((await call('/taxii2/', { client, agent: kept })).status).toBe(401);
      expect((await call('/taxii2/', { client, agent: resumed })).status).toBe(401);
    } finally {
      kept.destroy();
      resumed.destroy();
    }
  });

  it('refuses a certificate whose registration has expired', async () => {
    const client = members.issue('expired');
    const fingerprint = client.opensslFingerprint.split('=')[1] as string;
    const org = await t.hub.store.tenancy.findOrganisation('gov-org');
    // Written past its expiry directly: the admin service refuses an expiry in the past.
    await t.hub.store.tenancy.addClientCertificate({
      id: 'expired-registration',
      orgId: org?.id as string,
      name: 'expired',
      fingerprint,
      scope: 'write',
      createdAt: 1,
      expiresAt: Date.now() * 1000 - 1_000_000,
    });
    expect((await call('/taxii2/', { client })).status).toBe(401);
  });

  it('optional mode ignores a certificate another CA signed, and serves password clients', async () => {
    expect((await call('/taxii2/', { client: certs.foreign })).status).toBe(401);
    expect((await call('/taxii2/', { client: certs.foreign, auth: t.adminAuth })).status).toBe(200);
    expect((await call('/taxii2/', { auth: t.adminAuth })).status).toBe(200);
    expect((await call('/taxii2/')).status).toBe(401);
  });

  it('required mode (T006) refuses at the TLS layer a client without a certificate of its CA', async () => {
    await expect(
      send(strict.url, members.ca, '/taxii2/', { client: certs.foreign, auth: strict.adminAuth }),
    ).rejects.toThrow();
    await expect(send(strict.url, members.ca, '/taxii2/', { auth: strict.adminAuth })).rejects.toThrow();
    expect(
      (await send(strict.url, members.ca, '/taxii2/', { client: certs.reader, auth: strict.adminAuth }))
        .status,
    ).toBe(200);
    // Verified but registered on the other hub only: authenticates nothing here.
    expect((await send(strict.url, members.ca, '/taxii2/', { client: certs.reader })).status).toBe(401);
  });

  it('audits registration, revocation, first use per cache period and refusals (docs/audit.md)', async () => {
    const client = members.issue('audited');
    const added = await register(client, 'read', 'audited');
    for (let i = 0; i < 3; i++) expect((await call('/taxii2/', { client })).status).toBe(200);
    await t.hub.admin.revokeCertificate(client.opensslFingerprint);
    for (let i = 0; i < 2; i++) expect((await call('/taxii2/', { client })).status).toBe(401);
    await t.hub.audit.flush();
    const list = (event: string) => t.hub.store.audit.list({ event, limit: 10_000 });
    const fingerprint = added.fingerprint;
    expect((await list('certificate.add')).filter((e) => e.target.certificateId === added.id)).toHaveLength(
      1,
    );
    const revoked = (await list('certificate.revoke')).filter((e) => e.target.certificateId === added.id);
    expect(revoked.map((e) => e.details.outcome)).toEqual(['success']);
    const uses = (await list('certificate.use')).filter((e) => e.actor.id === added.id);
    expect(uses).toHaveLength(1);
    expect(uses[0]?.actor).toMatchObject({ kind: 'token', name: 'audited', address: '127.0.0.1' });
    const refusals = (await list('login.failure')).filter((e) => e.details.fingerprint === fingerprint);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.details.method).toBe('certificate');
  });

  it('the admin API registers, lists, shows and revokes certificates (hub admins only)', async () => {
    const client = members.issue('via-api');
    const api = (path: string, c: Call = {}) => call(path, { auth: t.adminAuth, json: true, ...c });
    const bad = await api('/api/v1/certificates', {
      method: 'POST',
      body: { org: 'gov-org', fingerprint: 'AB:CD', scope: 'read' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.details.field).toBe('fingerprint');
    const created = await api('/api/v1/certificates', {
      method: 'POST',
      body: { org: 'gov-org', fingerprint: client.opensslFingerprint, scope: 'write', name: 'api machine' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      name: 'api machine',
      scope: 'write',
      fingerprint_sha256: added(client),
    });
    const again = await api('/api/v1/certificates', {
      method: 'POST',
      body: { org: 'gov-org', fingerprint: client.opensslFingerprint, scope: 'read' },
    });
    expect(again.status).toBe(409);
    expect((await call('/taxii2/', { client })).status).toBe(200);
    const listed = await api('/api/v1/certificates?limit=500');
    expect(listed.json.items.map((c: { id: string }) => c.id)).toContain(created.json.id);
    expect((await api(`/api/v1/certificates/${created.json.id}`)).json.id).toBe(created.json.id);
    // A machine credential never administers, whatever its scope (docs/admin-api.md).
    expect((await call('/api/v1/certificates', { client })).status).toBe(403);
    const gone = await api(`/api/v1/certificates/${encodeURIComponent(added(client))}`, { method: 'DELETE' });
    expect(gone.status).toBe(204);
    expect((await call('/taxii2/', { client })).status).toBe(401);
    expect((await api(`/api/v1/certificates/${created.json.id}`)).json.revoked).toMatch(/^20\d\d-/);
    const doc = await api('/api/v1/openapi.json');
    expect(Object.keys(doc.json.paths)).toContain('/api/v1/certificates/{certificate}');
  });

  it('the CLI registers a certificate file, lists and revokes it (cairn cert)', async () => {
    const client = members.issue('via-cli');
    const env =
      t.hub.config.databaseUrl === undefined ? {} : { CAIRN_DATABASE_URL: t.hub.config.databaseUrl };
    const store = ['--data', t.dataDir, '--json'];
    const add = await runCli(
      ['cert', 'add', '--org', 'gov-org', '--cert-file', client.certFile, '--scope', 'read', ...store],
      { env },
    );
    expect(add.code, add.stderr).toBe(0);
    const record = JSON.parse(add.stdout);
    expect(record.fingerprint).toBe(added(client));
    expect((await call('/taxii2/', { client })).status).toBe(200);
    const list = await runCli(['cert', 'list', '--org', 'gov-org', ...store], { env });
    expect(JSON.parse(list.stdout).map((c: { id: string }) => c.id)).toContain(record.id);
    const revoke = await runCli(['cert', 'revoke', record.id, ...store], { env });
    expect(revoke.code, revoke.stderr).toBe(0);
    expect((await call('/taxii2/', { client })).status).toBe(401);
    const usage = await runCli(['cert', 'add', '--org', 'gov-org', ...store], { env });
    expect(usage.code).toBe(2);
  }, 60_000);
});

/** The canonical fingerprint of an issued certificate (openssl's output without its prefix). */
const added = (c: IssuedCertificate) => c.opensslFingerprint.split('=')[1] as string;
