import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createHub, type Hub, startServer } from '../../src/app/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { Clock } from '../../src/core/index.js';

export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON (undefined when empty). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes from responses.
  readonly json: any;
}

export interface RequestOptions {
  readonly auth?: string | null;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface TestHub {
  readonly hub: Hub;
  readonly url: string;
  readonly dataDir: string;
  /** Basic credentials of the bootstrap admin. */
  readonly adminAuth: string;
  /** The id of the bootstrap collection of `/hub/`. */
  readonly collectionId: string;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  /**
   * A request with exactly the given headers (node:http adds none of fetch's defaults, so a
   * missing Accept really is missing) and a raw body.
   */
  rawRequest(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string | Buffer,
  ): Promise<TestResponse>;
  stop(): Promise<void>;
}

export const TAXII = 'application/taxii+json;version=2.1';

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/**
 * A real hub on a loopback port over a real SQLite file in a fresh temporary directory.
 * `config` overrides flags such as `taxii.maxPageSize`. With `backend: 'postgres'` (or
 * CAIRN_TEST_BACKEND=postgres) the store is a fresh schema on TEST_PG_URL instead.
 */
export async function startTestHub(
  config: Record<string, string | number | boolean> = {},
  options: {
    readonly clock?: Clock;
    readonly backend?: TestBackend;
    /** The server's environment, where federation peers' `env:` credentials are read. */
    readonly env?: Record<string, string>;
  } = {},
): Promise<TestHub> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-test-'));
  const backend = options.backend ?? (process.env.CAIRN_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite');
  const database = backend === 'postgres' ? freshPgSchema() : undefined;
  const cfg = loadConfig({
    env: { CAIRN_ADMIN_PASSWORD: ADMIN_PASSWORD },
    flags: {
      dataDir,
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      ...(database === undefined ? {} : { databaseUrl: database.url }),
      ...config,
    },
  });
  const hub = await createHub(cfg, {
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.env === undefined ? {} : { env: options.env }),
  }).catch(async (error: unknown) => {
    await database?.drop();
    throw error;
  });
  const server = await startServer(hub);
  const collections = await hub.store.tenancy.listCollections();
  const adminAuth = basic('admin', ADMIN_PASSWORD);
  return {
    hub,
    url: server.url,
    dataDir,
    adminAuth,
    collectionId: (collections[0] as { id: string }).id,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { accept: TAXII, ...options.headers };
      const auth = options.auth === undefined ? adminAuth : options.auth;
      if (auth !== null) headers.authorization = auth;
      let body: string | undefined;
      if (options.body !== undefined) {
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
        headers['content-type'] ??= TAXII;
      }
      const res = await fetch(server.url + path, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await res.text();
      return {
        status: res.status,
        headers: res.headers,
        text,
        json: text === '' ? undefined : JSON.parse(text),
      };
    },
    rawRequest(method, path, headers, body) {
      return new Promise<TestResponse>((resolve, reject) => {
        const req = httpRequest(server.url + path, { method, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers))
              if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
            resolve({ status: res.statusCode ?? 0, headers: h, text, json: parseJsonOrText(text) });
          });
        });
        req.on('error', reject);
        req.end(body);
      });
    },
    async stop() {
      await server.stop();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The store a test hub runs on; `CAIRN_TEST_BACKEND=postgres` changes the default. */
export type TestBackend = 'sqlite' | 'postgres';

/** A fresh schema on TEST_PG_URL for one hub (created by its migration), dropped by `drop`. */
function freshPgSchema(): { url: string; drop(): Promise<void> } {
  const base = process.env.TEST_PG_URL;
  if (base === undefined || base === '') throw new Error('The postgres test backend needs TEST_PG_URL');
  const schema = `cairn_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

function parseJsonOrText(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
