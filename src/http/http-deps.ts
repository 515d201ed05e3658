import type { FastifyBaseLogger } from 'fastify';
import type { Authenticator } from '../auth/index.js';
import type { MatchService } from '../matching/index.js';
import type { RateBucketStore } from '../store/index.js';
import type { StreamHub } from '../stream/index.js';
import type { TaxiiDeps } from '../taxii/index.js';
import type { AdminApiPort } from './routes/admin-api-port.js';

/** Everything the HTTP app is built from; `app/` assembles it. */
export interface HttpDeps {
  readonly taxii: TaxiiDeps;
  readonly authenticator: Authenticator;
  readonly match: MatchService;
  /** Live streams (docs/streams.md); omitted: no stream route. */
  readonly streams?: StreamHub;
  /** Tenancy administration for /api/v1/ (docs/admin-api.md); omitted: no admin routes. */
  readonly admin?: AdminApiPort;
  /** pino logger (fastify logs requests through it); omitted: no logging. */
  readonly logger?: FastifyBaseLogger;
  /** Largest request body of any API root, in bytes (the transport cap). */
  readonly maxBodyBytes: number;
  /** Answer unauthenticated requests with 404 instead of 401 (checklist A6). */
  readonly hideUnauthenticated?: boolean;
  /** Rate limits (requests per second, sustained) and the burst allowance in seconds. */
  readonly limits?: {
    readonly perPrincipal: number;
    readonly perAddress: number;
    readonly burstSeconds: number;
    readonly requestTimeoutMs: number;
    readonly keepAliveTimeoutMs: number;
  };
  /** Where the rate-limit buckets live when several nodes share them; absent: in memory. */
  readonly rateBuckets?: RateBucketStore;
  /** The background jobs this node currently leads, shown by /readyz (docs/scale-out.md). */
  readonly jobsLed?: () => readonly string[];
  /** HTTPS material; absent: plain HTTP (behind a TLS-terminating proxy, or for tests). */
  readonly tls?: {
    readonly cert: Buffer;
    readonly key: Buffer;
    readonly clientCa?: Buffer;
    /** With `clientCa`: refuse clients without a verified certificate (default), or serve them too. */
    readonly clientCertificates?: 'required' | 'optional';
  };
  /**
   * Addresses or CIDR ranges of the proxies in front of this node. Only when the TCP peer is
   * one of them is X-Forwarded-For believed, and the client address (`request.ip`: limits,
   * login slow-down, audit, logs) is then the right-most hop that is not one of them.
   * Absent: none, the client address is the TCP peer's whatever the headers say.
   */
  readonly trustedProxies?: readonly string[];
  /** Called by /readyz: resolves when the store answers. */
  readiness(): Promise<void>;
}
