import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../core/index.js';
import { compileVisibility, type SharingEnvelope } from '../../sharing/index.js';
import { tryTimestampKey } from '../../stix/index.js';
import { openPostgresStore } from '../postgres/open-postgres-store.js';
import { openSqliteStore } from '../sqlite/open-sqlite-store.js';
import type { ObjectQuery, PreparedObject, StatusRecord, Store } from '../store.js';

/**
 * Pages resumed from `added_after` (buildObjectQuerySql writes the page's lower bound as the
 * tighter of `added_after` and the cursor, and the cursor as a row comparison on PostgreSQL):
 * on both engines, every walk, whatever its page size, returns exactly the one-page answer,
 * and the two engines return the same versions.
 */
const ENVELOPE: SharingEnvelope = {
  tlp: 'green',
  submitterOrgId: 'org-1',
  consent: 'none',
  providersAllowed: false,
  recipients: [],
  sourceIdentity: false,
};
const ADMIN_VISIBILITY = compileVisibility({
  kind: 'user',
  id: 'admin',
  orgId: 'org-admin',
  orgClass: 'private',
  hubAdmin: true,
});
const LAST: ObjectQuery['versions'] = { all: false, first: false, last: true, keys: [] };
const FIRST: ObjectQuery['versions'] = { all: false, first: true, last: false, keys: [] };
const ALL: ObjectQuery['versions'] = { all: true, first: false, last: false, keys: [] };
const SELECTORS = { last: LAST, first: FIRST, all: ALL };
const START = Date.UTC(2026, 0, 1) * 1000;
const BATCHES = 6;
const IDS = Array.from(
  { length: 12 },
  (_, k) => `indicator--${String(k).padStart(8, '0')}-0000-4000-8000-000000000000`,
);

/** Batch b, at START + b seconds: a version of every third-but-one id, some older than stored ones. */
function batch(b: number): PreparedObject[] {
  return IDS.filter((_, k) => (k + b) % 3 !== 0).map((id, k) => {
    // Odd batches add versions older than the ones before them: their rows are not the latest.
    const day = b % 2 === 0 ? 10 + b : 10 - b - (k % 2);
    const modified = `2026-02-${String(day).padStart(2, '0')}T00:00:00.000Z`;
    const object = { type: 'indicator', spec_version: '2.1', id, created: modified, modified };
    return {
      stixId: id,
      type: 'indicator',
      version: modified,
      versionKey: tryTimestampKey(modified),
      specVersion: '2.1',
      json: JSON.stringify(object),
      object,
      envelope: ENVELOPE,
    };
  });
}

async function seed(store: Store, clock: { set(micros: number): void }): Promise<string> {
  await store.tenancy.addCommunity({
    id: 'comm-1',
    name: 'comm1',
    title: 'Community',
    kind: 'isac',
    defaultTlp: 'amber',
    maxContentLength: 1_000_000,
    createdAt: 0,
  });
  await store.tenancy.addCollection({
    id: 'coll-1',
    communityId: 'comm-1',
    title: 'Collection',
    readGrants: [],
    writeGrants: [],
    createdAt: 0,
  });
  for (let b = 0; b < BATCHES; b++) {
    clock.set(START + b * 1_000_000);
    const objects = batch(b);
    const status: StatusRecord = {
      id: `status-${b}`,
      communityId: 'comm-1',
      collectionId: 'coll-1',
      submitterOrgId: 'org-1',
      requestTimestamp: 1,
      status: 'complete',
      totalCount: objects.length,
      successes: [],
      failures: [],
      pendings: [],
    };
    await store.objects.add('coll-1', objects, status);
  }
  return 'coll-1';
}

const label = (o: { stixId: string; version: string }) =>
  `${o.stixId.slice(11, 19)}@${o.version.slice(5, 10)}`;

async function onePage(store: Store, query: ObjectQuery): Promise<string[]> {
  return (await store.objects.query('coll-1', { ...query, limit: 1000 })).items.map(label);
}

async function walked(store: Store, query: ObjectQuery): Promise<string[]> {
  const seen: string[] = [];
  let q = query;
  for (;;) {
    const page = await store.objects.query('coll-1', q);
    seen.push(...page.items.map(label));
    const last = page.items.at(-1);
    if (!page.more || last === undefined) return seen;
    q = { ...q, after: { dateAdded: last.dateAdded, seq: last.seq } };
  }
}

