import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from '../http-deps.js';

/**
 * Liveness (the process answers) and readiness (the store answers), for load balancers.
 * /readyz also names the background jobs this node leads (docs/scale-out.md), so operators
 * and tests can see where each job runs; job names are not secret.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: HttpDeps): void {
  app.get('/healthz', async (_req, reply) => reply.type('application/json').send('{"status":"ok"}'));
  app.get('/readyz', async (_req, reply) => {
    let ready = true;
    try {
      await deps.readiness();
    } catch {
      ready = false;
    }
    const body = JSON.stringify({
      status: ready ? 'ready' : 'unavailable',
      jobs: { leading: [...(deps.jobsLed?.() ?? [])] },
    });
    return reply
      .code(ready ? 200 : 503)
      .type('application/json')
      .send(body);
  });
}
