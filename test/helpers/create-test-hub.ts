import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, type Hub, startServer } from '../../src/app/index.js';
import { loadConfig } from '../../src/config/index.js';

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
  stop(): Promise<void>;
}

export const TAXII = 'application/taxii+json;version=2.1';

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/**
 * A real hub on a loopback port over a real SQLite file in a fresh temporary directory.
 * `config` overrides flags such as `taxii.maxPageSize`.
 */
export async function startTestHub(config: Record<string, string | number | boolean> = {}): Promise<TestHub> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-test-'));
  const cfg = loadConfig({
    env: { CAIRN_ADMIN_PASSWORD: ADMIN_PASSWORD },
    flags: { dataDir, port: 0, host: '127.0.0.1', logLevel: 'silent', ...config },
  });
  const hub = await createHub(cfg);
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
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
