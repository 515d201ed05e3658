/**
 * A real hub for the HTTP benchmarks: createHub + startServer on a loopback port with silent
 * logs, its store SQLite in a temporary directory or PostgreSQL in a fresh schema on
 * TEST_PG_URL, both removed by `stop`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, type Hub, startServer } from '../src/app/index.js';
import { loadConfig } from '../src/config/index.js';
import { type BackendName, freshPostgresSchema, sqliteFileBytes } from './bench-backends.js';

export interface BenchHub {
  readonly hub: Hub;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Bytes the store occupies (SQLite: file and WAL; PostgreSQL: the schema's relations). */
  databaseBytes(): Promise<number>;
  stop(): Promise<void>;
}

export async function startBenchHub(
  backend: BackendName,
  options: {
    readonly adminPassword: string;
    /** Names the temporary directory and schema, e.g. `cairn_bench_taxii`. */
    readonly label: string;
    readonly flags?: Readonly<Record<string, string | number | boolean>>;
  },
): Promise<BenchHub> {
  const dataDir = mkdtempSync(join(tmpdir(), `${options.label}-`));
  const schema = backend === 'postgres' ? freshPostgresSchema(options.label) : undefined;
  const cleanup = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await schema?.drop();
  };
  try {
    const hub = await createHub(
      loadConfig({
        env: { CAIRN_ADMIN_PASSWORD: options.adminPassword },
        flags: {
          dataDir,
          ...(schema === undefined ? {} : { databaseUrl: schema.url }),
          port: 0,
          host: '127.0.0.1',
          logLevel: 'silent',
          ...options.flags,
        },
      }),
    );
    const server = await startServer(hub);
    return {
      hub,
      url: server.url,
      databaseBytes: () =>
        schema === undefined
          ? Promise.resolve(sqliteFileBytes(join(dataDir, 'cairn.db')))
          : schema.sizeBytes(),
      async stop() {
        await server.stop();
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
