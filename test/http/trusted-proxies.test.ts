import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/index.js';
import { basic, startTestHub, type TestHub } from '../helpers/create-test-hub.js';

/**
 * Issue 6 (docs/scale-out.md "Behind a load balancer"): `http.trustedProxies` makes the
 * client address the one X-Forwarded-For names, but only when the TCP peer is a trusted
 * proxy; the per-address rate limit, the login slow-down and the audit all use that one
 * address. The test client always connects from 127.0.0.1, so whether the peer is trusted is
 * chosen by each hub's configuration. Chains follow proxy-addr: the right-most hop that is
 * not a trusted proxy is the client, and anything to its left (which it could have written
 * itself) is ignored.
 */
const PER_ADDRESS = { 'limits.requestsPerSecondPerAddress': 1, 'limits.burstSeconds': 3 };
const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

let names = 0;
/** A user name no other request used, so its login failure is found alone in the audit. */
const unusedName = () => `nobody-${process.pid}-${++names}`;

/** Fails a login as a fresh user name with these headers and returns its audit entry. */
async function failedLoginAudit(t: TestHub, headers: Record<string, string>): Promise<AuditEntry> {
  const name = unusedName();
  const res = await t.request('GET', '/taxii2/', { auth: basic(name, 'wrong-password'), headers });
  expect(res.status).toBe(401);
  await t.hub.audit.flush();
  const entries = await t.hub.store.audit.list({ event: 'login.failure', actor: name });
  expect(entries).toHaveLength(1);
  return entries[0] as AuditEntry;
}

/**
 * Sends `count` unauthenticated requests (the address limit applies before authentication,
 * so none pays for a password check) and returns their statuses.
 */
async function statuses(t: TestHub, count: number, headers: (i: number) => Record<string, string>) {
  const out: number[] = [];
  for (let i = 0; i < count; i++)
    out.push((await t.request('GET', '/taxii2/', { auth: null, headers: headers(i) })).status);
  return out;
}

describe.each([
  { peer: 'no trusted proxies configured', trustedProxies: undefined },
  { peer: 'a peer outside http.trustedProxies', trustedProxies: '10.0.0.0/8, 192.0.2.1' },
])('$peer: a forged X-Forwarded-For changes nothing', ({ trustedProxies }) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({
      ...PER_ADDRESS,
      ...(trustedProxies === undefined ? {} : { 'http.trustedProxies': trustedProxies }),
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('audits a failed login at the peer address', async () => {
    const entry = await failedLoginAudit(t, { 'x-forwarded-for': '203.0.113.7' });
    expect(entry.actor.address).toBe('127.0.0.1');
  });

  it('audits an admin change at the peer address', async () => {
    const res = await t.request('POST', '/api/v1/organisations', {
      headers: { ...JSON_HEADERS, 'x-forwarded-for': '10.1.2.3' },
      body: { name: `org-${process.pid}`, class: 'private' },
    });
    expect(res.status).toBe(201);
    await t.hub.audit.flush();
    const entries = await t.hub.store.audit.list({ event: 'org.add' });
    expect(entries.at(-1)?.actor).toMatchObject({ name: 'admin', address: '127.0.0.1' });
  });

  // Last: it spends the peer's bucket.
  it('counts every request against the peer, whatever address each one claims', async () => {
    const seen = await statuses(t, 8, (i) => ({ 'x-forwarded-for': `198.51.100.${i + 1}` }));
    expect(seen).toContain(429);
    expect(seen.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  });
});

describe('a trusted proxy: the forwarded client is the address', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ ...PER_ADDRESS, 'http.trustedProxies': '127.0.0.1, 10.0.0.0/8' });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('audits a failed login at the forwarded address', async () => {
    const entry = await failedLoginAudit(t, { 'x-forwarded-for': '203.0.113.7' });
    expect(entry.actor.address).toBe('203.0.113.7');
  });

  it('audits an admin change at the forwarded address', async () => {
    const res = await t.request('POST', '/api/v1/organisations', {
      headers: { ...JSON_HEADERS, 'x-forwarded-for': '203.0.113.8' },
      body: { name: `org-${process.pid}`, class: 'private' },
    });
    expect(res.status).toBe(201);
    await t.hub.audit.flush();
    const entries = await t.hub.store.audit.list({ event: 'org.add' });
    expect(entries.at(-1)?.actor).toMatchObject({ name: 'admin', address: '203.0.113.8' });
  });

  it('takes the right-most untrusted hop of a chain, ignoring what the client wrote before it', async () => {
    // The client forged 192.0.2.66; 203.0.113.9 is what the first trusted proxy (10.1.2.3) saw.
    const entry = await failedLoginAudit(t, { 'x-forwarded-for': '192.0.2.66, 203.0.113.9, 10.1.2.3' });
    expect(entry.actor.address).toBe('203.0.113.9');
  });

  it('takes the left-most hop when every hop is a trusted proxy', async () => {
    const entry = await failedLoginAudit(t, { 'x-forwarded-for': '10.9.9.9, 10.1.2.3' });
    expect(entry.actor.address).toBe('10.9.9.9');
  });

  it('keeps the peer address when a trusted proxy forwards no header', async () => {
    const entry = await failedLoginAudit(t, {});
    expect(entry.actor.address).toBe('127.0.0.1');
  });

  it('limits each forwarded client on its own, not the proxy they share', async () => {
    const limited = await statuses(t, 8, () => ({ 'x-forwarded-for': '198.51.100.1' }));
    expect(limited).toContain(429);
    // Another client behind the same proxy, and the proxy itself, still have their buckets.
    expect(await statuses(t, 1, () => ({ 'x-forwarded-for': '198.51.100.2' }))).toEqual([401]);
    expect(await statuses(t, 1, () => ({}))).toEqual([401]);
  });
});
