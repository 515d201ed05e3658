import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { indicator } from '../helpers/stix-fixtures.js';

const JSON_TYPE = { 'content-type': 'application/json', accept: 'application/json' };

describe('POST /api/v1/match', () => {
  let t: TestHub;
  const evilIp = indicator({ name: 'C2 address', pattern: "[ipv4-addr:value = '203.0.113.9']" });
  const evilNet = indicator({ name: 'Bad network', pattern: "[ipv4-addr:value ISSUBSET '198.51.100.0/24']" });
  const revoked = indicator({ name: 'Retired', pattern: "[domain-name:value = 'old.example']" });
  const expired = indicator({
    name: 'Expired',
    pattern: "[domain-name:value = 'gone.example']",
    valid_until: '2026-01-02T00:00:00Z',
  });
  let outsider: string;

  beforeAll(async () => {
    t = await startTestHub();
    const post = await t.request('POST', `/hub/collections/${t.collectionId}/objects/`, {
      body: { objects: [evilIp, evilNet, revoked, expired] },
    });
    expect(post.json.success_count).toBe(4);
    await t.request('POST', `/hub/collections/${t.collectionId}/objects/`, {
      body: { objects: [{ ...revoked, modified: '2026-02-01T00:00:00.000Z', revoked: true }] },
    });
    await t.hub.admin.addOrganisation('outsider-org', 'private');
    await t.hub.admin.addUser('outsider', {
      org: 'outsider-org',
      roles: ['analyst'],
      password: 'outsider-password-1',
    });
    outsider = basic('outsider', 'outsider-password-1');
  });
  afterAll(async () => {
    await t.stop();
  });

  it('matches bare SCOs against equality and CIDR indicators of readable collections', async () => {
    const res = await t.request('POST', '/api/v1/match', {
      headers: JSON_TYPE,
      body: {
        observations: [
          { type: 'ipv4-addr', value: '203.0.113.9' },
          { type: 'ipv4-addr', value: '198.51.100.77' },
          { type: 'ipv4-addr', value: '192.0.2.1' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.json.matches).toEqual([
      { input: 0, indicator: evilIp.id, name: 'C2 address', collection: t.collectionId },
      { input: 1, indicator: evilNet.id, name: 'Bad network', collection: t.collectionId },
    ]);
  });

  it('ignores revoked and expired indicators', async () => {
    const res = await t.request('POST', '/api/v1/match', {
      headers: JSON_TYPE,
      body: {
        observations: [
          { type: 'domain-name', value: 'old.example' },
          { type: 'domain-name', value: 'gone.example' },
        ],
      },
    });
    expect(res.json.matches).toEqual([]);
  });

  it('reads observed-data bundles as observations', async () => {
    const ip = {
      type: 'ipv4-addr',
      spec_version: '2.1',
      id: `ipv4-addr--${randomUUID()}`,
      value: '203.0.113.9',
    };
    const bundle = {
      type: 'bundle',
      id: `bundle--${randomUUID()}`,
      objects: [
        ip,
        {
          type: 'observed-data',
          id: `observed-data--${randomUUID()}`,
          first_observed: '2026-03-01T00:00:00Z',
          last_observed: '2026-03-01T00:00:00Z',
          number_observed: 1,
          object_refs: [ip.id],
        },
      ],
    };
    const res = await t.request('POST', '/api/v1/match', { headers: JSON_TYPE, body: bundle });
    expect(res.json.matches.map((m: { indicator: string }) => m.indicator)).toEqual([evilIp.id]);
  });

  it('sees indicators added after the index was built', async () => {
    const late = indicator({ name: 'Late', pattern: "[url:value = 'http://late.example/x']" });
    await t.request('POST', `/hub/collections/${t.collectionId}/objects/`, { body: { objects: [late] } });
    const res = await t.request('POST', '/api/v1/match', {
      headers: JSON_TYPE,
      body: { type: 'url', value: 'http://late.example/x' },
    });
    expect(res.json.matches.map((m: { indicator: string }) => m.indicator)).toEqual([late.id]);
  });

  it('honours the caller’s rights: no matches from collections it cannot read, 404 when named', async () => {
    const all = await t.request('POST', '/api/v1/match', {
      auth: outsider,
      headers: JSON_TYPE,
      body: { type: 'ipv4-addr', value: '203.0.113.9' },
    });
    expect(all.json.matches).toEqual([]);
    const named = await t.request('POST', '/api/v1/match', {
      auth: outsider,
      headers: JSON_TYPE,
      body: { observations: [{ type: 'ipv4-addr', value: '203.0.113.9' }], collections: [t.collectionId] },
    });
    expect(named.status).toBe(404);
  });

  it('applies the sharing rules to matches: no RED or AMBER+STRICT indicator leaks through', async () => {
    await t.hub.admin.addOrganisation('mssp', 'provider');
    await t.hub.admin.addMember('hub', 'mssp');
    await t.hub.admin.addOrganisation('member-bank', 'private');
    await t.hub.admin.addMember('hub', 'member-bank');
    await t.hub.admin.addUser('mssp-reader', {
      org: 'mssp',
      roles: ['reader'],
      password: 'mssp-reader-password',
    });
    await t.hub.admin.addUser('bank-reader', {
      org: 'member-bank',
      roles: ['reader'],
      password: 'bank-reader-password',
    });
    const red = indicator({
      pattern: "[domain-name:value = 'red.example']",
      object_marking_refs: ['marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1'],
    });
    const strict = indicator({
      pattern: "[domain-name:value = 'strict.example']",
      object_marking_refs: ['marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003'],
    });
    await t.request('POST', `/hub/collections/${t.collectionId}/objects/`, {
      body: { objects: [red, strict] },
    });
    const seen = async (auth: string) =>
      (
        await t.request('POST', '/api/v1/match', {
          auth,
          headers: JSON_TYPE,
          body: {
            observations: [
              { type: 'domain-name', value: 'red.example' },
              { type: 'domain-name', value: 'strict.example' },
            ],
          },
        })
      ).json.matches.map((m: { indicator: string }) => m.indicator);
    expect(await seen(basic('mssp-reader', 'mssp-reader-password'))).toEqual([]);
    expect(await seen(basic('bank-reader', 'bank-reader-password'))).toEqual([strict.id]);
    expect(await seen(t.adminAuth)).toEqual([red.id, strict.id]);
  });

  it('refuses bad input with a clear error, never a 500', async () => {
    expect((await t.request('POST', '/api/v1/match', { headers: JSON_TYPE, body: '{nope' })).status).toBe(
      400,
    );
    expect((await t.request('POST', '/api/v1/match', { headers: JSON_TYPE, body: '[1,2]' })).status).toBe(
      400,
    );
    expect((await t.request('POST', '/api/v1/match', { headers: JSON_TYPE, body: { foo: 1 } })).status).toBe(
      400,
    );
    const wrongType = await t.request('POST', '/api/v1/match', {
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(wrongType.status).toBe(415);
    expect(
      (await t.request('POST', '/api/v1/match', { auth: null, headers: JSON_TYPE, body: {} })).status,
    ).toBe(401);
  });
});
