/**
 * Store backends side by side (DESIGN.md §6: PostgreSQL within 2× of SQLite): add() and
 * query() throughput at ~100,000 objects on the Store port itself, no HTTP in the way.
 *
 *   npx tsx bench/store-backends.bench.ts [--quick]     (or: npm run bench -- store-backends)
 *
 * PostgreSQL is TEST_PG_URL (default the local server .ci/run uses), in a fresh schema that
 * is dropped afterwards; SQLite is a WAL file in a temporary directory.
 */
import { pathToFileURL } from 'node:url';
import type { ObjectQuery } from '../src/store/store.js';
import { type Backend, postgresBackend, seedCollection, sqliteBackend, statusOf } from './bench-backends.js';
import { idOf, prepareObject, rng } from './generate-objects.js';

interface Result {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const LAST: ObjectQuery['versions'] = { all: false, first: false, last: true, keys: [] };
const BATCH = 1000;

/** The figures of one backend: add, page walk, filtered page, by id. */
async function measure(backend: Backend, total: number): Promise<Result[]> {
  const store = await backend.open();
  try {
    const { coll, community } = await seedCollection(store);
    const batches: ReturnType<typeof prepareObject>[][] = [];
    for (let i = 0; i < total; i += BATCH) {
      batches.push(Array.from({ length: Math.min(BATCH, total - i) }, (_, j) => prepareObject(i + j, 0)));
    }
    let t0 = performance.now();
    for (const b of batches) await store.objects.add(coll, b, statusOf(coll, community, b.length));
    const addRate = total / ((performance.now() - t0) / 1000);

    t0 = performance.now();
    let walked = 0;
    let query: ObjectQuery = { versions: LAST, limit: 1000 };
    for (;;) {
      const page = await store.objects.query(coll, query);
      walked += page.items.length;
      const last = page.items.at(-1);
      if (!page.more || last === undefined) break;
      query = { ...query, after: { dateAdded: last.dateAdded, seq: last.seq } };
    }
    const walkRate = walked / ((performance.now() - t0) / 1000);

    // Filtered pages (match[type]=malware, limit 100) from evenly spread cursors.
    const probe = (await store.objects.manifest(coll, { versions: LAST, limit: total })).items;
    const latencies: number[] = [];
    for (let k = 0; k < 200; k++) {
      const at = probe[Math.floor((k / 200) * probe.length)];
      const after = at === undefined ? {} : { after: { dateAdded: at.dateAdded, seq: at.seq } };
      const s = performance.now();
      await store.objects.query(coll, { versions: LAST, limit: 100, types: ['malware'], ...after });
      latencies.push(performance.now() - s);
    }
    latencies.sort((a, b) => a - b);

    const random = rng(7);
    const lookups = 2000;
    const byId = () =>
      store.objects.query(coll, { versions: LAST, limit: 10, ids: [idOf(Math.floor(random() * total), 0)] });
    const lookupTimes: number[] = [];
    t0 = performance.now();
    for (let k = 0; k < lookups; k++) {
      const s = performance.now();
      await byId();
      lookupTimes.push(performance.now() - s);
    }
    const byIdRate = lookups / ((performance.now() - t0) / 1000);
    lookupTimes.sort((a, b) => a - b);
    // 16 requests in flight, as a loaded server has: PostgreSQL overlaps them on its pool.
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let k = 0; k < lookups / 16; k++) await byId();
      }),
    );
    const byIdConcurrent = lookups / ((performance.now() - t0) / 1000);

    const n = backend.name;
    return [
      { name: `store add, batches of ${BATCH} (${n})`, value: Math.round(addRate), unit: 'objects/s' },
      { name: `store page walk, limit 1000 (${n})`, value: Math.round(walkRate), unit: 'objects/s' },
      {
        name: `store filtered page p99, type, limit 100 (${n})`,
        value: round2(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
        unit: 'ms',
      },
      { name: `store object by id, sequential (${n})`, value: Math.round(byIdRate), unit: 'lookups/s' },
      {
        name: `store object by id p99, sequential (${n})`,
        value: round2(lookupTimes[Math.floor(lookupTimes.length * 0.99)] ?? 0),
        unit: 'ms',
      },
      {
        name: `store object by id, 16 in flight (${n})`,
        value: Math.round(byIdConcurrent),
        unit: 'lookups/s',
      },
    ];
  } finally {
    await store.close();
    await backend.cleanup();
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Runs both backends at 100,000 objects (10,000 with `quick`) and adds PostgreSQL/SQLite ratios. */
export async function run(options: { quick?: boolean } = {}): Promise<Result[]> {
  const total = options.quick === true ? 10_000 : 100_000;
  const note = `${total.toLocaleString('en')} objects`;
  const sqlite = await measure(sqliteBackend(), total);
  let postgres: Result[];
  try {
    postgres = await measure(postgresBackend(), total);
  } catch (error) {
    const reason = (error as { cause?: Error }).cause?.message ?? (error as Error).message;
    return [
      ...sqlite.map((r) => ({ ...r, note })),
      { name: 'postgres', value: 0, unit: '-', note: `not run: ${reason}` },
    ];
  }
  const ratios = sqlite.map((s, i) => {
    const p = postgres[i] as Result;
    // For rates SQLite/PostgreSQL, for latencies PostgreSQL/SQLite: "times slower" either way.
    const slower = s.unit === 'ms' ? p.value / s.value : s.value / p.value;
    return {
      name: `${s.name.replace(' (sqlite)', '')}: postgres slower by`,
      value: round2(slower),
      unit: '×',
      note: 'target ≤ 2',
    };
  });
  return [...sqlite, ...postgres].map((r) => ({ ...r, note })).concat(ratios);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await run({ quick: process.argv.includes('--quick') });
  for (const r of results)
    console.log(
      `${r.name.padEnd(58)} ${String(r.value).padStart(10)} ${r.unit}${r.note === undefined ? '' : `  (${r.note})`}`,
    );
}
