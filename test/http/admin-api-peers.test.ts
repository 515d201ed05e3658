import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestResponse } from '../helpers/create-test-hub.js';
import { indicators } from '../helpers/stix-fixtures.js';
import { addOrg, addUser } from '../helpers/tenancy.js';

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };
const TOKEN_VAR = 'PEER_REMOTE_TOKEN';

/**
 * Federation peers through the admin API (docs/admin-api.md, docs/federation.md): hub B is
 * administered over real HTTP and pulls from hub A, a second real hub on loopback, with A's
 * token only in B's environment. Runs B on SQLite, or on PostgreSQL with CAIRN_TEST_BACKEND.
 */
describe(`federation peers in the admin API on ${process.env.CAIRN_TEST_BACKEND ?? 'sqlite'}`, () => {
  let remote: TestHub;
  let t: TestHub;
  let token: string;
  let reader: string;
  /** Every answer of this suite, to show that the secret never left the server in any of them. */
  const answers: TestResponse[] = [];
  const api = async (method: string, path: string, body?: unknown, auth?: string | null) => {
    const res = await t.request(method, path, {
      headers: JSON_HEADERS,
      ...(body === undefined ? {} : { body }),
      ...(auth === undefined ? {} : { auth }),
    });
    answers.push(res);
    return res;
  };
  const peerBody = (overrides: Record<string, unknown> = {}) => ({
    name: 'remote-a',
    url: `${remote.url}/hub`,
    collection: remote.collectionId,
    into: t.collectionId,
    org: 'peer-a',
    credential: `env:${TOKEN_VAR}`,
    ...overrides,
  });
  const auditOf = async (event: string) => {
    await t.hub.audit.flush();
    return t.hub.store.audit.list({ event, limit: 1000 });
  };

  beforeAll(async () => {
    remote = await startTestHub({}, { backend: 'sqlite' });
    ({ token } = await remote.hub.admin.createToken({ org: 'hub-operator', scope: 'read' }));
    const posted = await remote.request('POST', `/hub/collections/${remote.collectionId}/objects/`, {
      body: { objects: indicators(3) },
    });
    expect(posted.status).toBe(202);
    t = await startTestHub({ 'jobs.enabled': false }, { env: { [TOKEN_VAR]: token } });
    await addOrg(t, 'peer-a', 'international');
    reader = await addUser(t, 'hub-reader', 'peer-a', ['reader']);
  });
  afterAll(async () => {
    await Promise.all([remote.stop(), t.stop()]);
  });

  it('adds, lists, shows and removes a peer, auditing each change with the calling hub admin', async () => {
    const added = await api(
      'POST',
      '/api/v1/peers',
      peerBody({ name: 'short-lived', auth: 'basic:cairn', interval_ms: 60_000 }),
    );
    expect(added.status, added.text).toBe(201);
    expect(added.headers.get('content-type')).toBe('application/json');
    const org = await t.hub.store.tenancy.findOrganisation('peer-a');
    expect(added.json).toMatchObject({
      name: 'short-lived',
      url: `${remote.url}/hub/`,
      remote_collection_id: remote.collectionId,
      collection_id: t.collectionId,
      org_id: org?.id,
      credential: `env:${TOKEN_VAR}`,
      auth: 'basic:cairn',
      enabled: true,
      interval_ms: 60_000,
      position: {},
      counters: { received: 0, added: 0, duplicates: 0, rejected: 0 },
      recent_rejections: [],
    });
    expect(added.json.last_success).toBeUndefined();
    const [addAudit] = (await auditOf('peer.add')).slice(-1);
    expect(addAudit?.actor).toMatchObject({ kind: 'user', name: 'admin', address: '127.0.0.1' });
    expect(addAudit?.target).toEqual({ peerId: added.json.id, collectionId: t.collectionId, orgId: org?.id });
    expect(addAudit?.details).toMatchObject({ name: 'short-lived', auth: 'basic', outcome: 'success' });

    const shown = await api('GET', '/api/v1/peers/short-lived');
    expect(shown.status).toBe(200);
    expect(shown.json).toEqual(added.json);
    const listed = await api('GET', '/api/v1/peers');
    expect(listed.json.items.map((p: { name: string }) => p.name)).toContain('short-lived');
    expect(listed.json.more).toBe(false);

    expect((await api('DELETE', '/api/v1/peers/short-lived')).status).toBe(204);
    expect((await api('GET', '/api/v1/peers/short-lived')).status).toBe(404);
    const [removeAudit] = (await auditOf('peer.remove')).slice(-1);
    expect(removeAudit?.actor).toMatchObject({ kind: 'user', name: 'admin' });
    expect(removeAudit?.details).toMatchObject({
      name: 'short-lived',
      url: `${remote.url}/hub/`,
      outcome: 'success',
    });
  });

  it('answers a taken name with 409 and an unknown peer with 404, auditing the refused changes', async () => {
    expect((await api('POST', '/api/v1/peers', peerBody({ name: 'twice' }))).status).toBe(201);
    const again = await api('POST', '/api/v1/peers', peerBody({ name: 'twice' }));
    expect(again.status).toBe(409);
    expect(again.json.error_code).toBe('CAIRN_CONFLICT');
    expect((await auditOf('peer.add')).at(-1)?.details).toMatchObject({
      name: 'twice',
      outcome: 'failure',
      error: 'CAIRN_CONFLICT',
    });
    for (const [method, path] of [
      ['GET', '/api/v1/peers/nobody'],
      ['DELETE', '/api/v1/peers/nobody'],
      ['POST', '/api/v1/peers/nobody/pull'],
    ] as const) {
      const res = await api(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json.error_code).toBe('CAIRN_NOT_FOUND');
    }
    expect((await auditOf('peer.remove')).at(-1)?.details).toMatchObject({
      name: 'nobody',
      outcome: 'failure',
      error: 'CAIRN_NOT_FOUND',
    });
    expect((await api('DELETE', '/api/v1/peers/twice')).status).toBe(204);
  });

  it('pulls from the remote hub on demand, storing its objects, and shows the pull state', async () => {
    expect((await api('POST', '/api/v1/peers', peerBody())).status).toBe(201);
    const round = await api('POST', '/api/v1/peers/remote-a/pull');
    expect(round.status, round.text).toBe(200);
    expect(round.json).toMatchObject({
      peer: 'remote-a',
      received: 3,
      added: 3,
      duplicates: 0,
      rejected: 0,
      caught_up: true,
    });
    expect(round.json.error).toBeUndefined();
    expect(round.json.position.added_after).toEqual(expect.any(String));

    const objects = await t.request(
      'GET',
      `/hub/collections/${t.collectionId}/objects/?match[type]=indicator`,
    );
    expect(objects.status).toBe(200);
    expect(objects.json.objects).toHaveLength(3);

    const shown = await api('GET', '/api/v1/peers/remote-a');
    expect(shown.json).toMatchObject({
      counters: { received: 3, added: 3, duplicates: 0, rejected: 0 },
      position: { added_after: round.json.position.added_after },
    });
    expect(shown.json.last_success).toEqual(shown.json.last_attempt);
    expect(shown.json.last_error).toBeUndefined();

    const restarted = await api('POST', '/api/v1/peers/remote-a/pull?restart=true');
    expect(restarted.json).toMatchObject({ received: 3, added: 0, duplicates: 3, caught_up: true });
    const bad = await api('POST', '/api/v1/peers/remote-a/pull?restart=yes');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      error_code: 'CAIRN_BAD_QUERY_PARAMETER',
      details: { field: 'restart' },
    });
  });

  it('answers a round that fails with 200 and its error, which the peer then shows', async () => {
    expect(
      (await api('POST', '/api/v1/peers', peerBody({ name: 'unset', credential: 'env:PEER_NOT_SET' })))
        .status,
    ).toBe(201);
    const round = await api('POST', '/api/v1/peers/unset/pull');
    expect(round.status).toBe(200);
    expect(round.json).toMatchObject({ received: 0, caught_up: false });
    expect(round.json.error.code).toBe('CAIRN_PEER_CREDENTIAL_UNAVAILABLE');
    const shown = await api('GET', '/api/v1/peers/unset');
    expect(shown.json.last_error.code).toBe('CAIRN_PEER_CREDENTIAL_UNAVAILABLE');
    expect(shown.json.last_success).toBeUndefined();
  });

  describe('bad input gets a 400 naming the field, and adds nothing', () => {
    it.each([
      ['a bare secret as the credential', { credential: 'the-secret-itself' }, 'credential'],
      ["one of Cairn's own settings", { credential: 'env:CAIRN_ADMIN_PASSWORD' }, 'credential'],
      ['a relative file', { credential: 'file:secret.txt' }, 'credential'],
      ['a missing credential', { credential: undefined }, 'credential'],
      ['a URL that is not one', { url: 'not a url' }, 'url'],
      ['a URL with user information', { url: 'https://user:pw@isac.example/api1/' }, 'url'],
      ['an ftp URL', { url: 'ftp://isac.example/api1/' }, 'url'],
      ['an unknown local collection', { into: 'no-such-collection' }, 'into'],
      ['an unknown organisation', { org: 'nobody' }, 'org'],
      ['a name with a space', { name: 'has space' }, 'name'],
      ['an empty remote collection', { collection: ' ' }, 'collection'],
      ['a Basic user with a colon', { auth: 'basic:a:b' }, 'auth'],
      ['an unknown auth scheme', { auth: 'digest' }, 'auth'],
      ['an interval under a second', { interval_ms: 10 }, 'interval_ms'],
      ['an unknown field', { secret: 'x' }, 'secret'],
    ])('%s', async (_what, overrides, field) => {
      const res = await api('POST', '/api/v1/peers', peerBody({ name: 'refused', ...overrides }));
      expect(res.status, res.text).toBe(400);
      expect(res.json).toMatchObject({
        error_code: 'CAIRN_INVALID_INPUT',
        http_status: '400',
        details: { field },
      });
      expect((await api('GET', '/api/v1/peers/refused')).status).toBe(404);
    });
  });

  it('is for hub admins only: anyone else gets 403, audited as admin.refused', async () => {
    const res = await api('POST', '/api/v1/peers/remote-a/pull', undefined, reader);
    expect(res.status).toBe(403);
    expect((await auditOf('admin.refused')).at(-1)?.details).toEqual({
      method: 'POST',
      route: '/api/v1/peers/:peer/pull',
      error: 'CAIRN_FORBIDDEN',
    });
    expect((await api('GET', '/api/v1/peers', undefined, null)).status).toBe(401);
  });

  it('never lets the secret out: not in any answer, nor in the audit log', async () => {
    const bare = await api('POST', '/api/v1/peers', peerBody({ name: 'bare', credential: token }));
    expect(bare.status).toBe(400);
    expect(bare.json.details.field).toBe('credential');
    expect(answers.length).toBeGreaterThan(30);
    for (const res of answers) expect(res.text).not.toContain(token);
    await t.hub.audit.flush();
    const everything = await t.hub.store.audit.list({ limit: 10_000 });
    expect(everything.some((e) => e.event === 'peer.add')).toBe(true);
    expect(JSON.stringify(everything)).not.toContain(token);
  });
});
