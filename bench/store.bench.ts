/**
 * Raw store inserts on both backends: `store.objects.add` in batches of 1,000 (one POST's
 * worth, one transaction each) as the objects table grows, with no HTTP and no validation, to
 * tell the store's share of the TAXII ingest cost, whether inserts slow down with size
 * (DESIGN.md §6: measure at 1M objects, not 10k), and what a million objects occupy on disk.
 * Objects are prepared before each timed batch, so only `add` is timed.
 *
 * Full: 1,000,000 objects, a rate per 100,000. Quick: 100,000, a rate per 20,000.
 * SQLite is a WAL file in a temporary directory, PostgreSQL a fresh schema on TEST_PG_URL.
 * CAIRN_BENCH_KEEP=1 keeps the database file and the schema (where they are is printed).
 */
import type { PreparedObject } from '../src/store/store.js';
import { type Backend, postgresBackend, seedCollection, sqliteBackend, statusOf } from './bench-backends.js';
import { prepareObject } from './generate-objects.js';
import type { BenchResult } from './side-by-side.js';

const BATCH = 1_000;

export async function run(options: { quick?: boolean } = {}): Promise<BenchResult[]> {
  const quick = options.quick === true;
  const results: BenchResult[] = [];
  for (const backend of [sqliteBackend(), postgresBackend()]) {
    try {
      results.push(...(await measure(backend, quick ? 100_000 : 1_000_000, quick ? 20_000 : 100_000)));
    } catch (error) {
      results.push({ name: `${backend.name} not run`, value: 0, unit: '-', note: (error as Error).message });
    }
  }
  return results;
}

async function measure(backend: Backend, total: number, segment: number): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const add = (name: string, value: number, unit: string, note: string) =>
    results.push({ name, value, unit, note, backend: backend.name });
  const store = await backend.open();
  try {
    const { coll, community } = await seedCollection(store);
    let segmentMs = 0;
    let totalMs = 0;
    const started = performance.now();
    for (let from = 0; from < total; from += BATCH) {
      const batch: PreparedObject[] = [];
      for (let i = from; i < from + BATCH; i++) batch.push(prepareObject(i, 0));
      const t = performance.now();
      await store.objects.add(coll, batch, statusOf(coll, community, BATCH));
      const ms = performance.now() - t;
      segmentMs += ms;
      totalMs += ms;
      if ((from + BATCH) % segment === 0) {
        const rate = (segment / segmentMs) * 1000;
        const name = `add() at ${(from + BATCH - segment).toLocaleString('en-US')}–${(from + BATCH).toLocaleString('en-US')} rows`;
        add(name, rate, 'objects/s', `batches of ${BATCH}, one transaction each`);
        process.stderr.write(
          `[store ${backend.name}] ${name}: ${Math.round(rate).toLocaleString('en-US')} objects/s\n`,
        );
        segmentMs = 0;
      }
    }
    add(
      `add() overall to ${total.toLocaleString('en-US')} rows`,
      (total / totalMs) * 1000,
      'objects/s',
      `add() time only; ${Math.round((performance.now() - started) / 1000)} s wall with generation`,
    );
    add(
      'database size',
      (await backend.sizeBytes()) / 2 ** 20,
      'MiB',
      `${total.toLocaleString('en-US')} objects with every index and their statuses${backend.name === 'sqlite' ? ', WAL included, before a checkpoint' : ', before a VACUUM'}`,
    );
    return results;
  } finally {
    await store.close();
    // CAIRN_BENCH_KEEP=1 leaves the database for query-plan experiments.
    if (process.env.CAIRN_BENCH_KEEP === '1')
      process.stderr.write(`[store ${backend.name}] database kept: ${backend.location}\n`);
    else await backend.cleanup();
  }
}
