import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from '../http-deps.js';

/** Liveness (the process answers) and readiness (the store answers), for load balancers. */
export function registerHealthRoutes(app: FastifyInstance, deps: HttpDeps): void {
  app.get('/healthz', async (_req, reply) => reply.type('application/json').send('{"status":"ok"}'));
  app.get('/readyz', async (_req, reply) => {
    try {
      await deps.readiness();
      return reply.type('application/json').send('{"status":"ready"}');
    } catch {
      return reply.code(503).type('application/json').send('{"status":"unavailable"}');
    }
  });
}
