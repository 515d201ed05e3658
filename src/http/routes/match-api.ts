import type { FastifyInstance } from 'fastify';
import type { Principal } from '../../auth/index.js';
import { HubError } from '../../core/index.js';
import type { HttpDeps } from '../http-deps.js';

const MAX_OBSERVATIONS = 10_000;

/**
 * POST /api/v1/match: matches observations against the active indicators of the
 * collections the caller may read (issue 4). The body is one observation (a bare SCO or a
 * bundle with observed-data) or `{"observations": [...], "collections": [...]}`; the answer
 * lists each match with the position of the observation it is for.
 */
export function registerMatchApi(app: FastifyInstance, deps: HttpDeps): void {
  app.post('/api/v1/match', async (req, reply) => {
    const body = parseJsonBody(req.headers['content-type'], req.body);
    const wrapped =
      typeof body === 'object' &&
      body !== null &&
      Array.isArray((body as { observations?: unknown }).observations);
    const values = wrapped ? ((body as { observations: unknown[] }).observations as unknown[]) : [body];
    if (values.length > MAX_OBSERVATIONS) {
      throw new HubError('CAIRN_PAYLOAD_TOO_LARGE', `At most ${MAX_OBSERVATIONS} observations per request`);
    }
    const collections = wrapped ? (body as { collections?: unknown }).collections : undefined;
    if (
      collections !== undefined &&
      (!Array.isArray(collections) || !collections.every((c) => typeof c === 'string'))
    ) {
      throw new HubError('CAIRN_INVALID_INPUT', '"collections" must be a list of collection ids or aliases');
    }
    const matches = await deps.match.match({
      principal: req.principal as Principal,
      values,
      now: Date.now(),
      ...(collections === undefined ? {} : { collections: collections as string[] }),
    });
    return reply.type('application/json').send(Buffer.from(JSON.stringify({ matches })));
  });
}

function parseJsonBody(contentType: string | undefined, body: unknown): unknown {
  if (contentType === undefined || !/^application\/(json|stix\+json|taxii\+json)\b/i.test(contentType)) {
    throw new HubError('CAIRN_UNSUPPORTED_MEDIA_TYPE', 'The Content-Type must be application/json');
  }
  try {
    return JSON.parse(typeof body === 'string' ? body : '');
  } catch (error) {
    throw new HubError('CAIRN_INVALID_INPUT', `The body is not valid JSON: ${(error as Error).message}`);
  }
}
