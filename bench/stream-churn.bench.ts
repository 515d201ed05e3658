/**
 * Live streams opened and dropped in rounds while objects are posted, on both backends: a
 * leak check with figures. Each round opens 100 streams, posts three bundles of 50
 * indicators, lets them arrive, and drops every stream. Reported: events delivered per
 * second, the streams still registered afterwards (must be 0), and the heap after a full GC
 * at the start and at the end (run with --expose-gc for exact figures; without it, the
 * heap is read as it is).
 *
 *   node --expose-gc --import tsx bench/stream-churn.bench.ts [--quick]
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { HUB_COMMUNITY } from '../src/app/index.js';
import { BACKEND_NAMES, type BackendName } from './bench-backends.js';
import { startBenchHub } from './bench-hub.js';
import type { BenchResult } from './side-by-side.js';

const PASSWORD = 'stream-churn-admin-password';
const AUTH = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
const TAXII = 'application/taxii+json;version=2.1';
const STREAMS_PER_ROUND = 100;
const POSTS_PER_ROUND = 3;
const OBJECTS_PER_POST = 50;

function heapMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function runBackend(backend: BackendName, quick: boolean): Promise<BenchResult[]> {
  const bench = await startBenchHub(backend, {
    adminPassword: PASSWORD,
    label: 'cairn_bench_churn',
    flags: {
      'limits.requestsPerSecondPerPrincipal': 0,
      'limits.requestsPerSecondPerAddress': 0,
      'streams.maxPerPrincipal': 10_000,
      'streams.recheckMs': 500,
      'streams.heartbeatMs': 500,
    },
  });
  try {
    const collection = (await bench.hub.store.tenancy.listCollections())[0] as { id: string };
    const streamUrl = `${bench.url}/api/v1/communities/${HUB_COMMUNITY}/collections/${collection.id}/stream`;
    let events = 0;
    const open = () =>
      new Promise<() => void>((resolve, reject) => {
        const req = request(
          streamUrl,
          { headers: { accept: 'text/event-stream', authorization: AUTH } },
          (res) => {
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              events += chunk.split('\ndata: ').length - 1;
            });
            resolve(() => req.destroy());
          },
        );
        req.on('error', reject);
        req.end();
      });
    const post = async () => {
      const objects = Array.from({ length: OBJECTS_PER_POST }, (_, i) => ({
        type: 'indicator',
        spec_version: '2.1',
        id: `indicator--${randomUUID()}`,
        created: '2026-01-01T00:00:00.000Z',
        modified: '2026-01-01T00:00:00.000Z',
        pattern: `[ipv4-addr:value = '10.0.0.${i + 1}']`,
        pattern_type: 'stix',
        valid_from: '2026-01-01T00:00:00Z',
      }));
      const res = await fetch(`${bench.url}/${HUB_COMMUNITY}/collections/${collection.id}/objects/`, {
        method: 'POST',
        headers: { accept: TAXII, 'content-type': TAXII, authorization: AUTH },
        body: JSON.stringify({ objects }),
      });
      if (res.status !== 202) throw new Error(`POST answered ${res.status}`);
      await res.arrayBuffer();
    };
    const rounds = quick ? 5 : 20;
    const before = heapMiB();
    const started = performance.now();
    for (let round = 0; round < rounds; round++) {
      const closers = await Promise.all(Array.from({ length: STREAMS_PER_ROUND }, open));
      await Promise.all(Array.from({ length: POSTS_PER_ROUND }, post));
      const expected = (round + 1) * STREAMS_PER_ROUND * POSTS_PER_ROUND * OBJECTS_PER_POST;
      const until = Date.now() + 30_000;
      while (events < expected && Date.now() < until) await sleep(5);
      for (const close of closers) close();
    }
    const seconds = (performance.now() - started) / 1000;
    await sleep(1_000);
    const note = `${rounds} rounds of ${STREAMS_PER_ROUND} streams opened and dropped`;
    return [
      { name: 'stream churn: events delivered', value: events / seconds, unit: 'events/s', backend, note },
      {
        name: 'stream churn: streams left open',
        value: bench.hub.streams.size,
        unit: 'streams',
        backend,
        note,
      },
      { name: 'stream churn: heap before', value: before, unit: 'MiB', backend },
      { name: 'stream churn: heap after', value: heapMiB(), unit: 'MiB', backend, note },
    ];
  } finally {
    await bench.stop();
  }
}

export async function run(options: { quick?: boolean } = {}): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const backend of BACKEND_NAMES) results.push(...(await runBackend(backend, options.quick === true)));
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run({ quick: process.argv.includes('--quick') }))
    process.stdout.write(
      `${r.backend} ${r.name}: ${r.value.toFixed(1)} ${r.unit}${r.note ? ` (${r.note})` : ''}\n`,
    );
}
