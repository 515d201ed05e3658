import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AdminTarget, adminDecision, administersCommunity } from '../../auth/admin-policy.js';
import type { Principal } from '../../auth/index.js';
import { HubError, isHubError } from '../../core/index.js';
import type { HttpDeps } from '../http-deps.js';
import { type ApiOperation, createOpenApiDocument } from '../openapi.js';
import { OPENAPI_OPERATION, OTHER_API_OPERATIONS } from '../openapi-cairn-routes.js';
import { checkInput, type ObjectSchema } from '../openapi-schema.js';
import { COMMUNITY_ROUTES } from './admin-api-community-routes.js';
import { HUB_ROUTES } from './admin-api-hub-routes.js';
import { PEER_ROUTES } from './admin-api-peer-routes.js';
import type { AdminOperations } from './admin-api-port.js';
import { type AdminContext, type AdminReply, type AdminRoute, notFound } from './admin-api-route.js';

/** Admin bodies are small records; anything bigger is a mistake or an attack (413). */
const MAX_ADMIN_BODY_BYTES = 64 * 1024;
/** Longer path segments cannot name anything (names ≤ 63, ids 36), so they are not looked up. */
const MAX_KEY_LENGTH = 200;

/** Every route of the admin API (docs/admin-api.md). */
export const ADMIN_ROUTES: readonly AdminRoute[] = [...HUB_ROUTES, ...COMMUNITY_ROUTES, ...PEER_ROUTES];

/**
 * Registers the admin API and GET /api/v1/openapi.json, which describes it together with
 * the match, review and PCII routes. The onRequest hook has authenticated the caller already.
 */
export function registerAdminApi(app: FastifyInstance, deps: HttpDeps): void {
  const admin = deps.admin;
  const routes = admin === undefined ? [] : ADMIN_ROUTES;
  const operations: ApiOperation[] = [...routes, ...OTHER_API_OPERATIONS, OPENAPI_OPERATION];
  const document = Buffer.from(
    JSON.stringify(createOpenApiDocument(operations, { title: deps.taxii.discovery.title, version: '1' })),
  );
  app.get(OPENAPI_OPERATION.path, async (_req, reply) => reply.type('application/json').send(document));
  if (admin === undefined) return;
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      bodyLimit: MAX_ADMIN_BODY_BYTES,
      handler: async (req, reply) => {
        const principal = req.principal as Principal;
        const actor = {
          kind: principal.kind,
          id: principal.id,
          name: principal.name,
          orgId: principal.orgId,
          address: req.ip,
        };
        const ops = admin.as(actor);
        const params = req.params as Record<string, string>;
        // Authorization comes first: a caller that may not act learns nothing from its input.
        const scope = await authorize(route, principal, ops, params).catch((error: unknown) => {
          if (isHubError(error) && (error.code === 'CAIRN_FORBIDDEN' || error.code === 'CAIRN_NOT_FOUND'))
            admin.refused(actor, { method: route.method, route: route.path, error: error.code });
          throw error;
        });
        const query = checkQuery(route, req.query as Record<string, unknown>);
        const body = route.requestBody === undefined ? undefined : readBody(req, route.requestBody);
        const result = await route.handle({
          principal,
          ops,
          params,
          query,
          body,
          ...scope,
          maxBodyBytes: deps.maxBodyBytes,
        });
        return sendJson(reply, result);
      },
    });
  }
}

type Scope = Pick<AdminContext, 'community' | 'collection' | 'administered'>;

/**
 * Resolves the route's target and asks the policy. Lookups happen before the decision only
 * where the decision depends on them, and a target the caller may not see is answered with
 * the same 404 as one that does not exist.
 */
async function authorize(
  route: AdminRoute,
  principal: Principal,
  ops: AdminOperations,
  params: Readonly<Record<string, string>>,
): Promise<Scope> {
  if (route.target === 'hub') {
    decide(principal, { kind: 'hub' }, 'the hub');
    return { administered: [] };
  }
  const communities = await ops.listCommunities();
  if (route.target === 'communities') {
    decide(principal, { kind: 'communities', communities }, 'communities');
    return { administered: communities.filter((c) => administersCommunity(principal, c)) };
  }
  const key = params.community ?? '';
  const community = lookUp(communities, key, (c) => [c.id, c.name]);
  if (community === undefined) throw notFound('community', key);
  decide(principal, { kind: 'community', community }, `community "${key}"`, () => notFound('community', key));
  if (route.target === 'community') return { community, administered: [community] };
  const collectionKey = params.collection ?? '';
  const inCommunity = (await ops.listCollections()).filter((c) => c.communityId === community.id);
  const collection = lookUp(inCommunity, collectionKey, (c) => [
    c.id,
    ...(c.alias === undefined ? [] : [c.alias]),
  ]);
  if (collection === undefined) throw notFound('collection', collectionKey);
  decide(principal, { kind: 'collection', community, collection }, `collection "${collectionKey}"`, () =>
    notFound('collection', collectionKey),
  );
  return { community, collection, administered: [community] };
}

function decide(principal: Principal, target: AdminTarget, what: string, hidden?: () => HubError): void {
  const decision = adminDecision(principal, target);
  if (decision === 'allow') return;
  if (decision === 'hidden' && hidden !== undefined) throw hidden();
  throw new HubError('CAIRN_FORBIDDEN', `The caller may not administer ${what}`);
}

function lookUp<T>(items: readonly T[], key: string, keysOf: (item: T) => string[]): T | undefined {
  if (key.length > MAX_KEY_LENGTH) return undefined;
  return items.find((item) => keysOf(item).includes(key));
}

function checkQuery(route: AdminRoute, query: Record<string, unknown>): Record<string, unknown> {
  for (const name of Object.keys(query)) {
    if (route.query?.[name] === undefined) {
      throw new HubError('CAIRN_BAD_QUERY_PARAMETER', `Unknown query parameter "${name.slice(0, 80)}"`, {
        details: { field: name.slice(0, 80) },
      });
    }
  }
  return query;
}

/** @throws HubError 415 unless the body is application/json, 400 when it is not what the route declares. */
function readBody(req: FastifyRequest, schema: ObjectSchema): unknown {
  const type = req.headers['content-type'];
  if (type === undefined || !/^application\/json\s*(;|$)/i.test(type)) {
    throw new HubError('CAIRN_UNSUPPORTED_MEDIA_TYPE', 'The Content-Type must be application/json');
  }
  let value: unknown;
  try {
    value = JSON.parse(typeof req.body === 'string' ? req.body : '');
  } catch {
    throw new HubError('CAIRN_INVALID_INPUT', 'The body is not valid JSON', { details: { field: '(body)' } });
  }
  return checkInput(schema, value);
}

/**
 * JSON answers go out as a Buffer so fastify keeps `application/json` exactly as set (it
 * would otherwise pick the content type itself, see taxii-reply.ts).
 */
function sendJson(reply: FastifyReply, result: AdminReply): FastifyReply {
  reply.code(result.status);
  if (result.body === undefined) return reply.send();
  return reply.type('application/json').send(Buffer.from(JSON.stringify(result.body)));
}
