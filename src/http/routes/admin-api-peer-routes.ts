import { HubError, isHubError } from '../../core/index.js';
import { DEFAULT_PEER_INTERVAL_MS, MIN_PEER_INTERVAL_MS, type PeerInput } from '../../federation/index.js';
import type { PeerAuth } from '../../store/index.js';
import type { ObjectSchema } from '../openapi-schema.js';
import { HUB_ONLY, hubList } from './admin-api-hub-routes.js';
import { RESOURCE_SCHEMAS, toPeerResource, toPullRoundResource } from './admin-api-resources.js';
import { type AdminRoute, invalidField } from './admin-api-route.js';

const PEER_PARAM = { peer: 'Peer name' };

/**
 * The body of `POST /api/v1/peers`, the flags of `cairn peer add`. Only shapes and sizes are
 * declared here: federation/peer-admin.ts checks the values, for the CLI and this API alike.
 */
const NEW_PEER: ObjectSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'url', 'collection', 'into', 'org', 'credential'],
  properties: {
    name: { type: 'string', maxLength: 64, description: '1-64 letters, digits, ".", "_" or "-"' },
    url: {
      type: 'string',
      maxLength: 2000,
      description: 'The remote API root URL, http or https, without user information or query',
    },
    collection: { type: 'string', maxLength: 200, description: 'The remote collection id' },
    into: { type: 'string', maxLength: 200, description: 'The local collection, by id or alias' },
    org: {
      type: 'string',
      maxLength: 200,
      description: "The local organisation the peer's content is attributed to, by name or id",
    },
    credential: {
      type: 'string',
      maxLength: 1000,
      description:
        "Where the secret is, never the secret: env:VAR_NAME (read from the server's environment; Cairn's own CAIRN_ settings are refused, CAIRN_PEER_ names are fine) or file:/absolute/path",
    },
    auth: {
      type: 'string',
      maxLength: 300,
      pattern: '^(bearer|basic:.+)$',
      description: '"bearer" (the default: the secret as a Bearer token) or "basic:USER" (HTTP Basic)',
    },
    interval_ms: {
      type: 'integer',
      minimum: MIN_PEER_INTERVAL_MS,
      maximum: Number.MAX_SAFE_INTEGER,
      description: `The least time between two pull rounds (default ${DEFAULT_PEER_INTERVAL_MS})`,
    },
  },
};

/** The body field of each PeerInput property, for the field peer-admin names in its errors. */
const BODY_FIELD: Readonly<Record<keyof PeerInput, string>> = {
  name: 'name',
  url: 'url',
  remoteCollectionId: 'collection',
  into: 'into',
  org: 'org',
  credentialRef: 'credential',
  auth: 'auth',
  intervalMs: 'interval_ms',
};

/** Federation peers (docs/federation.md), hub-wide records for hub admins only. */
export const PEER_ROUTES: readonly AdminRoute[] = [
  hubList({
    path: '/api/v1/peers',
    summary: 'List federation peers, with their pull state',
    page: 'A page of peers',
    schema: RESOURCE_SCHEMAS.peer,
    list: (ops) => ops.peers.list(),
    toResource: toPeerResource,
  }),
  {
    method: 'POST',
    path: '/api/v1/peers',
    tag: 'peers',
    summary: 'Add a peer to pull a collection from; the credential is a reference, never the secret',
    access: HUB_ONLY,
    target: 'hub',
    requestBody: NEW_PEER,
    responses: { 201: { description: 'The peer', schema: RESOURCE_SCHEMAS.peer } },
    handle: async (ctx) => {
      const b = ctx.body;
      const input: PeerInput = {
        name: b.name,
        url: b.url,
        remoteCollectionId: b.collection,
        into: b.into,
        org: b.org,
        credentialRef: b.credential,
        auth: parseAuth(b.auth),
        ...(b.interval_ms === undefined ? {} : { intervalMs: b.interval_ms }),
      };
      const peer = await ctx.ops.peers.add(input).catch((error: unknown) => {
        throw asBodyError(error);
      });
      return { status: 201, body: toPeerResource(peer) };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/peers/:peer',
    tag: 'peers',
    summary: 'One peer: settings, position, last success and error, counters, recent rejections',
    access: HUB_ONLY,
    target: 'hub',
    params: PEER_PARAM,
    responses: { 200: { description: 'The peer', schema: RESOURCE_SCHEMAS.peer } },
    handle: async (ctx) => ({ status: 200, body: toPeerResource(await ctx.ops.peers.show(peerName(ctx))) }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/peers/:peer',
    tag: 'peers',
    summary: 'Remove a peer (what it pulled stays)',
    access: HUB_ONLY,
    target: 'hub',
    params: PEER_PARAM,
    responses: { 204: { description: 'Removed' } },
    handle: async (ctx) => {
      await ctx.ops.peers.remove(peerName(ctx));
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/peers/:peer/pull',
    tag: 'peers',
    summary:
      'Run one pull round of the peer now; a round that fails is still a 200, with `error` (also kept on the peer)',
    access: HUB_ONLY,
    target: 'hub',
    params: PEER_PARAM,
    query: {
      restart: {
        type: 'boolean',
        description: 'true: forget the position first, for a full re-pull (duplicates are skipped)',
      },
    },
    responses: { 200: { description: 'What the round did', schema: RESOURCE_SCHEMAS.pullRound } },
    handle: async (ctx) => {
      const round = await ctx.ops.peers.pull(peerName(ctx), { restart: parseRestart(ctx.query.restart) });
      return { status: 200, body: toPullRoundResource(round) };
    },
  },
];

const peerName = (ctx: { readonly params: Readonly<Record<string, string>> }) => ctx.params.peer ?? '';

/** The declared pattern has admitted `bearer` or `basic:…`; peer-admin checks the user name. */
function parseAuth(text: string | undefined): PeerAuth {
  if (text === undefined || text === 'bearer') return { scheme: 'bearer' };
  return { scheme: 'basic', user: text.slice('basic:'.length) };
}

function parseRestart(value: unknown): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new HubError('CAIRN_BAD_QUERY_PARAMETER', '"restart" must be true or false', {
    details: { field: 'restart' },
  });
}

/**
 * peer-admin names the PeerInput property at fault; here it is a body field, and an
 * organisation or collection the body names that does not exist is bad input (400), not a
 * missing route target. Other errors (a taken name: 409) pass unchanged.
 */
function asBodyError(error: unknown): unknown {
  const field = isHubError(error) ? error.details?.field : undefined;
  if (typeof field !== 'string' || !Object.hasOwn(BODY_FIELD, field)) return error;
  return invalidField(BODY_FIELD[field as keyof PeerInput], (error as HubError).message);
}
