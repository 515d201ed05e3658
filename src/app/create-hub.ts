import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createAuthenticator, createLoginThrottle } from '../auth/index.js';
import type { Config } from '../config/index.js';
import { type Clock, createSystemClock, HubError } from '../core/index.js';
import { createHttpApp } from '../http/index.js';
import { createMatchService, type MatchService } from '../matching/index.js';
import type { Store } from '../store/index.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { TaxiiDeps } from '../taxii/index.js';
import { type AdminService, createAdminService } from './admin-service.js';
import { type BootstrapResult, bootstrapHub } from './bootstrap-hub.js';
import { createObjectValidator } from './object-validator.js';

export interface Hub {
  readonly config: Config;
  readonly store: Store;
  readonly admin: AdminService;
  readonly taxii: TaxiiDeps;
  readonly match: MatchService;
  readonly http: FastifyInstance;
  readonly bootstrap: BootstrapResult;
  close(): Promise<void>;
}

export interface CreateHubOptions {
  readonly clock?: Clock;
  /** Log destination; default stdout. Tests pass a silent level through config. */
  readonly logStream?: NodeJS.WritableStream;
}

/**
 * The composition root: configuration → store adapter → services → HTTP app. The only
 * place that picks a store adapter.
 */
export async function createHub(config: Config, options: CreateHubOptions = {}): Promise<Hub> {
  const clock = options.clock ?? createSystemClock();
  const store = await openStore(config, clock);
  try {
    const admin = createAdminService(store, clock);
    const bootstrap = await bootstrapHub(store, admin, config);
    const cursorKey = Buffer.from(
      await store.settings.setIfAbsent('cursor.key', randomBytes(32).toString('base64')),
      'base64',
    );
    const match = createMatchService(store);
    const taxii: TaxiiDeps = {
      store,
      clock,
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
      },
      options.logStream ?? process.stdout,
    );
    const http = createHttpApp({
      taxii,
      authenticator: createAuthenticator(store, { throttle: createLoginThrottle() }),
      match,
      logger,
      maxBodyBytes: config.taxii.maxContentLength,
      hideUnauthenticated: config.auth.hideUnauthenticated,
      readiness: () => store.ping(),
    });
    return {
      config,
      store,
      admin,
      taxii,
      match,
      http,
      bootstrap,
      async close() {
        await http.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function openStore(config: Config, clock: Clock): Promise<Store> {
  if (config.databaseUrl !== undefined) {
    throw new HubError(
      'CAIRN_CONFIG_INVALID',
      'PostgreSQL is not available in this version: unset CAIRN_DATABASE_URL to use the embedded store',
    );
  }
  return openSqliteStore({ path: join(config.dataDir, 'cairn.db'), migrate: 'auto', clock });
}
