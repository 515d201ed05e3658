import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthzWorld,
  createAuthzWorld,
  type MatrixRequest,
  PRINCIPALS,
  type Who,
} from '../helpers/authz-world.js';
import { registeredRoutes } from '../helpers/registered-routes.js';
import { indicator } from '../helpers/stix-fixtures.js';

/**
 * The authorization matrix (issue 7): every endpoint of the server × every kind of
 * principal, with the exact status. POLICY is the declared table; REQUESTS says how to call
 * each endpoint. Both must name exactly the routes fastify holds, so a new endpoint without
 * a row fails here. Runs on SQLite, or on PostgreSQL with CAIRN_TEST_BACKEND=postgres.
 *
 * Reading the table (columns in PRINCIPALS order):
 * - anon / wrong pw / revoked / expired tokens are unauthenticated: 401 (checklist A1–A3);
 *   only the health probes are public.
 * - Non-members of alpha (beta's admin, the outside org's user, beta's token) get 404 for
 *   anything in alpha, as if it did not exist (A6; DESIGN.md §3; docs/admin-api.md).
 * - Members who can see a target but lack the permission get 403 (STYLE.md §4 table).
 * - The seeded object is AMBER (alpha's default TLP): the provider-class org may not
 *   receive it (DESIGN.md §3 visibility table), so to the provider it is 404.
 * - Hub-wide admin routes are hub admins' only: 403 for every other authenticated caller.
 * - PCII routes belong to the community's pcii-officers only, with no hub-admin bypass
 *   (routes/pcii-api.ts); protected records are 404 to everyone else.
 */
type Row = readonly number[];

