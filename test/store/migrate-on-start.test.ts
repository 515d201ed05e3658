import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createHub, startServer } from '../../src/app/index.js';
import { loadConfig } from '../../src/config/index.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/postgres-migrations.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/sqlite-migrations.js';
import { runCli } from '../helpers/run-cli.js';
import { createPgTestSchema, TEST_PG_URL } from '../scale/pg-test-schema.js';

/**
 * Issue 6 (docs/scale-out.md "Rolling out a new version"): with `database.migrateOnStart`
 * false a node only checks that the schema is exactly its own and refuses to start otherwise,
 * writing nothing; `cairn migrate` (the real CLI) upgrades it; with true (the default) a node
 * migrates itself. A schema newer than the code is refused whatever the setting. Both engines:
 * SQLite files in a temporary directory, PostgreSQL in a fresh schema per test on TEST_PG_URL.
 */
const ADMIN_PASSWORD = 'migrate-on-start-admin-password';

/** One empty database of an engine, and how to look at it from outside Cairn. */
interface Place {
  /** Config flags selecting it. */
  readonly flags: Record<string, string>;
  /** CLI arguments and environment selecting it. */
  readonly cli: { readonly args: readonly string[]; readonly env: Record<string, string> };
  /** Whether anything of it exists yet (the SQLite file, the PostgreSQL schema). */
  exists(): Promise<boolean>;
  /** Runs one statement on it directly. */
  exec(sql: string): Promise<void>;
  /** The versions recorded in its schema_migrations. */
  versions(): Promise<number[]>;
  drop(): Promise<void>;
}

interface Engine {
  readonly name: 'sqlite' | 'postgres';
  readonly latest: number;
  fresh(): Place;
}

