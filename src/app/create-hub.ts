import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { type AuditLog, createAuditLog } from '../audit/index.js';
import { createAuthenticator } from '../auth/index.js';
import type { Config } from '../config/index.js';
import { type Clock, createSystemClock, HubError } from '../core/index.js';
import { createPeerAdmin, DEFAULT_PULL_SETTINGS, type PeerAdmin } from '../federation/index.js';
import { createHttpApp } from '../http/index.js';
import { createMatchService, type MatchService } from '../matching/index.js';
import type { Store } from '../store/index.js';
import { migratePostgresStore, openPostgresStore } from '../store/postgres/open-postgres-store.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { SQLITE_MIGRATIONS } from '../store/sqlite/sqlite-migrations.js';
import { createStreamHub, type StreamHub } from '../stream/index.js';
import type { TaxiiDeps } from '../taxii/index.js';
import { createAdminApiPort } from './admin-api-port.js';
import { type AdminService, createAdminService } from './admin-service.js';
import { withAdminAudit } from './audited-admin-service.js';
import { withPeerAudit } from './audited-peer-admin.js';
import { type BootstrapResult, bootstrapHub } from './bootstrap-hub.js';
import type { JobRunner } from './jobs/job-runner.js';
import { createNodeCoordination, type SharedCoordination } from './jobs/node-coordination.js';
import { logSerializers } from './log-serializers.js';
import { createObjectValidator } from './object-validator.js';
import { pciiKeyOption } from './pcii-key.js';

export interface Hub {
  readonly config: Config;
  readonly store: Store;
  readonly admin: AdminService;
  readonly taxii: TaxiiDeps;
  readonly match: MatchService;
  readonly http: FastifyInstance;
  readonly bootstrap: BootstrapResult;
  /** The security audit log (docs/audit.md); `close` flushes its queued events. */
  readonly audit: AuditLog;
  /** Background jobs (docs/scale-out.md); `startServer` starts them, `close` stops them. */
  readonly jobs: JobRunner;
  /** The live streams this node serves (docs/streams.md). */
  readonly streams: StreamHub;
  /** Federation peers: add, list, remove, pull now (docs/federation.md); changes audited as the operator. */
  readonly peers: PeerAdmin;
  close(): Promise<void>;
}

