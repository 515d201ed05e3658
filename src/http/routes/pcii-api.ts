import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Principal } from '../../auth/index.js';
import { HubError } from '../../core/index.js';
import { decidePcii, getPcii, listPcii, PCII_DECISIONS } from '../../taxii/index.js';
import type { HttpDeps } from '../http-deps.js';

/**
 * The PCII validation workflow (DESIGN.md §1 "PCII"), JSON under Cairn's own API, in the
 * style of the review API:
 *
 * - `GET /api/v1/pcii[?state=pending|validated|rejected&limit=N]`: protected submissions the
 *   caller may validate (pending ones by default)
 * - `GET /api/v1/pcii/:id`: one, with the object (an audited read)
 * - `POST /api/v1/pcii/:id/validate|reject`: the decision; an optional JSON body
 *   `{"reason": "…"}` is added to the status message
 *
 * The onRequest hook has authenticated the caller; the use cases allow only `pcii-officer`s
 * of the object's community (no hub-admin bypass, never tokens).
 */
export function registerPciiApi(app: FastifyInstance, deps: HttpDeps): void {
  app.get('/api/v1/pcii', async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const limit = query.limit === undefined ? undefined : Number(query.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
      throw new HubError('CAIRN_BAD_QUERY_PARAMETER', '"limit" must be a positive integer');
    }
    if (query.state !== undefined && typeof query.state !== 'string') {
      throw new HubError('CAIRN_BAD_QUERY_PARAMETER', '"state" must be given once');
    }
    const submissions = await listPcii(deps.taxii, req.principal as Principal, {
      ...(limit === undefined ? {} : { limit }),
      ...(query.state === undefined ? {} : { state: query.state }),
    });
    return json(reply, { submissions });
  });
  app.get('/api/v1/pcii/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    return json(reply, await getPcii(deps.taxii, req.principal as Principal, id));
  });
  app.post('/api/v1/pcii/:id/:decision', async (req, reply) => {
    const { id, decision } = req.params as { id: string; decision: string };
    if (!(PCII_DECISIONS as readonly string[]).includes(decision)) {
      throw new HubError(
        'CAIRN_NOT_FOUND',
        `Cannot find POST /api/v1/pcii/${id.slice(0, 80)}/${decision.slice(0, 20)}`,
      );
    }
    const reason = readReason(req.body);
    return json(
      reply,
      await decidePcii(
        deps.taxii,
        req.principal as Principal,
        id,
        decision,
        reason === undefined ? {} : { reason },
      ),
    );
  });
}

/** The optional `reason` of a decision; the body arrives as text (bodies are not parsed by fastify here). */
function readReason(body: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  let parsed: unknown;
  try {
    parsed = typeof body === 'string' ? JSON.parse(body) : body;
  } catch {
    throw new HubError('CAIRN_BAD_REQUEST', 'The body must be JSON: {"reason": "…"}');
  }
  const reason = (parsed as { reason?: unknown } | null)?.reason;
  if (reason === undefined) return undefined;
  if (typeof reason !== 'string') throw new HubError('CAIRN_BAD_REQUEST', '"reason" must be text');
  return reason;
}

function json(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.type('application/json').send(Buffer.from(JSON.stringify(body)));
}
