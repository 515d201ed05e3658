import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/index.js';
import { HubError } from '../../core/index.js';
import {
  addObjects,
  deleteObject,
  getApiRoot,
  getCollection,
  getCollections,
  getDiscovery,
  getManifest,
  getObjects,
  getStatus,
  getVersions,
  isTaxii21ContentType,
  type RawQuery,
  TAXII_MEDIA_TYPE,
} from '../../taxii/index.js';
import type { HttpDeps } from '../http-deps.js';
import { sendTaxii } from '../taxii-reply.js';

type Params = { root: string; collection: string; object: string; status: string };
type Req = FastifyRequest<{ Params: Params; Querystring: RawQuery }>;

const principalOf = (req: FastifyRequest): Principal => req.principal as Principal;

/**
 * TAXII 2.1 §4 and §5 endpoints. Trailing slashes are the canonical form (T029); the
 * slash-less form is served too, never redirected (checklist pitfall 1).
 */
export function registerTaxiiRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const t = deps.taxii;
  const read = (req: Req) => ({
    principal: principalOf(req),
    root: req.params.root,
    collectionId: req.params.collection,
    query: req.query,
  });

  app.get('/taxii2/', async (req, reply) => sendTaxii(reply, await getDiscovery(t, principalOf(req))));
  app.get('/:root/', async (req: Req, reply) =>
    sendTaxii(reply, await getApiRoot(t, principalOf(req), req.params.root)),
  );
  app.get('/:root/status/:status/', async (req: Req, reply) =>
    sendTaxii(reply, await getStatus(t, principalOf(req), req.params.root, req.params.status)),
  );
  app.get('/:root/collections/', async (req: Req, reply) =>
    sendTaxii(reply, await getCollections(t, principalOf(req), req.params.root)),
  );
  app.get('/:root/collections/:collection/', async (req: Req, reply) =>
    sendTaxii(reply, await getCollection(t, principalOf(req), req.params.root, req.params.collection)),
  );
  app.get('/:root/collections/:collection/manifest/', async (req: Req, reply) =>
    sendTaxii(reply, await getManifest(t, read(req))),
  );
  app.get('/:root/collections/:collection/objects/', async (req: Req, reply) =>
    sendTaxii(reply, await getObjects(t, read(req))),
  );
  app.post('/:root/collections/:collection/objects/', async (req: Req, reply) =>
    sendTaxii(reply, await addObjects(t, { ...read(req), body: envelopeText(req) })),
  );
  app.get('/:root/collections/:collection/objects/:object/', async (req: Req, reply) =>
    sendTaxii(reply, await getObjects(t, { ...read(req), objectId: req.params.object })),
  );
  app.delete('/:root/collections/:collection/objects/:object/', async (req: Req, reply) =>
    sendTaxii(reply, await deleteObject(t, { ...read(req), objectId: req.params.object })),
  );
  app.get('/:root/collections/:collection/objects/:object/versions/', async (req: Req, reply) =>
    sendTaxii(reply, await getVersions(t, { ...read(req), objectId: req.params.object })),
  );
}

/** T026: a POST body must be a TAXII envelope; anything else is 415 before it is read further. */
function envelopeText(req: Req): string {
  if (!isTaxii21ContentType(req.headers['content-type'])) {
    throw new HubError('CAIRN_UNSUPPORTED_MEDIA_TYPE', `The Content-Type must be ${TAXII_MEDIA_TYPE}`);
  }
  return typeof req.body === 'string' ? req.body : '';
}
