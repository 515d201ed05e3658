/**
 * What the sharing filter and its reference rule (docs/sharing.md, issue 5) cost a reader's walk and
 * filtered pages, on the Store port of both backends, no HTTP in the way:
 *
 *   npx tsx bench/reference-rule.bench.ts [--quick]     (or: npm run bench -- reference-rule)
 *
 * Two collections of the same size, read with a member reader's compiled filter: one of the
 * generated objects only (no references: what most rows pay), one where every other object
 * is a GREEN relationship from the previous indicator to a malware, 1 in 50 of them to a
 * TLP:RED malware of the collection (withheld from the reader), the rest to a GREEN one.
 * The first collection is also read with no filter at all (the operator), so the first rows
 * are the cost of the sharing rules themselves (issue 5: within 20 %).
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { compileVisibility, type VisibilityFilter } from '../src/sharing/index.js';
import { tryTimestampKey } from '../src/stix/index.js';
import type { ObjectQuery, PreparedObject, Store } from '../src/store/store.js';
import { postgresBackend, seedCollection, sqliteBackend, statusOf } from './bench-backends.js';
import { BENCH_ENVELOPE, prepareObject } from './generate-objects.js';

interface Result {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const LAST: ObjectQuery['versions'] = { all: false, first: false, last: true, keys: [] };
const T = '2026-01-01T00:00:00.000Z';
const READER: VisibilityFilter = compileVisibility({
  kind: 'user',
  id: 'bench-reader',
  orgId: 'bench-member',
  orgClass: 'private',
  hubAdmin: false,
});

function stixObject(type: string, extra: Record<string, unknown>, tlp: 'green' | 'red'): PreparedObject {
  const object = {
    type,
    spec_version: '2.1',
    id: `${type}--${randomUUID()}`,
    created: T,
    modified: T,
    ...extra,
  };
  return {
    stixId: object.id,
    type,
    version: T,
    versionKey: tryTimestampKey(T),
    specVersion: '2.1',
    json: JSON.stringify(object),
    object,
    envelope: { ...BENCH_ENVELOPE, tlp },
  };
}

/** `total` objects; with `references`, every other one a relationship as the header says. */
function objectsOf(total: number, references: boolean): PreparedObject[] {
  const green = stixObject('malware', { name: 'green', is_family: true }, 'green');
  const red = stixObject('malware', { name: 'red', is_family: true }, 'red');
  const out: PreparedObject[] = references ? [green, red] : [];
  for (let i = 0; out.length < total; i++) {
    const generated = prepareObject(i, total);
    out.push(generated);
    if (!references || out.length >= total) continue;
    const target = i % 50 === 0 ? red : green;
    out.push(
      stixObject(
        'relationship',
        { relationship_type: 'indicates', source_ref: generated.stixId, target_ref: target.stixId },
        'green',
      ),
    );
  }
  return out;
}

async function fill(store: Store, objects: readonly PreparedObject[]): Promise<string> {
  const { coll, community } = await seedCollection(store);
  for (let i = 0; i < objects.length; i += 1000) {
    const batch = objects.slice(i, i + 1000);
    await store.objects.add(coll, batch, statusOf(coll, community, batch.length));
  }
  return coll;
}

/** Reader's walk (objects/s, best of 3) and filtered-page p99 (ms) over one collection. */
async function readFigures(
  store: Store,
  coll: string,
  type: string,
  visibility: VisibilityFilter | undefined = READER,
): Promise<{ walk: number; p99: number }> {
  const filter = visibility === undefined ? {} : { visibility };
  let walk = 0;
  const positions: { dateAdded: number; seq: number }[] = [];
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    let walked = 0;
    let query: ObjectQuery = { versions: LAST, limit: 1000, ...filter };
    for (;;) {
      const page = await store.objects.query(coll, query);
      walked += page.items.length;
      const last = page.items.at(-1);
      if (round === 0) for (const v of page.items) positions.push({ dateAdded: v.dateAdded, seq: v.seq });
      if (!page.more || last === undefined) break;
      query = { ...query, after: { dateAdded: last.dateAdded, seq: last.seq } };
    }
    walk = Math.max(walk, walked / ((performance.now() - t0) / 1000));
  }
  const latencies: number[] = [];
  for (let k = 0; k < 200; k++) {
    const after = positions[Math.floor((k / 200) * positions.length)];
    const s = performance.now();
    await store.objects.query(coll, {
      versions: LAST,
      limit: 100,
      types: [type],
      ...filter,
      ...(after === undefined ? {} : { after }),
    });
    latencies.push(performance.now() - s);
  }
  latencies.sort((a, b) => a - b);
  return {
    walk: Math.round(walk),
    p99: Math.round((latencies[Math.floor(latencies.length * 0.99)] ?? 0) * 100) / 100,
  };
}

async function measure(name: string, store: Store, total: number): Promise<Result[]> {
  const plain = await fill(store, objectsOf(total, false));
  const referencing = await fill(store, objectsOf(total, true));
  const none = await readFigures(store, plain, 'indicator', undefined);
  const a = await readFigures(store, plain, 'indicator');
  const b = await readFigures(store, referencing, 'relationship');
  return [
    { name: `walk, no sharing filter (${name})`, value: none.walk, unit: 'objects/s' },
    { name: `filtered page p99, no sharing filter (${name})`, value: none.p99, unit: 'ms' },
    { name: `reader walk, no references (${name})`, value: a.walk, unit: 'objects/s' },
    { name: `reader walk, half relationships (${name})`, value: b.walk, unit: 'objects/s' },
    { name: `reader filtered page p99, indicator, no references (${name})`, value: a.p99, unit: 'ms' },
    { name: `reader filtered page p99, relationship (${name})`, value: b.p99, unit: 'ms' },
  ];
}

/** Both backends at 100,000 objects per collection (20,000 with `quick`). */
export async function run(options: { quick?: boolean } = {}): Promise<Result[]> {
  const total = options.quick === true ? 20_000 : 100_000;
  const note = `${total.toLocaleString('en')} objects per collection`;
  const results: Result[] = [];
  for (const backend of [sqliteBackend(), postgresBackend()]) {
    try {
      const store = await backend.open();
      try {
        results.push(...(await measure(backend.name, store, total)));
      } finally {
        await store.close();
      }
    } catch (error) {
      results.push({ name: backend.name, value: 0, unit: '-', note: `not run: ${(error as Error).message}` });
    } finally {
      await backend.cleanup().catch(() => undefined);
    }
  }
  return results.map((r) => ({ note, ...r }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await run({ quick: process.argv.includes('--quick') });
  for (const r of results)
    console.log(
      `${r.name.padEnd(58)} ${String(r.value).padStart(10)} ${r.unit}${r.note === undefined ? '' : `  (${r.note})`}`,
    );
}