// biome-ignore format: the table is aligned by principal, one column each
const POLICY: Readonly<Record<string, Row>> = {
  // columns: anonymous, wrong password, hub admin, alpha's admin, beta's admin, analyst, reader, reviewer,
  //          outside-org user, provider-class user, read token, write token, revoked, expired, beta token, pcii-officer
  //                                                              anon wrng hubA cAdm bAdm anlt rdr  revw outs prov rTok wTok revk expd bTok pcii
  'GET /healthz':                                                [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /readyz':                                                 [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  'GET /taxii2':                                                 [401, 401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401, 401, 200, 200],
  'GET /:root':                                                  [401, 401, 200, 200, 404, 200, 200, 200, 404, 200, 200, 200, 401, 401, 404, 200],
  'GET /:root/collections':                                      [401, 401, 200, 200, 404, 200, 200, 200, 404, 200, 200, 200, 401, 401, 404, 200],
  'GET /:root/collections/:collection':                          [401, 401, 200, 200, 404, 200, 200, 200, 404, 200, 200, 200, 401, 401, 404, 200],
  'GET /:root/collections/:collection/objects':                  [401, 401, 200, 200, 404, 200, 200, 200, 404, 200, 200, 200, 401, 401, 404, 200],
  'POST /:root/collections/:collection/objects':                 [401, 401, 202, 202, 404, 202, 403, 403, 404, 202, 403, 202, 401, 401, 404, 403],
  'GET /:root/collections/:collection/objects/:object':          [401, 401, 200, 200, 404, 200, 200, 200, 404, 404, 200, 200, 401, 401, 404, 200],
  'DELETE /:root/collections/:collection/objects/:object':       [401, 401, 200, 200, 404, 200, 403, 403, 404, 404, 403, 200, 401, 401, 404, 403],
  'GET /:root/collections/:collection/objects/:object/versions': [401, 401, 200, 200, 404, 200, 200, 200, 404, 404, 200, 200, 401, 401, 404, 200],
  'GET /:root/collections/:collection/manifest':                 [401, 401, 200, 200, 404, 200, 200, 200, 404, 200, 200, 200, 401, 401, 404, 200],
  'GET /:root/status/:status':                                   [401, 401, 200, 200, 404, 200, 200, 200, 404, 404, 200, 200, 401, 401, 404, 200],
  'POST /api/v1/match':                                          [401, 401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401, 401, 200, 200],
  'GET /api/v1/communities/:community/collections/:collection/stream': [401, 401, 200, 200, 404, 200, 200, 200, 404, 200, 200, 200, 401, 401, 404, 200],
  'GET /api/v1/reviews':                                         [401, 401, 200, 403, 403, 403, 403, 200, 403, 403, 403, 403, 401, 401, 403, 403],
  'GET /api/v1/reviews/:id':                                     [401, 401, 200, 404, 404, 404, 404, 200, 404, 404, 404, 404, 401, 401, 404, 404],
  'POST /api/v1/reviews/:id/:decision':                          [401, 401, 200, 404, 404, 404, 404, 200, 404, 404, 404, 404, 401, 401, 404, 404],
  'GET /api/v1/pcii':                                            [401, 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 200],
  'GET /api/v1/pcii/:id':                                        [401, 401, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 401, 401, 404, 200],
  'POST /api/v1/pcii/:id/:decision':                             [401, 401, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 401, 401, 404, 200],
  'GET /api/v1/openapi.json':                                    [401, 401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401, 401, 200, 200],
  'GET /api/v1/organisations':                                   [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'POST /api/v1/organisations':                                  [401, 401, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'GET /api/v1/organisations/:org':                              [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'GET /api/v1/users':                                           [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'POST /api/v1/users':                                          [401, 401, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'GET /api/v1/users/:user':                                     [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'DELETE /api/v1/users/:user':                                  [401, 401, 204, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'GET /api/v1/tokens':                                          [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'POST /api/v1/tokens':                                         [401, 401, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'GET /api/v1/tokens/:token':                                   [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'DELETE /api/v1/tokens/:token':                                [401, 401, 204, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'GET /api/v1/certificates':                                    [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'POST /api/v1/certificates':                                   [401, 401, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'GET /api/v1/certificates/:certificate':                       [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'DELETE /api/v1/certificates/:certificate':                    [401, 401, 204, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'GET /api/v1/communities':                                     [401, 401, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'POST /api/v1/communities':                                    [401, 401, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'GET /api/v1/communities/:community':                          [401, 401, 200, 200, 404, 403, 403, 403, 404, 403, 403, 403, 401, 401, 404, 403],
  'PATCH /api/v1/communities/:community':                        [401, 401, 200, 200, 404, 403, 403, 403, 404, 403, 403, 403, 401, 401, 404, 403],
  'GET /api/v1/communities/:community/members':                  [401, 401, 200, 200, 404, 403, 403, 403, 404, 403, 403, 403, 401, 401, 404, 403],
  'PUT /api/v1/communities/:community/members/:org':             [401, 401, 204, 204, 404, 403, 403, 403, 404, 403, 403, 403, 401, 401, 404, 403],
  'DELETE /api/v1/communities/:community/members/:org':          [401, 401, 204, 204, 404, 403, 403, 403, 404, 403, 403, 403, 401, 401, 404, 403],
  'GET /api/v1/communities/:community/collections':              [401, 401, 200, 200, 404, 403, 403, 403, 404, 403, 403, 403, 401, 401, 404, 403],
  'POST /api/v1/communities/:community/collections':             [401, 401, 201, 201, 404, 403, 403, 403, 404, 403, 403, 403, 401, 401, 404, 403],
  'GET /api/v1/communities/:community/collections/:collection':  [401, 401, 200, 200, 404, 403, 403, 403, 404, 403, 403, 403, 401, 401, 404, 403],
  'GET /api/v1/peers':                                           [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'POST /api/v1/peers':                                          [401, 401, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'GET /api/v1/peers/:peer':                                     [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'DELETE /api/v1/peers/:peer':                                  [401, 401, 204, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
  'POST /api/v1/peers/:peer/pull':                               [401, 401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401, 401, 403, 403],
};

let unique = 0;
const fresh = (prefix: string) => `${prefix}-${++unique}`;
/** A client certificate's SHA-256 fingerprint no other row registered (issue 7). */
const freshFingerprint = () => randomBytes(32).toString('hex');

/** How each endpoint is called; builders may create the state one row consumes (a victim to delete). */
const REQUESTS: Readonly<Record<string, (w: AuthzWorld) => Promise<MatrixRequest> | MatrixRequest>> = {
  'GET /healthz': () => ({ method: 'GET', path: '/healthz' }),
  'GET /readyz': () => ({ method: 'GET', path: '/readyz' }),
  'GET /taxii2': () => ({ method: 'GET', path: '/taxii2/' }),
  'GET /:root': () => ({ method: 'GET', path: '/alpha/' }),
  'GET /:root/collections': () => ({ method: 'GET', path: '/alpha/collections/' }),
  'GET /:root/collections/:collection': (w) => ({
    method: 'GET',
    path: `/alpha/collections/${w.collectionId}/`,
  }),
  'GET /:root/collections/:collection/objects': (w) => ({
    method: 'GET',
    path: `/alpha/collections/${w.collectionId}/objects/`,
  }),
  'POST /:root/collections/:collection/objects': (w) => ({
    method: 'POST',
    path: `/alpha/collections/${w.collectionId}/objects/`,
    taxii: { objects: [indicator({ name: 'Matrix post' })] },
  }),
  'GET /:root/collections/:collection/objects/:object': (w) => ({
    method: 'GET',
    path: `/alpha/collections/${w.collectionId}/objects/${w.objectId}/`,
  }),
  'DELETE /:root/collections/:collection/objects/:object': async (w) => ({
    method: 'DELETE',
    path: `/alpha/collections/${w.collectionId}/objects/${await w.seedObject()}/`,
  }),
  'GET /:root/collections/:collection/objects/:object/versions': (w) => ({
    method: 'GET',
    path: `/alpha/collections/${w.collectionId}/objects/${w.objectId}/versions/`,
  }),
  'GET /:root/collections/:collection/manifest': (w) => ({
    method: 'GET',
    path: `/alpha/collections/${w.collectionId}/manifest/`,
  }),
  'GET /:root/status/:status': (w) => ({ method: 'GET', path: `/alpha/status/${w.statusId}/` }),
  'POST /api/v1/match': () => ({
    method: 'POST',
    path: '/api/v1/match',
    json: { type: 'ipv4-addr', value: '198.51.100.7' },
  }),
  // A stream never ends by itself: the world reads its status and hangs up.
  'GET /api/v1/communities/:community/collections/:collection/stream': (w) => ({
    method: 'GET',
    path: `/api/v1/communities/alpha/collections/${w.collectionId}/stream`,
    accept: 'text/event-stream',
  }),
  'GET /api/v1/reviews': () => ({ method: 'GET', path: '/api/v1/reviews' }),
  'GET /api/v1/reviews/:id': (w) => ({ method: 'GET', path: `/api/v1/reviews/${w.reviewId}` }),
  'POST /api/v1/reviews/:id/:decision': async (w) => ({
    method: 'POST',
    path: `/api/v1/reviews/${await w.seedReview()}/reject`,
  }),
  'GET /api/v1/pcii': () => ({ method: 'GET', path: '/api/v1/pcii' }),
  'GET /api/v1/pcii/:id': (w) => ({ method: 'GET', path: `/api/v1/pcii/${w.pciiId}` }),
  'POST /api/v1/pcii/:id/:decision': async (w) => ({
    method: 'POST',
    path: `/api/v1/pcii/${await w.seedPcii()}/reject`,
  }),
  'GET /api/v1/openapi.json': () => ({ method: 'GET', path: '/api/v1/openapi.json' }),
  'GET /api/v1/organisations': () => ({ method: 'GET', path: '/api/v1/organisations' }),
  'POST /api/v1/organisations': () => ({
    method: 'POST',
    path: '/api/v1/organisations',
    json: { name: fresh('org'), class: 'private' },
  }),
  'GET /api/v1/organisations/:org': () => ({ method: 'GET', path: '/api/v1/organisations/alpha-org' }),
  'GET /api/v1/users': () => ({ method: 'GET', path: '/api/v1/users' }),
  'POST /api/v1/users': () => ({
    method: 'POST',
    path: '/api/v1/users',
    json: { name: fresh('user'), org: 'alpha-org', roles: ['reader@alpha'], password: 'a long new password' },
  }),
  'GET /api/v1/users/:user': () => ({ method: 'GET', path: '/api/v1/users/alpha-reader' }),
  'DELETE /api/v1/users/:user': async (w) => {
    const name = fresh('victim');
    await w.t.hub.admin.addUser(name, { org: 'outside-org', roles: [], password: 'victim password 1' });
    return { method: 'DELETE', path: `/api/v1/users/${name}` };
  },
  'GET /api/v1/tokens': () => ({ method: 'GET', path: '/api/v1/tokens' }),
  'POST /api/v1/tokens': () => ({
    method: 'POST',
    path: '/api/v1/tokens',
    json: { org: 'alpha-org', scope: 'read' },
  }),
  'GET /api/v1/tokens/:token': async (w) => {
    const [first] = await w.t.hub.admin.listTokens();
    return { method: 'GET', path: `/api/v1/tokens/${first?.id}` };
  },
  'DELETE /api/v1/tokens/:token': async (w) => {
    const created = await w.t.hub.admin.createToken({ org: 'outside-org', scope: 'read' });
    return { method: 'DELETE', path: `/api/v1/tokens/${created.record.id}` };
  },
  'GET /api/v1/certificates': () => ({ method: 'GET', path: '/api/v1/certificates' }),
  'POST /api/v1/certificates': () => ({
    method: 'POST',
    path: '/api/v1/certificates',
    json: { org: 'alpha-org', fingerprint: freshFingerprint(), scope: 'read' },
  }),
  'GET /api/v1/certificates/:certificate': async (w) => {
    const added = await w.t.hub.admin.addCertificate({
      org: 'outside-org',
      fingerprint: freshFingerprint(),
      scope: 'read',
    });
    return { method: 'GET', path: `/api/v1/certificates/${added.id}` };
  },
  'DELETE /api/v1/certificates/:certificate': async (w) => {
    const added = await w.t.hub.admin.addCertificate({
      org: 'outside-org',
      fingerprint: freshFingerprint(),
      scope: 'read',
    });
    return { method: 'DELETE', path: `/api/v1/certificates/${added.id}` };
  },
  'GET /api/v1/communities': () => ({ method: 'GET', path: '/api/v1/communities' }),
  'POST /api/v1/communities': () => ({
    method: 'POST',
    path: '/api/v1/communities',
    json: { name: fresh('c') },
  }),
  'GET /api/v1/communities/:community': () => ({ method: 'GET', path: '/api/v1/communities/alpha' }),
  'PATCH /api/v1/communities/:community': () => ({
    method: 'PATCH',
    path: '/api/v1/communities/alpha',
    json: { pii_mode: 'hold' },
  }),
  'GET /api/v1/communities/:community/members': () => ({
    method: 'GET',
    path: '/api/v1/communities/alpha/members',
  }),
  'PUT /api/v1/communities/:community/members/:org': async (w) => {
    const org = await w.t.hub.admin.addOrganisation(fresh('joiner'), 'private');
    return { method: 'PUT', path: `/api/v1/communities/alpha/members/${org.name}` };
  },
  'DELETE /api/v1/communities/:community/members/:org': async (w) => {
    const org = await w.t.hub.admin.addOrganisation(fresh('leaver'), 'private');
    await w.t.hub.admin.addMember('alpha', org.name);
    return { method: 'DELETE', path: `/api/v1/communities/alpha/members/${org.name}` };
  },
  'GET /api/v1/communities/:community/collections': () => ({
    method: 'GET',
    path: '/api/v1/communities/alpha/collections',
  }),
  'POST /api/v1/communities/:community/collections': () => ({
    method: 'POST',
    path: '/api/v1/communities/alpha/collections',
    json: { title: fresh('collection') },
  }),
  'GET /api/v1/communities/:community/collections/:collection': (w) => ({
    method: 'GET',
    path: `/api/v1/communities/alpha/collections/${w.collectionId}`,
  }),
  'GET /api/v1/peers': () => ({ method: 'GET', path: '/api/v1/peers' }),
  'POST /api/v1/peers': (w) => ({
    method: 'POST',
    path: '/api/v1/peers',
    json: {
      name: fresh('peer'),
      url: 'https://peer.invalid/api1/',
      collection: '91a7b528-80eb-42ed-a74d-c6fbd5a26116',
      into: w.collectionId,
      org: 'outside-org',
      credential: 'env:CAIRN_PEER_MATRIX_UNSET',
    },
  }),
  'GET /api/v1/peers/:peer': (w) => ({ method: 'GET', path: `/api/v1/peers/${w.peerName}` }),
  'DELETE /api/v1/peers/:peer': async (w) => ({
    method: 'DELETE',
    path: `/api/v1/peers/${await w.seedPeer()}`,
  }),
  // The seeded peer's credential is unset: the round ends at once, as a 200 carrying the error.
  'POST /api/v1/peers/:peer/pull': (w) => ({ method: 'POST', path: `/api/v1/peers/${w.peerName}/pull` }),
};

const ROWS = Object.entries(POLICY).flatMap(([endpoint, statuses]) =>
  PRINCIPALS.map((who, i) => ({ endpoint, who, status: statuses[i] as number })),
);

describe(`authorization matrix (issue 7) on ${process.env.CAIRN_TEST_BACKEND ?? 'sqlite'}`, () => {
  let w: AuthzWorld;
  beforeAll(async () => {
    w = await createAuthzWorld();
  }, 60_000);
  afterAll(async () => {
    await w.t.stop();
  });

  it('has one policy row and one request for every route the server registers, and no others', () => {
    const registered = registeredRoutes(w.t.hub.http).map((r) => `${r.method} ${r.path}`);
    expect(Object.keys(POLICY).sort()).toEqual([...new Set(registered)].sort());
    expect(Object.keys(REQUESTS).sort()).toEqual(Object.keys(POLICY).sort());
    for (const [endpoint, row] of Object.entries(POLICY))
      expect(row.length, endpoint).toBe(PRINCIPALS.length);
  });

  it.each(ROWS)('$endpoint as $who → $status', async ({ endpoint, who, status }) => {
    const build = REQUESTS[endpoint];
    if (build === undefined) throw new Error(`No request for ${endpoint}`);
    const res = await w.send(await build(w), who as Who);
    expect(res.status, res.text.slice(0, 300)).toBe(status);
    if (status >= 400) expect(res.json?.http_status).toBe(String(status));
    if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('never tells a caller who may not see alpha that it exists: same 404 body as a community that does not', async () => {
    const real = await w.send({ method: 'GET', path: '/api/v1/communities/alpha/members' }, 'outsider');
    const none = await w.send(
      { method: 'GET', path: `/api/v1/communities/${randomUUID()}/members` },
      'outsider',
    );
    expect(real.status).toBe(404);
    expect(none.status).toBe(404);
    expect(real.json.title).toBe(none.json.title);
    expect(real.json.error_code).toBe(none.json.error_code);
  });
});
