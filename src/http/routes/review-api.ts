import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Principal } from '../../auth/index.js';
import { HubError } from '../../core/index.js';
import { decideReview, getReview, listReviews } from '../../taxii/index.js';
import type { HttpDeps } from '../http-deps.js';

/**
 * The personal-data review queue (DESIGN.md §3), JSON under Cairn's own API:
 *
 * - `GET /api/v1/reviews[?limit=N]`: held objects the caller may review
 * - `GET /api/v1/reviews/:id`: one held object with its findings
 * - `POST /api/v1/reviews/:id/approve|redact|reject`: the decision
 *
 * The onRequest hook has authenticated the caller; who may review what is decided by the
 * review use cases on every route (hub admins, and `reviewer`s of the object's community).
 */
export function registerReviewApi(app: FastifyInstance, deps: HttpDeps): void {
  app.get('/api/v1/reviews', async (req, reply) => {
    const raw = (req.query as Record<string, unknown>).limit;
    const limit = raw === undefined ? undefined : Number(raw);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
      throw new HubError('CAIRN_BAD_QUERY_PARAMETER', '"limit" must be a positive integer');
    }
    const reviews = await listReviews(
      deps.taxii,
      req.principal as Principal,
      limit === undefined ? {} : { limit },
    );
    return json(reply, { reviews });
  });
  app.get('/api/v1/reviews/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    return json(reply, await getReview(deps.taxii, req.principal as Principal, id));
  });
  app.post('/api/v1/reviews/:id/:decision', async (req, reply) => {
    const { id, decision } = req.params as { id: string; decision: string };
    if (!['approve', 'redact', 'reject'].includes(decision)) {
      throw new HubError(
        'CAIRN_NOT_FOUND',
        `Cannot find POST /api/v1/reviews/${id.slice(0, 80)}/${decision.slice(0, 20)}`,
      );
    }
    return json(reply, await decideReview(deps.taxii, req.principal as Principal, id, decision));
  });
}

function json(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.type('application/json').send(Buffer.from(JSON.stringify(body)));
}