/** Every selector × added_after at each batch boundary × with and without a visibility filter. */
function shapes(): { name: string; query: Omit<ObjectQuery, 'limit'> }[] {
  const out: { name: string; query: Omit<ObjectQuery, 'limit'> }[] = [];
  for (const [selector, versions] of Object.entries(SELECTORS)) {
    for (const from of [undefined, 1, 3, 5]) {
      for (const visibility of [undefined, ADMIN_VISIBILITY]) {
        out.push({
          name: `${selector}, added_after batch ${from ?? '-'}${visibility === undefined ? '' : ', filtered'}`,
          query: {
            versions,
            ...(from === undefined ? {} : { addedAfter: START + from * 1_000_000 - 1 }),
            ...(visibility === undefined ? {} : { visibility }),
          },
        });
      }
    }
  }
  return out;
}

function manualClock(): Clock & { set(micros: number): void } {
  let now = START;
  return { nowMicros: () => now, set: (m) => (now = m) };
}

const backends: { name: string; open(clock: Clock): Promise<{ store: Store; drop(): Promise<void> }> }[] = [
  {
    name: 'sqlite',
    async open(clock) {
      const dir = mkdtempSync(join(tmpdir(), 'cairn-walk-'));
      const store = await openSqliteStore({ path: join(dir, 'cairn.db'), migrate: 'auto', clock });
      return { store, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    async open(clock) {
      const url = process.env.TEST_PG_URL;
      if (url === undefined || url === '') throw new Error('The postgres half needs TEST_PG_URL');
      const schema = `cairn_test_${randomBytes(6).toString('hex')}`;
      const store = await openPostgresStore({ url, schema, migrate: 'auto', clock, poolSize: 2 });
      const drop = async () => {
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.end();
      };
      return { store, drop };
    },
  },
];

describe('object pages resumed from added_after', () => {
  const stores: Record<string, Store> = {};
  const drops: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    for (const backend of backends) {
      const clock = manualClock();
      const opened = await backend.open(clock);
      drops.push(async () => {
        await opened.store.close();
        await opened.drop();
      });
      stores[backend.name] = opened.store;
      await seed(opened.store, clock);
    }
  });
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it.each(shapes())('walks to the one-page answer, the same on both engines: $name', async ({ query }) => {
    const sqlite = stores.sqlite as Store;
    const postgres = stores.postgres as Store;
    const expected = await onePage(sqlite, { ...query, limit: 1000 });
    expect(expected.length).toBeGreaterThan(0);
    expect(await onePage(postgres, { ...query, limit: 1000 })).toEqual(expected);
    for (const limit of [1, 2, 5]) {
      expect(await walked(sqlite, { ...query, limit })).toEqual(expected);
      expect(await walked(postgres, { ...query, limit })).toEqual(expected);
    }
  });

  it('ignores a cursor at or before added_after, and added_after before a cursor', async () => {
    for (const store of Object.values(stores)) {
      const rows = (await store.objects.query('coll-1', { versions: ALL, limit: 1000 })).items;
      const at = (i: number) => {
        const row = rows[i] as { dateAdded: number; seq: number };
        return { dateAdded: row.dateAdded, seq: row.seq };
      };
      for (const versions of [LAST, ALL]) {
        const query: ObjectQuery = { versions, limit: 1000, addedAfter: at(20).dateAdded };
        const alone = await onePage(store, query);
        for (const i of [0, 19, 20]) expect(await onePage(store, { ...query, after: at(i) })).toEqual(alone);
        // A later cursor: the versions of the added_after answer that come after it.
        const cursor = at(30);
        const later = (await store.objects.query('coll-1', query)).items
          .filter(
            (o) => o.dateAdded > cursor.dateAdded || (o.dateAdded === cursor.dateAdded && o.seq > cursor.seq),
          )
          .map(label);
        expect(later.length).toBeGreaterThan(0);
        expect(await onePage(store, { ...query, after: cursor })).toEqual(later);
      }
    }
  });
});
