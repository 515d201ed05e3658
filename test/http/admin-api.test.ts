import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath } from '../../src/http/openapi.js';
import { ADMIN_ROUTES } from '../../src/http/routes/admin-api.js';
import { basic, type RequestOptions, startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { registeredRoutes } from '../helpers/registered-routes.js';
import { addCommunity, addOrg, addUser, USER_PASSWORD } from '../helpers/tenancy.js';

interface OpenApiOperation {
  readonly operationId: string;
  readonly parameters?: readonly { readonly name: string; readonly in: string }[];
  readonly responses: Record<string, unknown>;
}

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

describe('the admin API (issue 5) over real HTTP', () => {
  let t: TestHub;
  let alphaAdmin: string;
  let alphaReader: string;
  const api = (method: string, path: string, body?: unknown, options: RequestOptions = {}) =>
    t.request(method, path, {
      ...options,
      headers: { ...JSON_HEADERS, ...options.headers },
      ...(body === undefined ? {} : { body }),
    });
  const lastAudit = async (event: string) => {
    await t.hub.audit.flush();
    const entries = await t.hub.store.audit.list({ event, limit: 1000 });
    return entries.at(-1);
  };

  beforeAll(async () => {
    t = await startTestHub();
    await addOrg(t, 'alpha-org');
    await addOrg(t, 'gamma-org');
    await addCommunity(t, 'alpha');
    await t.hub.admin.addMember('alpha', 'alpha-org');
    alphaAdmin = await addUser(t, 'alpha-admin', 'alpha-org', ['community-admin@alpha']);
    alphaReader = await addUser(t, 'alpha-reader', 'alpha-org', ['reader@alpha']);
  });
  afterAll(async () => {
    await t.stop();
  });

  describe('organisations', () => {
    it('creates, reads and lists organisations as JSON, auditing the hub admin as actor', async () => {
      const created = await api('POST', '/api/v1/organisations', { name: 'delta-org', class: 'government' });
      expect(created.status).toBe(201);
      expect(created.headers.get('content-type')).toBe('application/json');
      expect(created.json).toMatchObject({ name: 'delta-org', class: 'government' });
      expect(created.json.identity_id).toMatch(/^identity--/);
      const one = await api('GET', `/api/v1/organisations/${created.json.id}`);
      expect(one.json).toEqual(created.json);
      const byName = await api('GET', '/api/v1/organisations/delta-org');
      expect(byName.json.id).toBe(created.json.id);
      const list = await api('GET', '/api/v1/organisations');
      expect(list.json.items.map((o: { name: string }) => o.name)).toContain('delta-org');
      const audit = await lastAudit('org.add');
      expect(audit?.actor).toMatchObject({ kind: 'user', name: 'admin', address: '127.0.0.1' });
      expect(audit?.target).toEqual({ orgId: created.json.id });
      expect(audit?.details).toMatchObject({ name: 'delta-org', outcome: 'success' });
    });

    it('answers a taken name with 409 and audits the refusal', async () => {
      const res = await api('POST', '/api/v1/organisations', { name: 'alpha-org', class: 'private' });
      expect(res.status).toBe(409);
      expect(res.json.error_code).toBe('CAIRN_CONFLICT');
      expect((await lastAudit('org.add'))?.details).toMatchObject({
        outcome: 'failure',
        error: 'CAIRN_CONFLICT',
      });
    });

    it('answers an unknown organisation with 404', async () => {
      expect((await api('GET', '/api/v1/organisations/no-such-org')).status).toBe(404);
    });
  });

  describe('bad input gets a 400 error resource naming the field', () => {
    it.each([
      ['a bad class', { name: 'x-org', class: 'pirate' }, 'class'],
      ['a missing class', { name: 'x-org' }, 'class'],
      ['a name with a space', { name: 'x org', class: 'private' }, 'name'],
      ['a name too long', { name: 'x'.repeat(64), class: 'private' }, 'name'],
      ['a number for a name', { name: 42, class: 'private' }, 'name'],
      ['an unknown field', { name: 'x-org', class: 'private', colour: 'red' }, 'colour'],
      ['a list for a body', [1, 2], '(body)'],
    ])('%s', async (_what, body, field) => {
      const res = await api('POST', '/api/v1/organisations', body);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({
        error_code: 'CAIRN_INVALID_INPUT',
        http_status: '400',
        details: { field },
      });
      expect(res.json.title).toEqual(expect.any(String));
    });

    it('rejects a body that is not JSON with 400, and one that is not application/json with 415', async () => {
      const broken = await api('POST', '/api/v1/organisations', '{"name":');
      expect(broken.status).toBe(400);
      expect(broken.json.details).toEqual({ field: '(body)' });
      const taxii = await api(
        'POST',
        '/api/v1/organisations',
        { name: 'y-org', class: 'private' },
        {
          headers: { 'content-type': 'application/taxii+json;version=2.1' },
        },
      );
      expect(taxii.status).toBe(415);
    });

    it('rejects a body over 64 KiB with 413', async () => {
      const res = await api('POST', '/api/v1/organisations', {
        name: 'z-org',
        class: 'private',
        pad: 'x'.repeat(70_000),
      });
      expect(res.status).toBe(413);
    });

    it('rejects an unknown query parameter, a bad limit and a forged cursor with 400', async () => {
      for (const [query, field] of [
        ['colour=red', 'colour'],
        ['limit=0', 'limit'],
        ['limit=501', 'limit'],
        ['limit=abc', 'limit'],
        ['next=not-ours', 'next'],
      ]) {
        const res = await api('GET', `/api/v1/organisations?${query}`);
        expect(res.status, query).toBe(400);
        expect(res.json.details, query).toEqual({ field });
      }
    });
  });

  describe('users', () => {
    it('creates, reads, lists and removes users; password hashes never leave the server', async () => {
      const created = await api('POST', '/api/v1/users', {
        name: 'new-analyst',
        org: 'alpha-org',
        roles: ['analyst@alpha', 'reader'],
        password: 'a long enough password',
        pcii_certified: true,
      });
      expect(created.status).toBe(201);
      const alpha = (await t.hub.store.tenancy.findCommunity('alpha'))?.id;
      expect(created.json).toMatchObject({
        name: 'new-analyst',
        pcii_certified: true,
        roles: [{ role: 'analyst', community_id: alpha }, { role: 'reader' }],
      });
      const list = await api('GET', '/api/v1/users?limit=500');
      const one = await api('GET', '/api/v1/users/new-analyst');
      for (const res of [created, list, one]) {
        expect(res.text).not.toMatch(/scrypt|password/i);
      }
      expect(one.json).toEqual(created.json);
      const login = await t.request('GET', '/taxii2/', {
        auth: basic('new-analyst', 'a long enough password'),
      });
      expect(login.status).toBe(200);
      expect((await lastAudit('user.add'))?.actor).toMatchObject({ kind: 'user', name: 'admin' });

      expect((await api('DELETE', '/api/v1/users/new-analyst')).status).toBe(204);
      expect((await api('GET', '/api/v1/users/new-analyst')).status).toBe(404);
      expect((await api('DELETE', '/api/v1/users/new-analyst')).status).toBe(404);
      expect((await lastAudit('user.remove'))?.details).toMatchObject({
        name: 'new-analyst',
        outcome: 'success',
      });
    });

    it('refuses to let a hub admin remove its own account (409)', async () => {
      const res = await api('DELETE', '/api/v1/users/admin');
      expect(res.status).toBe(409);
      expect(await t.hub.store.tenancy.findUser('admin')).toBeDefined();
    });

    it.each([
      ['a short password', { password: 'short' }, 'password'],
      ['an unknown organisation', { org: 'no-such-org' }, 'org'],
      ['an unknown role', { roles: ['emperor'] }, 'roles[0]'],
      ['a role in an unknown community', { roles: ['reader', 'analyst@nowhere'] }, 'roles[1]'],
      ['too many roles', { roles: Array.from({ length: 51 }, () => 'reader') }, 'roles'],
      ['a non-boolean flag', { pcii_certified: 'yes' }, 'pcii_certified'],
    ])('rejects %s with 400 naming the field', async (_what, change, field) => {
      const body = {
        name: 'bad-user',
        org: 'alpha-org',
        roles: ['reader'],
        password: USER_PASSWORD,
        ...change,
      };
      const res = await api('POST', '/api/v1/users', body);
      expect(res.status).toBe(400);
      expect(res.json.details).toEqual({ field });
    });
  });

  describe('tokens', () => {
    it('returns the secret exactly once, never lists it, and revokes tokens', async () => {
      const created = await api('POST', '/api/v1/tokens', {
        org: 'alpha-org',
        scope: 'read',
        name: 'siem feed',
      });
      expect(created.status).toBe(201);
      const secret: string = created.json.token;
      expect(secret.length).toBeGreaterThan(20);
      expect(created.json).toMatchObject({ name: 'siem feed', scope: 'read' });
      const list = await api('GET', '/api/v1/tokens');
      const one = await api('GET', `/api/v1/tokens/${created.json.id}`);
      for (const res of [list, one]) {
        expect(res.status).toBe(200);
        expect(res.text).not.toContain(secret);
        expect(res.text).not.toContain(secret.slice(-20));
        expect(res.text).not.toMatch(/scrypt|secret|"token"/);
      }
      expect(one.json).toEqual({ ...created.json, token: undefined });
      expect((await t.request('GET', '/taxii2/', { auth: `Bearer ${secret}` })).status).toBe(200);
      const audit = await lastAudit('token.create');
      expect(audit?.actor).toMatchObject({ kind: 'user', name: 'admin' });
      expect(JSON.stringify(audit)).not.toContain(secret);

      expect((await api('DELETE', `/api/v1/tokens/${created.json.id}`)).status).toBe(204);
      expect((await api('GET', `/api/v1/tokens/${created.json.id}`)).json.revoked).toEqual(
        expect.any(String),
      );
      expect((await t.request('GET', '/taxii2/', { auth: `Bearer ${secret}` })).status).toBe(401);
      expect((await lastAudit('token.revoke'))?.target).toEqual({ tokenId: created.json.id });
      expect((await api('DELETE', `/api/v1/tokens/${created.json.id}`)).status).toBe(404);
    });

    it('keeps an expiry and rejects one in the past, a bad scope and an unknown organisation', async () => {
      const ok = await api('POST', '/api/v1/tokens', {
        org: 'alpha-org',
        scope: 'write',
        expires: '2099-01-01T00:00:00Z',
      });
      expect(ok.status).toBe(201);
      expect(ok.json.expires).toBe('2099-01-01T00:00:00.000000Z');
      for (const [body, field] of [
        [{ org: 'alpha-org', scope: 'read', expires: '2001-01-01T00:00:00Z' }, 'expires'],
        [{ org: 'alpha-org', scope: 'read', expires: 'tomorrow' }, 'expires'],
        [{ org: 'alpha-org', scope: 'admin' }, 'scope'],
        [{ org: 'no-such-org', scope: 'read' }, 'org'],
      ] as const) {
        const res = await api('POST', '/api/v1/tokens', body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.json.details).toEqual({ field });
      }
    });
  });

  describe('communities and their settings', () => {
    it('creates a community that serves as an API root at once', async () => {
      const res = await api('POST', '/api/v1/communities', {
        name: 'energy',
        title: 'Energy ISAC',
        kind: 'isac',
        sector: 'energy',
        default_tlp: 'green',
        pii_mode: 'hold',
      });
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({
        name: 'energy',
        default_tlp: 'green',
        pii_mode: 'hold',
        kind: 'isac',
      });
      expect((await t.request('GET', '/energy/')).status).toBe(200);
      expect((await lastAudit('community.add'))?.actor).toMatchObject({ name: 'admin' });
    });

    it.each([
      [{ name: 'taxii2' }, 'name'],
      [{ name: 'Upper' }, 'name'],
      [{ name: 'x1', default_tlp: 'purple' }, 'default_tlp'],
      [{ name: 'x2', max_content_length: 1024 * 1024 * 1024 }, 'max_content_length'],
      [{ name: 'x3', max_content_length: 10 }, 'max_content_length'],
    ])('rejects %j with 400 naming the field', async (body, field) => {
      const res = await api('POST', '/api/v1/communities', body);
      expect(res.status).toBe(400);
      if (field !== 'name' || body.name !== 'taxii2') expect(res.json.details).toEqual({ field });
    });

    it('lets a community admin read and change its own community, auditing it as the actor', async () => {
      const got = await api('GET', '/api/v1/communities/alpha', undefined, { auth: alphaAdmin });
      expect(got.status).toBe(200);
      expect(got.json.pii_mode).toBe('redact');
      const changed = await api(
        'PATCH',
        '/api/v1/communities/alpha',
        { pii_mode: 'hold' },
        { auth: alphaAdmin },
      );
      expect(changed.status).toBe(200);
      expect(changed.json.pii_mode).toBe('hold');
      expect((await t.hub.store.tenancy.findCommunity('alpha'))?.piiMode).toBe('hold');
      const audit = await lastAudit('community.pii-mode.set');
      expect(audit?.actor).toMatchObject({ kind: 'user', name: 'alpha-admin' });
      const bad = await api(
        'PATCH',
        '/api/v1/communities/alpha',
        { pii_mode: 'shred' },
        { auth: alphaAdmin },
      );
      expect(bad.json.details).toEqual({ field: 'pii_mode' });
      const other = await api(
        'PATCH',
        '/api/v1/communities/alpha',
        { default_tlp: 'red' },
        { auth: alphaAdmin },
      );
      expect(other.json.details).toEqual({ field: 'default_tlp' });
    });

    it('lists every community to hub admins and only its own to a community admin', async () => {
      const all = await api('GET', '/api/v1/communities');
      expect(all.json.items.map((c: { name: string }) => c.name)).toEqual(
        expect.arrayContaining(['hub', 'alpha', 'energy']),
      );
      const own = await api('GET', '/api/v1/communities', undefined, { auth: alphaAdmin });
      expect(own.json.items.map((c: { name: string }) => c.name)).toEqual(['alpha']);
    });
  });

  describe('membership', () => {
    it('lets a community admin add, list and remove member organisations', async () => {
      const opts = { auth: alphaAdmin };
      expect((await api('PUT', '/api/v1/communities/alpha/members/gamma-org', undefined, opts)).status).toBe(
        204,
      );
      const members = await api('GET', '/api/v1/communities/alpha/members', undefined, opts);
      expect(members.json.items.map((o: { name: string }) => o.name)).toEqual(['alpha-org', 'gamma-org']);
      expect((await lastAudit('community.member.add'))?.actor).toMatchObject({ name: 'alpha-admin' });
      expect(
        (await api('DELETE', '/api/v1/communities/alpha/members/gamma-org', undefined, opts)).status,
      ).toBe(204);
      expect((await lastAudit('community.member.remove'))?.details).toMatchObject({ outcome: 'success' });
      expect(
        (await api('DELETE', '/api/v1/communities/alpha/members/gamma-org', undefined, opts)).status,
      ).toBe(404);
      expect(
        (await api('PUT', '/api/v1/communities/alpha/members/no-such-org', undefined, opts)).status,
      ).toBe(404);
    });
  });

  describe('collections and grants', () => {
    it('creates a collection with grants and a validation policy that TAXII then applies', async () => {
      const res = await api(
        'POST',
        '/api/v1/communities/alpha/collections',
        {
          title: 'Alpha indicators',
          alias: 'alpha-ind',
          read: ['members'],
          write: ['role:analyst', 'org:alpha-org'],
          policy: { require_markings: true, max_object_bytes: 4096 },
        },
        { auth: alphaAdmin },
      );
      expect(res.status).toBe(201);
      const org = await t.hub.store.tenancy.findOrganisation('alpha-org');
      expect(res.json).toMatchObject({
        title: 'Alpha indicators',
        alias: 'alpha-ind',
        read_grants: ['members'],
        write_grants: ['role:analyst', `org:${org?.id}`],
        policy: { require_markings: true, max_object_bytes: 4096 },
      });
      const byAlias = await api('GET', '/api/v1/communities/alpha/collections/alpha-ind', undefined, {
        auth: alphaAdmin,
      });
      expect(byAlias.json).toEqual(res.json);
      const list = await api('GET', '/api/v1/communities/alpha/collections', undefined, { auth: alphaAdmin });
      expect(list.json.items.map((c: { id: string }) => c.id)).toContain(res.json.id);
      const taxii = await t.request('GET', `/alpha/collections/${res.json.id}/`, { auth: alphaReader });
      // alpha-reader holds no write role, but its organisation has the org grant.
      expect(taxii.json).toMatchObject({ id: res.json.id, can_read: true, can_write: true });
      expect((await lastAudit('collection.add'))?.actor).toMatchObject({ name: 'alpha-admin' });
    });

    it('rejects grants to organisations outside the community, whether they exist or not', async () => {
      for (const org of ['gamma-org', 'no-such-org']) {
        const res = await api('POST', '/api/v1/communities/alpha/collections', {
          title: 'x',
          write: ['members', `org:${org}`],
        });
        expect(res.status).toBe(400);
        expect(res.json.details).toEqual({ field: 'write[1]' });
        expect(res.json.description).toBe(`"${org}" is not a member organisation of "alpha"`);
      }
    });

    it.each([
      [{ title: '' }, 'title'],
      [{ title: 'x', read: ['everyone'] }, 'read[0]'],
      [{ title: 'x', read: Array.from({ length: 51 }, () => 'members') }, 'read'],
      [{ title: 'x', policy: { max_object_bytes: 10 } }, 'policy.max_object_bytes'],
      [{ title: 'x', policy: { shred: true } }, 'policy.shred'],
      [{ title: 'x', alias: 'Not Ok' }, 'alias'],
    ])('rejects %j with 400 naming the field', async (body, field) => {
      const res = await api('POST', '/api/v1/communities/alpha/collections', body);
      expect(res.status).toBe(400);
      expect(res.json.details).toEqual({ field });
    });
  });

  describe('refusals', () => {
    it('audits a refused request as admin.refused with the caller, the route pattern and the code', async () => {
      expect((await api('GET', '/api/v1/users', undefined, { auth: alphaReader })).status).toBe(403);
      const forbidden = await lastAudit('admin.refused');
      expect(forbidden?.actor).toMatchObject({ kind: 'user', name: 'alpha-reader', address: '127.0.0.1' });
      expect(forbidden?.details).toEqual({ method: 'GET', route: '/api/v1/users', error: 'CAIRN_FORBIDDEN' });
      const hidden = await api('GET', '/api/v1/communities/hub/members', undefined, { auth: alphaReader });
      expect(hidden.status).toBe(404);
      expect((await lastAudit('admin.refused'))?.details).toMatchObject({
        route: '/api/v1/communities/:community/members',
        error: 'CAIRN_NOT_FOUND',
      });
    });

    it('refuses a reader of alpha openly (403) and a community it cannot see as missing (404)', async () => {
      const own = await api('PATCH', '/api/v1/communities/alpha', { pii_mode: 'off' }, { auth: alphaReader });
      expect(own.status).toBe(403);
      expect(own.json.error_code).toBe('CAIRN_FORBIDDEN');
      const other = await api('PATCH', '/api/v1/communities/hub', { pii_mode: 'off' }, { auth: alphaReader });
      const none = await api(
        'PATCH',
        '/api/v1/communities/nowhere',
        { pii_mode: 'off' },
        { auth: alphaReader },
      );
      expect(other.status).toBe(404);
      expect(other.json.title).toBe(none.json.title);
      expect((await t.hub.store.tenancy.findCommunity('hub'))?.piiMode ?? 'redact').toBe('redact');
    });
  });

  describe('pagination', () => {
    it('walks a list with limit and the opaque next cursor, without gaps or repeats, across inserts', async () => {
      for (let i = 0; i < 7; i++) await addOrg(t, `page-org-${i}`);
      const expected = (await t.hub.store.tenancy.listOrganisations()).length;
      const seen: string[] = [];
      let next: string | undefined;
      let pages = 0;
      do {
        const res = await api(
          'GET',
          `/api/v1/organisations?limit=3${next === undefined ? '' : `&next=${next}`}`,
        );
        expect(res.status).toBe(200);
        expect(res.json.items.length).toBeLessThanOrEqual(3);
        seen.push(...res.json.items.map((o: { id: string }) => o.id));
        expect(res.json.more).toBe(res.json.next !== undefined);
        next = res.json.next;
        // A record created mid-walk sorts last (newest), so the walk still ends with it.
        if (pages++ === 0) await addOrg(t, 'page-org-late');
      } while (next !== undefined);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(expected + 1);
      expect(pages).toBe(Math.ceil((expected + 1) / 3));
    });
  });

  describe('GET /api/v1/openapi.json', () => {
    it('is an OpenAPI 3.1 document describing every /api/v1 route fastify holds, and nothing else', async () => {
      const res = await api('GET', '/api/v1/openapi.json');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.json.openapi).toBe('3.1.0');
      const documented = Object.entries(res.json.paths as Record<string, Record<string, unknown>>)
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
        .sort();
      const registered = registeredRoutes(t.hub.http)
        .filter((r) => r.path.startsWith('/api/v1/'))
        .map((r) => `${r.method} ${openApiPath(r.path)}`)
        .sort();
      expect(documented).toEqual(registered);
      expect(registered.length).toBeGreaterThan(20);
    });

    it('has every admin route in the table of docs/admin-api.md', () => {
      const doc = readFileSync(new URL('../../docs/admin-api.md', import.meta.url), 'utf8');
      for (const route of ADMIN_ROUTES)
        expect(doc).toContain(`\`${route.method} ${openApiPath(route.path)}\``);
    });

    it('declares every path parameter and gives every operation a unique id', async () => {
      const doc = (await api('GET', '/api/v1/openapi.json')).json;
      const ids: string[] = [];
      for (const [path, ops] of Object.entries(
        doc.paths as Record<string, Record<string, OpenApiOperation>>,
      )) {
        const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        for (const op of Object.values(ops)) {
          const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
          expect(declared.sort(), path).toEqual(inPath);
          expect(Object.keys(op.responses), path).toContain('401');
          ids.push(op.operationId);
        }
      }
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('declares the same input schemas the routes enforce', async () => {
      const doc = (await api('GET', '/api/v1/openapi.json')).json;
      const schema = doc.paths['/api/v1/organisations'].post.requestBody.content['application/json'].schema;
      expect(schema.required).toEqual(['name', 'class']);
      expect(schema.properties.class.enum).toContain('provider');
      expect(doc.paths['/api/v1/communities/{community}'].patch.parameters[0].name).toBe('community');
    });
  });
});