export interface CreateHubOptions {
  readonly clock?: Clock;
  /** Log destination; default stdout. Tests pass a silent level through config. */
  readonly logStream?: NodeJS.WritableStream;
  /** Environment the `env:` credential references of federation peers are read from. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The composition root: configuration → store adapter → services → HTTP app. The only
 * place that picks a store adapter.
 */
export async function createHub(config: Config, options: CreateHubOptions = {}): Promise<Hub> {
  const clock = options.clock ?? createSystemClock();
  const { store, shared } = await openStore(config, clock);
  try {
    // Only request-path events (recordSoon) can fail in the background, and the
    // authenticator that raises them is built after `logger`, so the closure is safe.
    const audit = createAuditLog(store.audit, {
      clock,
      onError: (error, lost) => logger.error({ err: error, lost }, 'Audit events could not be written'),
    });
    const unaudited = createAdminService(store, clock);
    const admin = withAdminAudit(unaudited, audit);
    const bootstrap = await bootstrapHub(store, admin, config);
    const cursorKey = Buffer.from(
      await store.settings.setIfAbsent('cursor.key', randomBytes(32).toString('base64')),
      'base64',
    );
    const match = createMatchService(store);
    const { hubIdentity, hubOrgId } = await hubIdentityOf(store, config);
    const taxii: TaxiiDeps = {
      store,
      clock,
      hubIdentity,
      hubOrgId,
      cursorKey,
      limits: config.taxii,
      discovery: {
        title: config.hub.title,
        ...(config.hub.description === undefined ? {} : { description: config.hub.description }),
        ...(config.hub.contact === undefined ? {} : { contact: config.hub.contact }),
        defaultApiRoot: 'hub',
      },
      validateObject: createObjectValidator(),
      onDeleted: (collectionId) => match.invalidate(collectionId),
    };
    const logger = pino(
      {
        level: config.logLevel,
        // Credentials never reach the log, whatever a client sends.
        redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
        serializers: logSerializers,
      },
      options.logStream ?? process.stdout,
    );
    // Issue 6: limits, login slow-down and job leadership, shared when nodes share a database.
    const node = createNodeCoordination(config, store, {
      ...(shared === undefined ? {} : { shared }),
      clock,
      logger,
      federation: { taxii, env: options.env ?? {} },
    });
    const peers = createPeerAdmin(taxii, DEFAULT_PULL_SETTINGS);
    const authenticator = createAuthenticator(store, { throttle: node.throttle, audit });
    const streams = createStreamHub({
      taxii,
      changes: store.changes,
      reload: (principal) => authenticator.reload(principal),
      limits: config.streams,
    });
    const http = createHttpApp({
      taxii,
      authenticator,
      match,
      streams,
      admin: createAdminApiPort({ admin: unaudited, peers, audit, env: options.env ?? {} }),
      logger,
      maxBodyBytes: config.taxii.maxContentLength,
      limits: {
        perPrincipal: config.limits.requestsPerSecondPerPrincipal,
        perAddress: config.limits.requestsPerSecondPerAddress,
        burstSeconds: config.limits.burstSeconds,
        requestTimeoutMs: config.limits.requestTimeoutMs,
        keepAliveTimeoutMs: config.limits.keepAliveTimeoutMs,
      },
      ...tlsMaterial(config),
      hideUnauthenticated: config.auth.hideUnauthenticated,
      readiness: () => store.ping(),
      ...(node.rateBuckets === undefined ? {} : { rateBuckets: node.rateBuckets }),
      jobsLed: () => node.jobs.leading(),
      ...(config.http.trustedProxies === undefined
        ? {}
        : { trustedProxies: config.http.trustedProxies.split(',').map((entry) => entry.trim()) }),
    });
    return {
      config,
      store,
      admin,
      taxii,
      match,
      http,
      bootstrap,
      audit,
      jobs: node.jobs,
      streams,
      peers: withPeerAudit(peers, audit),
      async close() {
        await http.close();
        await node.jobs.stop();
        await audit.flush();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Only PostgreSQL is reachable by URL; anything else is a configuration mistake. */
function requirePostgresUrl(url: string): string {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return url;
  throw new HubError(
    'CAIRN_CONFIG_INVALID',
    'The database URL must start with postgres:// or postgresql:// (unset it to use the embedded store)',
  );
}

/** Reads the configured certificate files. @throws HubError CAIRN_CONFIG_INVALID when unreadable. */
function tlsMaterial(config: Config): {
  tls?: { cert: Buffer; key: Buffer; clientCa?: Buffer; clientCertificates: 'required' | 'optional' };
} {
  const { certFile, keyFile, clientCaFile, clientCertificates } = config.tls;
  if (certFile === undefined || keyFile === undefined) return {};
  const read = (path: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new HubError('CAIRN_CONFIG_INVALID', `Cannot read the TLS file "${path}"`, { cause: error });
    }
  };
  return {
    tls: {
      cert: read(certFile),
      key: read(keyFile),
      ...(clientCaFile === undefined ? {} : { clientCa: read(clientCaFile) }),
      clientCertificates,
    },
  };
}

/** The hub's STIX identity object, fixed at its first use so every node serves the same one. */
async function hubIdentityOf(store: Store, config: Config) {
  const id = await store.settings.get('hub.identity');
  const org = (await store.tenancy.listOrganisations()).find((o) => o.identityId === id);
  if (id === undefined || org === undefined) throw new HubError('CAIRN_INTERNAL', 'The hub has no identity');
  const created = new Date(org.createdAt / 1000).toISOString();
  const json = await store.settings.setIfAbsent(
    'hub.identity.object',
    JSON.stringify({
      type: 'identity',
      spec_version: '2.1',
      id,
      created,
      modified: created,
      name: config.hub.title,
      identity_class: 'organization',
    }),
  );
  return { hubIdentity: JSON.parse(json) as Record<string, unknown>, hubOrgId: org.id };
}

/**
 * SQLite in the data directory by default; PostgreSQL when `databaseUrl` is a postgres URL
 * (its `schema`, `pool_size` and `statement_timeout_ms` parameters tune the store; see
 * docs/scale-out.md). Both migrate on open unless `database.migrateOnStart` is false (then
 * they only check the schema is exactly the code's): the PostgreSQL migration is
 * advisory-locked, so nodes starting together migrate once.
 *
 * Returns the store, and what nodes sharing it coordinate through (PostgreSQL only).
 */
async function openStore(
  config: Config,
  clock: Clock,
): Promise<{ store: Store; shared?: SharedCoordination }> {
  // Issue 6: nodes rolled out after `cairn migrate` only check that the schema is theirs.
  const migrate = config.database.migrateOnStart ? 'auto' : 'verify';
  if (config.databaseUrl !== undefined) {
    const store = await openPostgresStore({
      url: requirePostgresUrl(config.databaseUrl),
      migrate,
      clock,
      connectTimeoutMs: config.database.connectTimeoutMs,
      statementTimeoutMs: config.database.statementTimeoutMs,
      ...pciiKeyOption(config),
    });
    return { store, shared: store };
  }
  return {
    store: await openSqliteStore({
      path: sqlitePath(config),
      migrate,
      clock,
      ...pciiKeyOption(config),
    }),
  };
}

function sqlitePath(config: Config): string {
  return join(config.dataDir, 'cairn.db');
}

/** What `migrateStore` did. */
export interface StoreMigrationReport {
  readonly backend: 'sqlite' | 'postgres';
  /** The migrations this run applied, in order (empty when the schema was current). */
  readonly applied: readonly { readonly version: number; readonly name: string }[];
  /** The schema version after the run. */
  readonly version: number;
}

/**
 * Applies the pending migrations of the configured store and reports them (`cairn migrate`).
 * Safe beside running nodes: PostgreSQL migrations take an advisory lock, SQLite ones an
 * IMMEDIATE transaction.
 */
export async function migrateStore(config: Config): Promise<StoreMigrationReport> {
  if (config.databaseUrl !== undefined) {
    const report = await migratePostgresStore({ url: requirePostgresUrl(config.databaseUrl) });
    return { backend: 'postgres', ...report };
  }
  const path = sqlitePath(config);
  const before = sqliteAppliedVersions(path);
  const store = await openSqliteStore({ path, migrate: 'auto' });
  await store.close();
  const applied = SQLITE_MIGRATIONS.filter((m) => !before.has(m.version)).map((m) => ({
    version: m.version,
    name: m.name,
  }));
  return { backend: 'sqlite', applied, version: Math.max(0, ...SQLITE_MIGRATIONS.map((m) => m.version)) };
}

/** Versions recorded in a SQLite file before migrating (none when it does not exist yet). */
function sqliteAppliedVersions(path: string): Set<number> {
  if (!existsSync(path)) return new Set();
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[];
    return new Set(rows.map((r) => r.version));
  } catch {
    return new Set();
  } finally {
    db.close();
  }
}
