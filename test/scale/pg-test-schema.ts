import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

/** TEST_PG_URL, the machine's shared PostgreSQL (trust auth); undefined when not configured. */
export const TEST_PG_URL = process.env.TEST_PG_URL === '' ? undefined : process.env.TEST_PG_URL;

/**
 * Declares a suite that needs the shared PostgreSQL. Without TEST_PG_URL (which .ci/run
 * exports) it cannot run: a test says so by name, and fails under CI so the suite is never
 * lost silently (the convention of test/store/postgres.contract.test.ts).
 */
export function describeWithPostgres(name: string, body: (baseUrl: string) => void): void {
  const base = TEST_PG_URL;
  if (base === undefined) {
    describe(name, () => {
      it(`${name} requires TEST_PG_URL (it did NOT run)`, () => {
        expect(process.env.CI ?? '', `CI is set but TEST_PG_URL is not: ${name} did not run`).toBe('');
      });
    });
    return;
  }
  describe(name, () => body(base));
}

/** A fresh schema of its own for one test file, on the shared PostgreSQL. */
export interface PgTestSchema {
  readonly name: string;
  /** The database URL of the schema, optionally through another port (a TcpProxy's). */
  url(options?: { readonly port?: number; readonly params?: Record<string, string> }): string;
  /** Runs one statement directly in the schema (for checks the HTTP API cannot make). */
  query<R extends object>(text: string, values?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

export function createPgTestSchema(base: string, prefix = 'cairn_scale'): PgTestSchema {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const withSchema = (options: Parameters<PgTestSchema['url']>[0] = {}) => {
    const url = new URL(base);
    if (options.port !== undefined) {
      url.hostname = '127.0.0.1';
      url.port = String(options.port);
    }
    url.searchParams.set('schema', name);
    for (const [k, v] of Object.entries(options.params ?? {})) url.searchParams.set(k, v);
    return url.toString();
  };
  const withClient = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: base, options: `-c search_path=${name}` });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    name,
    url: withSchema,
    query: (text, values = []) =>
      withClient(async (client) => (await client.query(text, values)).rows as never),
    drop: () =>
      withClient(async (client) => void (await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`))),
  };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
