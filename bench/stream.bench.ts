import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { HUB_COMMUNITY, type Hub } from '../src/app/index.js';
import { BACKEND_NAMES, type BackendName } from './bench-backends.js';
import { startBenchHub } from './bench-hub.js';
import { makeObject } from './generate-objects.js';
import type { BenchResult } from './side-by-side.js';
import { summarise } from './stats.js';

const PASSWORD = 'stream-bench-admin-password';
const AUTH = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
const TAXII = 'application/taxii+json;version=2.1';

const log = (line: string) => process.stderr.write(`${line}\n`);

let made = 0;
/** `count` fresh indicators (ids never repeat within a run). */
function generateIndicators(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, () => makeObject(made++, Number.MAX_SAFE_INTEGER));
}

/** One subscriber: when each object id arrived (ms, performance clock). */
interface Subscriber {
  readonly arrivals: Map<string, number>;
  close(): void;
}

/** Callbacks run on every arrival, so waiting adds no polling delay to what is measured. */
const arrivalWaiters = new Set<() => void>();

function subscribe(url: string, agent: Agent, authorization: string): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const arrivals = new Map<string, number>();
    const req = request(url, { agent, headers: { accept: 'text/event-stream', authorization } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream refused: ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      let started = false;
      res.on('data', (chunk: string) => {
        const now = performance.now();
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          if (!started && block.includes('id: ')) {
            started = true;
            resolve({ arrivals, close: () => req.destroy() });
          }
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data !== undefined) arrivals.set((JSON.parse(data.slice(6)) as { id: string }).id, now);
        }
        for (const waiter of [...arrivalWaiters]) waiter();
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function post(base: string, objects: readonly unknown[]): Promise<void> {
  const res = await fetch(`${base}/objects/`, {
    method: 'POST',
    headers: { accept: TAXII, 'content-type': TAXII, authorization: AUTH },
    body: JSON.stringify({ objects }),
  });
  if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
}

function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (predicate()) return resolve();
    const timer = setTimeout(() => {
      arrivalWaiters.delete(check);
      reject(new Error('timed out waiting for deliveries'));
    }, timeoutMs);
    const check = () => {
      if (!predicate()) return;
      clearTimeout(timer);
      arrivalWaiters.delete(check);
      resolve();
    };
    arrivalWaiters.add(check);
  });
}

async function runBackend(backend: BackendName, quick: boolean): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const add = (name: string, value: number, unit: string, note?: string) => {
    results.push({ name, value, unit, backend, ...(note === undefined ? {} : { note }) });
    log(
      `  ${backend} ${name}: ${value.toFixed(unit === 'ms' ? 2 : 0)} ${unit}${note === undefined ? '' : ` (${note})`}`,
    );
  };
  const bench = await startBenchHub(backend, {
    adminPassword: PASSWORD,
    label: 'cairn_bench_stream',
    flags: {
      'limits.requestsPerSecondPerPrincipal': 0,
      'limits.requestsPerSecondPerAddress': 0,
      'streams.maxPerPrincipal': 1000,
    },
  });
  const { hub } = bench;
  const server = { url: bench.url };
  const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  try {
    const collection = (await hub.store.tenancy.listCollections())[0] as { id: string };
    const base = `${server.url}/${HUB_COMMUNITY}/collections/${collection.id}`;
    const streamUrl = `${server.url}/api/v1/communities/${HUB_COMMUNITY}/collections/${collection.id}/stream`;
    await post(base, generateIndicators(10)); // warm-up: credential cache, statements
    const posts = quick ? 100 : 300;
    const many = quick ? 20 : 100;
    // Readers with the same rights share each read (stream/shared-reads.ts); readers of
    // different organisations each need their own, which is the harder case.
    const scenarios = [
      { label: '1 subscriber', auths: [AUTH] },
      { label: `${many} subscribers, one reader`, auths: Array.from({ length: many }, () => AUTH) },
      { label: `${many} subscribers, ${many} organisations`, auths: await orgTokens(hub, many) },
    ];
    for (const { label, auths } of scenarios) {
      const subs = await Promise.all(auths.map((auth) => subscribe(streamUrl, agent, auth)));
      const subscribers = subs.length;
      const latencies: number[] = [];
      const roundTrips: number[] = [];
      const afterAck: number[] = [];
      for (const object of generateIndicators(posts)) {
        const id = (object as { id: string }).id;
        const sent = performance.now();
        await post(base, [object]);
        const acked = performance.now();
        roundTrips.push(acked - sent);
        await waitFor(() => subs.every((s) => s.arrivals.has(id)), 10_000);
        for (const s of subs) {
          const arrived = s.arrivals.get(id) as number;
          latencies.push(arrived - sent);
          // Delivery may beat the 202 to the client: the commit precedes both.
          afterAck.push(Math.max(0, arrived - acked));
        }
        await sleep(5);
      }
      const stats = summarise(latencies);
      add(`POST to delivery, ${label}: p50`, stats.p50, 'ms');
      add(`POST round trip alone, ${label}: p50`, summarise(roundTrips).p50, 'ms');
      const late = summarise(afterAck);
      add(`delivery after the 202, ${label}: p50`, late.p50, 'ms');
      add(`delivery after the 202, ${label}: p99`, late.p99, 'ms');
      add(`POST to delivery, ${label}: p99`, stats.p99, 'ms', `${latencies.length} deliveries`);

      const bundles = quick ? 2 : 5;
      const fanOut = generateIndicators(bundles * 1000);
      const started = performance.now();
      for (let i = 0; i < bundles; i++) await post(base, fanOut.slice(i * 1000, (i + 1) * 1000));
      const lastId = (fanOut.at(-1) as { id: string }).id;
      await waitFor(() => subs.every((s) => s.arrivals.has(lastId)), 120_000);
      const seconds = (performance.now() - started) / 1000;
      add(
        `fan-out, ${label}, bundles of 1,000`,
        (fanOut.length * subscribers) / seconds,
        'events/s',
        `${fanOut.length.toLocaleString('en-US')} objects to each in ${seconds.toFixed(2)} s, ingest included`,
      );
      for (const s of subs) s.close();
    }
  } finally {
    agent.destroy();
    await bench.stop();
  }
  return results;
}

/** One read token each of `count` organisations that are members of the hub community. */
async function orgTokens(hub: Hub, count: number): Promise<string[]> {
  const auths: string[] = [];
  for (let i = 0; i < count; i++) {
    const org = await hub.admin.addOrganisation(`bench-org-${i}`, 'private');
    await hub.admin.addMember(HUB_COMMUNITY, org.name);
    auths.push(`Bearer ${(await hub.admin.createToken({ org: org.name, scope: 'read' })).token}`);
  }
  return auths;
}

export async function run(options: { quick?: boolean } = {}): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const backend of BACKEND_NAMES) results.push(...(await runBackend(backend, options.quick === true)));
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run({ quick: process.argv.includes('--quick') });
}
