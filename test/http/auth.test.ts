import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator, createLoginThrottle } from '../../src/auth/index.js';
import { basic, startTestHub, TAXII, type TestHub } from '../helpers/create-test-hub.js';
import { envelope, indicator } from '../helpers/stix-fixtures.js';
import { addCommunity, addOrg, addUser, USER_PASSWORD } from '../helpers/tenancy.js';

describe('authentication', () => {
  let t: TestHub;
  let analyst: string;
  let readToken: string;
  let writeToken: string;
  let objects: string;

  beforeAll(async () => {
    t = await startTestHub();
    objects = `/hub/collections/${t.collectionId}/objects/`;
    await addOrg(t, 'acme');
    await t.hub.admin.addMember('hub', 'acme');
    analyst = await addUser(t, 'acme-analyst', 'acme', ['analyst']);
    readToken = (await t.hub.admin.createToken({ org: 'acme', scope: 'read' })).token;
    writeToken = (await t.hub.admin.createToken({ org: 'acme', scope: 'write' })).token;
  });
  afterAll(async () => {
    await t.stop();
  });

  const expect401 = (res: { status: number; headers: Headers; json: Record<string, unknown> }) => {
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="[^"]+"/);
    expect(res.headers.get('content-type')).toBe(TAXII);
    expect(res.json).toMatchObject({ http_status: '401', error_code: 'CAIRN_UNAUTHENTICATED' });
  };

  it('T012 T013 A6 no credentials: 401 with WWW-Authenticate on every endpoint', async () => {
    for (const [method, path] of [
      ['GET', '/taxii2/'],
      ['GET', '/hub/'],
      ['GET', '/hub/collections/'],
      ['GET', `/hub/collections/${t.collectionId}/`],
      ['GET', objects],
      ['POST', objects],
      ['GET', `/hub/collections/${t.collectionId}/manifest/`],
      ['GET', `${objects}indicator--0b0fb2cc-5a55-4a1b-8e4a-3b1c3f2d9a10/`],
      ['DELETE', `${objects}indicator--0b0fb2cc-5a55-4a1b-8e4a-3b1c3f2d9a10/`],
      ['GET', `${objects}indicator--0b0fb2cc-5a55-4a1b-8e4a-3b1c3f2d9a10/versions/`],
      ['GET', '/hub/status/0d5ac1b5-4b3c-4c5e-9c9b-1e1f7c7e7d7a/'],
      ['GET', '/unknown-root/'],
    ] as const) {
      const res = await t.request(method, path, {
        auth: null,
        ...(method === 'POST' ? { body: envelope([indicator()]) } : {}),
      });
      expect401(res);
    }
  });

  it('T012 a wrong password is 401 with WWW-Authenticate', async () => {
    expect401(await t.request('GET', '/taxii2/', { auth: basic('acme-analyst', 'wrong password!!') }));
  });

  it('T012 an unknown user is 401, answered like a wrong password', async () => {
    const res = await t.request('GET', '/taxii2/', { auth: basic('nobody-here', USER_PASSWORD) });
    expect401(res);
    const wrong = await t.request('GET', '/taxii2/', { auth: basic('acme-analyst', 'not the password') });
    expect(res.json.description).toBe(wrong.json.description);
  });

  it('T012 malformed Authorization headers are 401, never 500', async () => {
    for (const auth of [
      'Basic',
      'Basic !!!!',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      `Basic ${Buffer.from(':').toString('base64')}`,
      `Basic ${Buffer.from('acme-analyst:').toString('base64')}`,
      'Digest username="admin"',
      'Bearer',
      'Bearer not-a-token',
      `Bearer cairn_${'0'.repeat(32)}_${'A'.repeat(43)}`,
      `Basic ${'A'.repeat(5000)}`,
    ]) {
      expect401(await t.request('GET', '/taxii2/', { auth }));
    }
  });

  it('T009 HTTP Basic with a user password works', async () => {
    const res = await t.request('GET', '/hub/collections/', { auth: analyst });
    expect(res.status).toBe(200);
  });

  it('concurrent requests with one credential share one password check (one login.success)', async () => {
    const auth = await addUser(t, 'acme-burst', 'acme', ['reader']);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => t.request('GET', '/hub/collections/', { auth })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    await t.hub.audit.flush();
    const successes = await t.hub.store.audit.list({ event: 'login.success' });
    expect(successes.filter((e) => e.actor.name === 'acme-burst')).toHaveLength(1);
  });

  it('T011 an API token works as the Basic password (any user name) and as a Bearer token', async () => {
    for (const auth of [basic('acme', readToken), basic('anything', readToken), `Bearer ${readToken}`]) {
      const res = await t.request('GET', objects, { auth });
      expect(res.status, auth.slice(0, 12)).toBe(200);
    }
  });

  it('a token with its secret altered is refused', async () => {
    const altered = `${readToken.slice(0, -2)}${readToken.endsWith('AA') ? 'BB' : 'AA'}`;
    expect401(await t.request('GET', objects, { auth: `Bearer ${altered}` }));
  });

  it('a read-scoped token cannot POST (403); a write-scoped one can (202)', async () => {
    const read = await t.request('POST', objects, {
      auth: `Bearer ${readToken}`,
      body: envelope([indicator()]),
    });
    expect(read.status).toBe(403);
    expect(read.json.error_code).toBe('CAIRN_FORBIDDEN');
    const write = await t.request('POST', objects, {
      auth: `Bearer ${writeToken}`,
      body: envelope([indicator()]),
    });
    expect(write.status).toBe(202);
  });

  it('a revoked token is refused at once, even right after a successful use', async () => {
    const { record, token } = await t.hub.admin.createToken({ org: 'acme', scope: 'read' });
    expect((await t.request('GET', objects, { auth: `Bearer ${token}` })).status).toBe(200);
    await t.hub.admin.revokeToken(record.id);
    expect401(await t.request('GET', objects, { auth: `Bearer ${token}` }));
    expect401(await t.request('GET', objects, { auth: basic('x', token) }));
  });

  it('an expired token is refused', async () => {
    const { token } = await t.hub.admin.createToken({
      org: 'acme',
      scope: 'read',
      expiresAt: Date.now() * 1000 - 1_000_000,
    });
    expect401(await t.request('GET', objects, { auth: `Bearer ${token}` }));
  });

  it('a removed user is refused at once', async () => {
    const auth = await addUser(t, 'short-lived', 'acme', ['reader']);
    expect((await t.request('GET', '/taxii2/', { auth })).status).toBe(200);
    await t.hub.admin.removeUser('short-lived');
    expect401(await t.request('GET', '/taxii2/', { auth }));
  });

  it('T008 org and role grants drive access: an organisation outside the community sees 404', async () => {
    await addCommunity(t, 'isac');
    await addOrg(t, 'gamma');
    await t.hub.admin.addMember('isac', 'gamma');
    const gamma = (await t.hub.admin.createToken({ org: 'gamma', scope: 'write' })).token;
    const root = await t.request('GET', '/hub/', { auth: `Bearer ${gamma}` });
    expect(root.status).toBe(404);
    const post = await t.request('POST', objects, { auth: `Bearer ${gamma}`, body: envelope([indicator()]) });
    expect(post.status).toBe(404);
    const own = await t.request('GET', '/isac/', { auth: `Bearer ${gamma}` });
    expect(own.status).toBe(200);
  });

  it('repeated failed logins for one user are slowed down, and a success clears the count', async () => {
    // The hub's own store and a throttle we can inspect; the HTTP path uses the same authenticator.
    const throttle = createLoginThrottle({ freeAttempts: 3, baseDelayMs: 1, maxDelayMs: 8 });
    const authenticator = createAuthenticator(t.hub.store, { throttle });
    const keys = ['user:acme-analyst'];
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      delays.push(await throttle.delayFor(keys));
      expect(
        await authenticator.authenticate(basic('acme-analyst', `wrong password ${i}`), '203.0.113.9'),
      ).toBeNull();
    }
    expect(delays).toEqual([0, 0, 0, 1, 2, 4]);
    expect(await throttle.delayFor(['addr:203.0.113.9'])).toBe(8);
    const ok = await authenticator.authenticate(analyst, '203.0.113.9');
    expect(ok?.name).toBe('acme-analyst');
    expect(await throttle.delayFor(keys)).toBe(0);
  });

  it('failed logins over HTTP do not lock out the right password', async () => {
    const auth = await addUser(t, 'retry-user', 'acme', ['reader']);
    for (let i = 0; i < 3; i++) {
      expect401(await t.request('GET', '/taxii2/', { auth: basic('retry-user', `bad password ${i}`) }));
    }
    expect((await t.request('GET', '/taxii2/', { auth })).status).toBe(200);
  });
});
