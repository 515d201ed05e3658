/**
 * Raw SQLite store inserts: `store.objects.add` in batches of 1,000 (one POST's worth, one
 * transaction each) as the objects table grows, with no HTTP and no validation, to tell the
 * store's share of the TAXII ingest cost and whether inserts slow down with size
 * (DESIGN.md §6: measure at 1M objects, not 10k). Objects are prepared before each timed
 * batch, so only `add` is timed.
 *
 * Full: 1,000,000 objects, a rate per 100,000. Quick: 100,000, a rate per 20,000.
 * CAIRN_BENCH_KEEP=1 keeps the database file (its path is printed).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSystemClock } from '../src/core/index.js';
import { openSqliteStore } from '../src/store/sqlite/open-sqlite-store.js';
import type { PreparedObject, StatusRecord } from '../src/store/store.js';
import { BENCH_ENVELOPE, prepareObject } from './generate-objects.js';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const BATCH = 1_000;

export async function run(options: { quick?: boolean } = {}): Promise<BenchResult[]> {
  const quick = options.quick === true;
  const total = quick ? 100_000 : 1_000_000;
  const segment = quick ? 20_000 : 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-store-'));
  const path = join(dir, 'cairn.db');
  const store = await openSqliteStore({ path, migrate: 'auto', clock: createSystemClock() });
  const results: BenchResult[] = [];
  try {
    const now = Date.now() * 1000;
    const org = {
      id: randomUUID(),
      name: 'bench-org',
      orgClass: 'private',
      identityId: `identity--${randomUUID()}`,
      createdAt: now,
    } as const;
    await store.tenancy.addOrganisation(org);
    const communityId = randomUUID();
    await store.tenancy.addCommunity({
      id: communityId,
      name: 'bench',
      title: 'Bench',
      kind: 'hub',
      defaultTlp: 'green',
      maxContentLength: 64 * 2 ** 20,
      createdAt: now,
    });
    const collectionId = randomUUID();
    await store.tenancy.addCollection({
      id: collectionId,
      communityId,
      title: 'Bench',
      readGrants: [],
      writeGrants: [],
      createdAt: now,
    });

    const envelope = { ...BENCH_ENVELOPE, submitterOrgId: org.id };
    let segmentMs = 0;
    let totalMs = 0;
    const started = performance.now();
    for (let from = 0; from < total; from += BATCH) {
      const batch: PreparedObject[] = [];
      for (let i = from; i < from + BATCH; i++) batch.push(prepareObject(i, 0, envelope));
      const status: StatusRecord = {
        id: randomUUID(),
        communityId,
        collectionId,
        submitterOrgId: org.id,
        requestTimestamp: Date.now() * 1000,
        status: 'complete',
        totalCount: BATCH,
        successes: [],
        failures: [],
        pendings: [],
      };
      const t = performance.now();
      await store.objects.add(collectionId, batch, status);
      const ms = performance.now() - t;
      segmentMs += ms;
      totalMs += ms;
      if ((from + BATCH) % segment === 0) {
        const rate = (segment / segmentMs) * 1000;
        const name = `add() at ${(from + BATCH - segment).toLocaleString('en-US')}–${(from + BATCH).toLocaleString('en-US')} rows`;
        results.push({
          name,
          value: rate,
          unit: 'objects/s',
          note: `batches of ${BATCH}, one transaction each`,
        });
        process.stderr.write(`[store] ${name}: ${Math.round(rate).toLocaleString('en-US')} objects/s\n`);
        segmentMs = 0;
      }
    }
    results.push({
      name: `add() overall to ${total.toLocaleString('en-US')} rows`,
      value: (total / totalMs) * 1000,
      unit: 'objects/s',
      note: `add() time only; ${Math.round((performance.now() - started) / 1000)} s wall with generation`,
    });
    const bytes = statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    results.push({
      name: 'database size',
      value: bytes / 2 ** 20,
      unit: 'MiB',
      note: `${total.toLocaleString('en-US')} objects, before checkpoint`,
    });
    return results;
  } finally {
    await store.close();
    // CAIRN_BENCH_KEEP=1 leaves the database for query-plan experiments.
    if (process.env.CAIRN_BENCH_KEEP === '1') process.stderr.write(`[store] database kept in ${path}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
