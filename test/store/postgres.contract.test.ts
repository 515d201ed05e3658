import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/index.js';
import { CONSENT_LEVELS, TLP_LEVELS } from '../../src/core/index.js';
import type { VisibilityFilter } from '../../src/sharing/index.js';
import { tryTimestampKey } from '../../src/stix/index.js';
import type { ObjectQuery, PreparedObject, Store } from '../../src/store/index.js';
import { openPostgresStore } from '../../src/store/postgres/open-postgres-store.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/postgres-migrations.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { CONTRACT_PCII_KEY } from '../contract/release-dating.contract.js';
import { describeStoreContract, manualClock } from '../contract/store.contract.js';

/**
 * The Store contract on a real PostgreSQL server (TEST_PG_URL, which .ci/run exports). Each
 * store gets a fresh schema, dropped when the file ends. Without TEST_PG_URL the suite cannot
 * run: a test says so by name, and fails under CI so the suite is never lost silently.
 */
const url = process.env.TEST_PG_URL;

if (url === undefined || url === '') {
  describe('postgres contract', () => {
    it('postgres contract requires TEST_PG_URL (the PostgreSQL suite did NOT run)', () => {
      expect(process.env.CI ?? '', 'CI is set but TEST_PG_URL is not: the PostgreSQL suite did not run').toBe(
        '',
      );
    });
  });
} else {
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const schemas: string[] = [];
  let lastSchema = '';
  const freshSchema = async (): Promise<string> => {
    const schema = `cairn_test_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE SCHEMA ${schema}`);
    schemas.push(schema);
    lastSchema = schema;
    return schema;
  };
  afterAll(async () => {
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await admin.end();
  });

  const openOn = (schema: string, clock: Clock, poolSize: number) =>
    openPostgresStore({ url, schema, migrate: 'auto', clock, poolSize, pciiKey: CONTRACT_PCII_KEY });
  const openSibling = (clock: Clock) => openOn(lastSchema, clock, 4);

  describeStoreContract('postgres', async (clock) => openOn(await freshSchema(), clock, 4), { openSibling });
  // One connection: any checkout of a second connection inside a transaction would deadlock.
  describeStoreContract('postgres (pool of 1)', async (clock) => openOn(await freshSchema(), clock, 1), {
    openSibling: (clock) => openOn(lastSchema, clock, 1),
  });

  describe('postgres adapter', () => {
    it('migrates once when several nodes open an empty schema together', async () => {
      const schema = await freshSchema();
      const stores = await Promise.all(Array.from({ length: 4 }, () => openOn(schema, manualClock(), 2)));
      try {
        const all = POSTGRES_MIGRATIONS.length;
        expect(stores.map((s) => s.migration.applied.length).sort()).toEqual([0, 0, 0, all]);
        const { rows } = await admin.query(
          `SELECT version FROM ${schema}.schema_migrations ORDER BY version`,
        );
        expect(rows).toEqual(POSTGRES_MIGRATIONS.map((m) => ({ version: m.version })));
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    it('refuses a schema with pending migrations when told never to migrate', async () => {
      await expect(
        openPostgresStore({ url, schema: await freshSchema(), migrate: 'never' }),
      ).rejects.toMatchObject({ code: 'CAIRN_CONFIG_INVALID' });
    });

    it('reads schema, pool size and statement timeout from the URL', async () => {
      const schema = await freshSchema();
      const u = new URL(url);
      u.searchParams.set('schema', schema);
      u.searchParams.set('pool_size', '2');
      u.searchParams.set('statement_timeout_ms', '1234');
      const store = await openPostgresStore({ url: u.toString(), migrate: 'auto' });
      try {
        await store.settings.setIfAbsent('k', 'v');
        const { rows } = await admin.query(`SELECT value FROM ${schema}.settings`);
        expect(rows).toEqual([{ value: 'v' }]);
      } finally {
        await store.close();
      }
    });

    it('finds nothing for a key with a NUL character (which PostgreSQL text cannot hold)', async () => {
      const store = await openOn(await freshSchema(), manualClock(), 1);
      try {
        expect(await store.tenancy.findCommunity('a\u0000b')).toBeUndefined();
        expect(await store.settings.get('k\u0000')).toBeUndefined();
        await expect(store.settings.setIfAbsent('k\u0000', 'v')).rejects.toMatchObject({
          code: 'CAIRN_INVALID_INPUT',
        });
      } finally {
        await store.close();
      }
    });

    it('reports an unreachable server as CAIRN_STORE_UNAVAILABLE', async () => {
      const u = new URL(url);
      u.port = '1';
      await expect(openPostgresStore({ url: u.toString(), migrate: 'auto' })).rejects.toMatchObject({
        code: 'CAIRN_STORE_UNAVAILABLE',
      });
    });

    it('reports a statement timeout as CAIRN_STORE_UNAVAILABLE', async () => {
      const schema = await freshSchema();
      const store = await openPostgresStore({ url, schema, migrate: 'auto', statementTimeoutMs: 50 });
      try {
        // Hold the settings table locked from another session so the insert waits past the timeout.
        const locker = await admin.connect();
        try {
          await locker.query('BEGIN');
          await locker.query(`LOCK TABLE ${schema}.settings`);
          await expect(store.settings.setIfAbsent('k', 'v')).rejects.toMatchObject({
            code: 'CAIRN_STORE_UNAVAILABLE',
          });
          await locker.query('ROLLBACK');
        } finally {
          locker.release();
        }
        expect(await store.settings.setIfAbsent('k', 'v')).toBe('v');
      } finally {
        await store.close();
      }
    });

    it('recovers after the server terminates its connections', async () => {
      const schema = await freshSchema();
      // A URL application_name marks this store's connections, so only they are killed.
      const u = new URL(url);
      u.searchParams.set('application_name', schema);
      const store = await openPostgresStore({ url: u.toString(), schema, migrate: 'auto', poolSize: 2 });
      try {
        await store.ping();
        const killed = await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
          [schema],
        );
        expect(killed.rowCount).toBeGreaterThan(0);
        // The first use of a killed connection may fail (503); the pool then reconnects.
        await store.ping().catch((error: unknown) => {
          expect(error).toMatchObject({ code: 'CAIRN_STORE_UNAVAILABLE' });
        });
        await store.ping();
        expect(await store.settings.setIfAbsent('after', 'restart')).toBe('restart');
      } finally {
        await store.close();
      }
    });
  });

  describe('postgres and sqlite agree on the sharing envelope', () => {
    it('stores consent, visibility and attribution the same way', async () => {
      const random = seeded(42);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
      const batches: PreparedObject[][] = [];
      for (let b = 0; b < 6; b++) {
        batches.push(
          Array.from({ length: 30 }, (_, i) => {
            const id = `indicator--00000000-0000-4000-8000-${String((b * 7 + i) % 60).padStart(12, '0')}`;
            const modified = `2026-01-0${1 + Math.floor(random() * 5)}T00:00:00.000Z`;
            const object = {
              type: 'indicator',
              id,
              spec_version: '2.1',
              created: modified,
              modified,
              name: `b${b}`,
            };
            return {
              stixId: id,
              type: 'indicator',
              version: modified,
              versionKey: tryTimestampKey(modified),
              specVersion: '2.1',
              json: JSON.stringify(object),
              object,
              ...(random() < 0.5 ? { anonymisedJson: JSON.stringify({ ...object, anon: true }) } : {}),
              envelope: {
                tlp: pick(TLP_LEVELS),
                submitterOrgId: pick(['o1', 'o2', 'o3']),
                ...(random() < 0.5 ? { submitterUserId: pick(['u1', 'u2']) } : {}),
                consent: pick(CONSENT_LEVELS),
                providersAllowed: random() < 0.5,
                recipients: random() < 0.3 ? [pick(['u1', 'u2', 'u%_"x'])] : [],
                sourceIdentity: random() < 0.2,
              },
            };
          }),
        );
      }
      const filters: (VisibilityFilter | undefined)[] = [
        undefined,
        { anyOf: [] },
        { anyOf: [{ tlps: ['clear', 'green'] }, { tlps: ['amber'], submitterOrgId: 'o1' }] },
        {
          anyOf: [
            { tlps: ['red'], recipient: 'u%_"x' },
            { tlps: ['amber'], providersAllowed: true },
          ],
        },
        { anyOf: [{ tlps: [...TLP_LEVELS], sourceIdentityConsents: ['everyone'] }] },
        { anyOf: [{ tlps: ['amber+strict'], submitterUserId: 'u2', sourceIdentityConsents: [] }] },
      ];
      const run = async (store: Store) => {
        const coll = await seedCollection(store);
        for (const b of batches) await store.objects.add(coll, b, statusFor(coll));
        const out: unknown[] = [];
        for (const visibility of filters) {
          for (const versions of [LAST, FIRST, ALL]) {
            const q: ObjectQuery = {
              versions,
              limit: 1000,
              ...(visibility === undefined ? {} : { visibility }),
              attribution: { consents: ['everyone'], submitterOrgId: 'o2' },
            };
            const page = await store.objects.query(coll, q);
            out.push(page.items.map((o) => [o.stixId, o.version, o.json]));
          }
          out.push(await store.objects.exists(coll, batches[0]?.[0]?.stixId ?? '', visibility));
        }
        return out;
      };
      const lite = await openSqliteStore({ path: ':memory:', clock: manualClock() });
      const post = await openOn(await freshSchema(), manualClock(), 2);
      try {
        const expected = await run(lite);
        expect(expected.flat().length).toBeGreaterThan(0);
        expect(await run(post)).toEqual(expected);
      } finally {
        await lite.close();
        await post.close();
      }
    });
  });
}

const LAST: ObjectQuery['versions'] = { all: false, first: false, last: true, keys: [] };
const FIRST: ObjectQuery['versions'] = { all: false, first: true, last: false, keys: [] };
const ALL: ObjectQuery['versions'] = { all: true, first: false, last: false, keys: [] };

function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
}

async function seedCollection(store: Store): Promise<string> {
  await store.tenancy.addCommunity({
    id: 'c1',
    name: 'c1',
    title: 'C',
    kind: 'isac',
    defaultTlp: 'amber',
    maxContentLength: 1000,
    createdAt: 0,
  });
  await store.tenancy.addCollection({
    id: 'k1',
    communityId: 'c1',
    title: 'K',
    readGrants: [],
    writeGrants: [],
    createdAt: 0,
  });
  return 'k1';
}

function statusFor(coll: string) {
  return {
    id: `s-${Math.random()}`,
    communityId: 'c1',
    collectionId: coll,
    submitterOrgId: 'o1',
    requestTimestamp: 1,
    status: 'complete' as const,
    totalCount: 1,
    successes: [],
    failures: [],
    pendings: [],
  };
}