const sqlite: Engine = {
  name: 'sqlite',
  latest: Math.max(...SQLITE_MIGRATIONS.map((m) => m.version)),
  fresh() {
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-migrate-on-start-'));
    const file = join(dataDir, 'cairn.db');
    const withDb = <T>(work: (db: Database.Database) => T): T => {
      const db = new Database(file, { fileMustExist: true });
      try {
        return work(db);
      } finally {
        db.close();
      }
    };
    return {
      flags: { dataDir },
      cli: { args: ['--data', dataDir], env: {} },
      exists: async () => existsSync(file),
      exec: async (sql) => withDb((db) => void db.exec(sql)),
      versions: async () =>
        withDb((db) =>
          (
            db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as {
              version: number;
            }[]
          ).map((r) => r.version),
        ),
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  },
};

function postgres(base: string): Engine {
  return {
    name: 'postgres',
    latest: Math.max(...POSTGRES_MIGRATIONS.map((m) => m.version)),
    fresh() {
      const schema = createPgTestSchema(base, 'cairn_mos');
      const dataDir = mkdtempSync(join(tmpdir(), 'cairn-migrate-on-start-'));
      return {
        flags: { dataDir, databaseUrl: schema.url() },
        cli: { args: ['--data', dataDir], env: { CAIRN_DATABASE_URL: schema.url() } },
        exists: async () =>
          (
            await schema.query<{ n: number }>(
              'SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = $1',
              [schema.name],
            )
          )[0]?.n === 1,
        exec: async (sql) => void (await schema.query(sql)),
        versions: async () =>
          (
            await schema.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
          ).map((r) => r.version),
        drop: async () => {
          await schema.drop();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}

const configFor = (place: Place, migrateOnStart: boolean) =>
  loadConfig({
    env: { CAIRN_ADMIN_PASSWORD: ADMIN_PASSWORD },
    flags: {
      ...place.flags,
      host: '127.0.0.1',
      port: 0,
      logLevel: 'silent',
      'database.migrateOnStart': migrateOnStart,
    },
  });

/** Starts a node on `place`, checks it answers /readyz, and stops it. */
async function startAndStop(place: Place, migrateOnStart: boolean): Promise<void> {
  const hub = await createHub(configFor(place, migrateOnStart));
  const server = await startServer(hub);
  try {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  } finally {
    await server.stop();
  }
}

const migrateCli = (place: Place) =>
  runCli(['migrate', ...place.cli.args], { env: { ...place.cli.env, CAIRN_ADMIN_PASSWORD: ADMIN_PASSWORD } });

function suite(engine: Engine): void {
  describe(`migrateOnStart on ${engine.name}`, () => {
    const places: Place[] = [];
    const fresh = () => {
      const place = engine.fresh();
      places.push(place);
      return place;
    };
    afterEach(async () => {
      for (const place of places.splice(0)) await place.drop();
    });

    it('with false, a fresh database refuses to start, names both versions and creates nothing', async () => {
      const place = fresh();
      const refusal = createHub(configFor(place, false));
      await expect(refusal).rejects.toMatchObject({ code: 'CAIRN_SCHEMA_MISMATCH' });
      await expect(refusal).rejects.toThrow(
        `The database schema is at version 0 but this Cairn needs version ${engine.latest}`,
      );
      await expect(refusal).rejects.toThrow('run "cairn migrate" first');
      expect(await place.exists(), 'nothing was created').toBe(false);
    });

    it('with false from the environment, `cairn serve` exits 1 with the code', async () => {
      const place = fresh();
      const res = await runCli(['serve', '--port', '0', ...place.cli.args], {
        env: {
          ...place.cli.env,
          CAIRN_ADMIN_PASSWORD: ADMIN_PASSWORD,
          CAIRN_DATABASE_MIGRATE_ON_START: 'false',
        },
      });
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/^CAIRN_SCHEMA_MISMATCH: The database schema is at version 0 /m);
      expect(await place.exists()).toBe(false);
    });

    it('after `cairn migrate`, a node with false starts and changes nothing', async () => {
      const place = fresh();
      const migrated = await migrateCli(place);
      expect(migrated.stderr).toBe('');
      expect(migrated.code).toBe(0);
      expect(migrated.stdout).toContain(`store is at schema version ${engine.latest}`);
      const versions = await place.versions();
      expect(versions.at(-1)).toBe(engine.latest);
      await startAndStop(place, false);
      expect(await place.versions()).toEqual(versions);
    });

    it('with true, a fresh database is migrated on start', async () => {
      const place = fresh();
      await startAndStop(place, true);
      expect((await place.versions()).at(-1)).toBe(engine.latest);
    });

    it('with false, a database one migration behind is refused and left as it was', async () => {
      const place = fresh();
      await startAndStop(place, true);
      // Forget the last migration as a database from the previous release would.
      await place.exec(`DELETE FROM schema_migrations WHERE version = ${engine.latest}`);
      await expect(createHub(configFor(place, false))).rejects.toThrow(
        `The database schema is at version ${engine.latest - 1} but this Cairn needs version ${engine.latest} (1 migration(s) pending)`,
      );
      expect(await place.versions()).not.toContain(engine.latest);
    });

    it('a database newer than the code is refused with either setting, and by `cairn migrate`', async () => {
      const place = fresh();
      await startAndStop(place, true);
      await place.exec(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from-the-future', '2030-01-01')",
      );
      for (const migrateOnStart of [true, false]) {
        const refusal = createHub(configFor(place, migrateOnStart));
        await expect(refusal).rejects.toMatchObject({ code: 'CAIRN_SCHEMA_MISMATCH' });
        await expect(refusal).rejects.toThrow(
          `The database schema is at version 999, newer than this Cairn (version ${engine.latest}) knows`,
        );
      }
      const migrated = await migrateCli(place);
      expect(migrated.code).toBe(1);
      expect(migrated.stderr).toMatch(/^CAIRN_SCHEMA_MISMATCH: .*upgrade Cairn instead/m);
      expect((await place.versions()).at(-1)).toBe(999);
    });
  });
}

suite(sqlite);
if (TEST_PG_URL === undefined) {
  describe('migrateOnStart on postgres', () => {
    it('migrateOnStart on postgres requires TEST_PG_URL (it did NOT run)', () => {
      expect(process.env.CI ?? '', 'CI is set but TEST_PG_URL is not: the PostgreSQL half did not run').toBe(
        '',
      );
    });
  });
} else {
  suite(postgres(TEST_PG_URL));
}
