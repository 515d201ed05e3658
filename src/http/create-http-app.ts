import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Principal } from '../auth/index.js';
import { HubError } from '../core/index.js';
import { acceptsTaxii21, TAXII_MEDIA_TYPE } from '../taxii/index.js';
import type { HttpDeps } from './http-deps.js';
import { createRateLimiter, createSharedRateLimiter, type RateLimiterOptions } from './rate-limiter.js';
import { registerAdminApi } from './routes/admin-api.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerMatchApi } from './routes/match-api.js';
import { registerPciiApi } from './routes/pcii-api.js';
import { registerReviewApi } from './routes/review-api.js';
import { isStreamPath, registerStreamApi } from './routes/stream-api.js';
import { registerTaxiiRoutes } from './routes/taxii-routes.js';
import { toTaxiiError } from './taxii-error.js';
import { sendTaxii } from './taxii-reply.js';
import { verifiedClientCertificate } from './verified-client-certificate.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const PUBLIC_PATHS = new Set(['/healthz', '/readyz']);

/** Retry-After of a 503: long enough for a database restart or failover to finish. */
const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * Builds the fastify app from injected services; never listens. One error handler turns
 * everything into a TAXII error resource; no route has its own try/catch.
 */
export function createHttpApp(deps: HttpDeps): FastifyInstance {
  const limits = deps.limits;
  const app = Fastify({
    ...(deps.logger === undefined ? { logger: false } : { loggerInstance: deps.logger }),
    ...(deps.tls === undefined ? {} : { https: httpsOptions(deps.tls) }),
    ...(limits === undefined
      ? {}
      : { keepAliveTimeout: limits.keepAliveTimeoutMs, connectionTimeout: limits.requestTimeoutMs }),
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: deps.maxBodyBytes,
    genReqId: () => randomUUID(),
    requestTimeout: limits?.requestTimeoutMs ?? 120_000,
    return503OnClosing: true,
    // Issue 6: `request.ip` is the only client address any part of the app uses.
    ...(deps.trustedProxies === undefined ? {} : { trustProxy: [...deps.trustedProxies] }),
  });
  app.decorateRequest('principal', null);
  // Shared buckets (PostgreSQL) when several nodes serve one hub, else this process's memory.
  const limiter = (options: RateLimiterOptions) =>
    deps.rateBuckets === undefined
      ? createRateLimiter(options)
      : createSharedRateLimiter(deps.rateBuckets, options);
  const byAddress = limiter({
    ratePerSecond: limits?.perAddress ?? 0,
    burst: (limits?.perAddress ?? 0) * (limits?.burstSeconds ?? 1),
  });
  const byPrincipal = limiter({
    ratePerSecond: limits?.perPrincipal ?? 0,
    burst: (limits?.perPrincipal ?? 0) * (limits?.burstSeconds ?? 1),
  });
  const limit = (wait: number) => {
    if (wait > 0)
      throw new HubError('CAIRN_TOO_MANY_REQUESTS', 'Too many requests: slow down', {
        details: { retryAfterSeconds: wait },
      });
  };

  // Bodies are kept as text: the TAXII layer decides on media type and parses it itself.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff').header('cache-control', 'no-store');
    const path = request.url.split('?', 1)[0] as string;
    if (PUBLIC_PATHS.has(path)) return;
    limit(await byAddress.take(request.ip));
    // T024/A15: 406 only when the client accepts nothing TAXII 2.1 can be served as.
    if (!acceptsTaxii21(request.headers.accept) && !isStreamPath(path)) {
      throw new HubError('CAIRN_NOT_ACCEPTABLE', `The Accept header must allow ${TAXII_MEDIA_TYPE}`);
    }
    // Issue 7: a verified client certificate authenticates when no Authorization header does.
    const verifiedCertificate = verifiedClientCertificate(request.raw.socket);
    const principal = await deps.authenticator.authenticate(
      request.headers.authorization,
      request.ip,
      verifiedCertificate === undefined ? {} : { verifiedCertificate },
    );
    if (principal === null) {
      if (deps.hideUnauthenticated === true) throw new HubError('CAIRN_NOT_FOUND');
      throw new HubError(
        'CAIRN_UNAUTHENTICATED',
        'Valid credentials are required: HTTP Basic, or an API token',
      );
    }
    request.principal = principal;
    limit(await byPrincipal.take(`${principal.kind}:${principal.id}`));
  });

  app.setErrorHandler((error, request, reply) => {
    const mapped = toTaxiiError(error, request.id);
    if (mapped.status >= 500) request.log.error({ err: error }, 'Request failed');
    if (mapped.status === 401) reply.header('www-authenticate', 'Basic realm="Cairn", charset="UTF-8"');
    if (mapped.status === 429)
      reply.header('retry-after', String(mapped.body.details?.retryAfterSeconds ?? 1));
    // Issue 6: the database is down or restarting; clients and balancers retry after a pause.
    if (mapped.status === 503) reply.header('retry-after', String(STORE_RETRY_AFTER_SECONDS));
    return sendTaxii(reply, { status: mapped.status, body: JSON.stringify(mapped.body) });
  });

  app.setNotFoundHandler((request, reply) => {
    const mapped = toTaxiiError(
      new HubError('CAIRN_NOT_FOUND', `Cannot find ${request.method} ${request.url.split('?', 1)[0]}`),
      request.id,
    );
    return sendTaxii(reply, { status: 404, body: JSON.stringify(mapped.body) });
  });

  registerHealthRoutes(app, deps);
  registerTaxiiRoutes(app, deps);
  registerMatchApi(app, deps);
  registerReviewApi(app, deps);
  registerPciiApi(app, deps);
  registerAdminApi(app, deps);
  registerStreamApi(app, deps);
  // Open streams would hold `close` until their clients left: end them, and clients resume
  // on another node with Last-Event-ID.
  app.addHook('preClose', async () => deps.streams?.closeAll());
  return app;
}

/**
 * TAXII 2.1 §1.6.6 (checklist T001–T006): TLS 1.2 and 1.3 only, Node's default cipher list
 * (which excludes the RFC 7540 Appendix A suites for TLS 1.2 ECDHE), no 0-RTT (Node's TLS
 * server never accepts early data), and client certificates verified against a CA when one
 * is configured. `optional` asks for a certificate without insisting: the handshake of a
 * client without one, or with one the CA did not sign, succeeds unverified
 * (`socket.authorized` false), and such a client must authenticate otherwise.
 */
function httpsOptions(tls: NonNullable<HttpDeps['tls']>) {
  return {
    cert: tls.cert,
    key: tls.key,
    minVersion: 'TLSv1.2' as const,
    ...(tls.clientCa === undefined
      ? {}
      : {
          ca: tls.clientCa,
          requestCert: true,
          rejectUnauthorized: tls.clientCertificates !== 'optional',
        }),
  };
}
