/**
 * The load test (`npm run bench:load`, issue 7): a real `cairn serve` in its own process,
 * driven over loopback by many concurrent clients from this process for a fixed time.
 *
 *   npm run bench:load                              64 clients, 60 s, SQLite
 *   npm run bench:load -- --seconds 1800 --think-ms 250   the 30-minute soak (paced clients)
 *   npm run bench:load -- --backend postgres        PostgreSQL (TEST_PG_URL or CAIRN_DATABASE_URL)
 *   npm run bench:load -- --backend postgres --nodes 3   three nodes on one database
 *   npm run bench:load -- --backend postgres --nodes 3 --mix read   reads only (no greedy clients)
 *   npm run bench:load -- --clients 16 --seconds 10 a short smoke run
 *
 * It reports, per operation, requests, deliberate 429s, errors and p50/p99/max latency; the
 * whole run's request rate; and the server's RSS sampled every few seconds (memory must stay
 * flat), and where the CPU went (nodes, this generator, the hub's PostgreSQL backends, other work).
 * Results also go to bench/results/load-BACKEND-NODESn-MIX-SECONDSs.json. Exit code 1 when any
 * request failed other than a deliberate 429, so the run can gate a release.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { HUB_COMMUNITY } from '../../src/app/index.js';
import { makeObject, rng } from '../generate-objects.js';
import { summarise } from '../stats.js';
import { type CpuShares, startCpuAccounting } from './cpu-usage.js';
import { type DatabaseCpuMeter, type LoadBackend, prepareLoadBackend } from './load-backend.js';
import { ADMIN_PASSWORD, createLoadPrincipals } from './load-setup.js';
import { type ServerProcess, startServerProcess } from './server-process.js';
import { MIXES, type Mix, OPERATIONS, type Operation, type Outcome, runClient } from './workload.js';

const here = dirname(fileURLToPath(import.meta.url));
const TAXII = 'application/taxii+json;version=2.1';
/** Requests per second each principal may make: regular clients stay far below it. */
const PER_PRINCIPAL_LIMIT = 200;

interface Options {
  seconds: number;
  warmup: number;
  clients: number;
  greedy: number;
  seed: number;
  postSize: number;
  thinkMs: number;
  nodes: number;
  backend: 'sqlite' | 'postgres';
  mix: Mix;
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseOptions(argv);
  if (typeof options === 'string') {
    process.stderr.write(
      `${options}\nUsage: npm run bench:load -- [--seconds S] [--warmup S] [--clients N] [--greedy N] [--seed N] [--post-size N] [--think-ms MS] [--backend sqlite|postgres] [--nodes N] [--mix default|read]\n`,
    );
    return 2;
  }
  const backend = await prepareLoadBackend(options.backend);
  try {
    log(
      `setting up ${options.clients} clients (+${options.greedy} greedy) on ${options.backend}, ${options.mix} mix`,
    );
    const principals = await createLoadPrincipals(backend.env, options.clients);
    const env = {
      ...backend.env,
      CAIRN_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CAIRN_LIMITS_PER_PRINCIPAL: String(PER_PRINCIPAL_LIMIT),
      // Every client comes from 127.0.0.1: behind a load balancer the per-address limit is
      // the balancer's business, so it is off here and the per-principal one is what is tested.
      CAIRN_LIMITS_PER_ADDRESS: '0',
    };
    // Several nodes share one PostgreSQL database; clients are spread over them round-robin,
    // as a load balancer would.
    const servers: ServerProcess[] = [];
    for (let n = 0; n < options.nodes; n++) servers.push(await startServerProcess(env));
    try {
      const bases = servers.map((s) => `${s.url}/${HUB_COMMUNITY}/collections/${principals.collectionId}`);
      log(`seeding ${options.seed} objects`);
      await seed(bases[0] as string, options.seed);
      const rss = () => servers.reduce((sum, s) => sum + s.rssMiB(), 0);
      const report = await drive(bases, principals, options, rss, () => servers.map((s) => s.pid), backend);
      printReport(report, options);
      mkdirSync(join(here, '..', 'results'), { recursive: true });
      const file = `load-${options.backend}-${options.nodes}n-${options.mix}-${options.seconds}s.json`;
      writeFileSync(join(here, '..', 'results', file), `${JSON.stringify(report, null, 2)}\n`);
      return report.errors > 0 ? 1 : 0;
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  } finally {
    await backend.dispose();
  }
}

interface Report {
  backend: string;
  mix: Mix;
  nodes: number;
  clients: number;
  greedyClients: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  errors: number;
  firstErrors: string[];
  operations: Record<
    string,
    { requests: number; tooMany: number; errors: number; p50: number; p99: number; max: number }
  >;
  rssMiB: { atStart: number; atHalf: number; atEnd: number; max: number; samples: number[] };
  /** CPU seconds over the measured window: nodes, generator, database, other work, idle. */
  cpu: CpuShares;
  loadAverage: number;
}

async function drive(
  bases: readonly string[],
  principals: Awaited<ReturnType<typeof createLoadPrincipals>>,
  o: Options,
  rss: () => number,
  serverPids: () => readonly number[],
  backend: LoadBackend,
): Promise<Report> {
  const latencies = new Map<Operation, number[]>(OPERATIONS.map((op) => [op, []]));
  const tooMany = new Map<Operation, number>();
  const errors = new Map<Operation, number>();
  const firstErrors: string[] = [];
  const record = (out: Outcome) => {
    // Warm-up (first sign-ins pay the password hash, the JIT is cold) is not measured.
    if (performance.now() - out.ms < measureFrom) return;
    if (out.error !== undefined) {
      errors.set(out.op, (errors.get(out.op) ?? 0) + 1);
      if (firstErrors.length < 10) firstErrors.push(`${out.op}: ${out.error}`);
    } else if (out.status === 429) tooMany.set(out.op, (tooMany.get(out.op) ?? 0) + 1);
    else latencies.get(out.op)?.push(out.ms);
  };
  const samples: number[] = [];
  const sampler = setInterval(() => {
    if (performance.now() >= measureFrom) samples.push(rss());
  }, 5_000);
  const measureFrom = performance.now() + o.warmup * 1000;
  let cpuSince: Promise<() => Promise<CpuShares>> | undefined;
  const firstSample = setTimeout(() => {
    samples.push(rss());
    cpuSince = (backend.startDatabaseCpu?.() ?? Promise.resolve(undefined)).then(
      (database?: DatabaseCpuMeter) => startCpuAccounting(serverPids, database),
    );
  }, o.warmup * 1000);
  const until = measureFrom + o.seconds * 1000;
  log(`warming up for ${o.warmup} s, then measuring for ${o.seconds} s`);
  const clients = [
    ...principals.clients.map((authorization, i) => ({ authorization, greedy: false, i })),
    ...Array.from({ length: o.greedy }, (_, g) => ({
      authorization: principals.greedy,
      greedy: true,
      i: o.clients + g,
    })),
  ];
  await Promise.all(
    clients.map((c) =>
      runClient({
        base: bases[c.i % bases.length] as string,
        authorization: c.authorization,
        seeded: o.seed,
        firstOwnObject: 10_000_000 + c.i * 1_000_000,
        postSize: o.postSize,
        greedy: c.greedy,
        thinkMs: o.thinkMs,
        mix: o.mix,
        random: rng(c.i + 7),
        until,
        record,
      }),
    ),
  );
  const cpu = await (cpuSince ?? Promise.resolve(startCpuAccounting(serverPids))).then((shares) => shares());
  clearInterval(sampler);
  clearTimeout(firstSample);
  samples.push(rss());
  const seconds = (performance.now() - measureFrom) / 1000;
  const operations: Report['operations'] = {};
  let requests = 0;
  for (const op of OPERATIONS) {
    const s = summarise(latencies.get(op) ?? []);
    const n = s.count + (tooMany.get(op) ?? 0) + (errors.get(op) ?? 0);
    requests += n;
    operations[op] = {
      requests: n,
      tooMany: tooMany.get(op) ?? 0,
      errors: errors.get(op) ?? 0,
      p50: s.p50,
      p99: s.p99,
      max: s.max,
    };
  }
  return {
    backend: o.backend,
    mix: o.mix,
    nodes: o.nodes,
    clients: o.clients,
    greedyClients: o.greedy,
    seconds,
    requests,
    requestsPerSecond: requests / seconds,
    errors: [...errors.values()].reduce((a, b) => a + b, 0),
    firstErrors,
    operations,
    rssMiB: {
      atStart: samples[0] as number,
      atHalf: samples[Math.floor(samples.length / 2)] as number,
      atEnd: samples[samples.length - 1] as number,
      max: Math.max(...samples),
      samples: samples.map((s) => Math.round(s)),
    },
    cpu,
    loadAverage: loadavg()[0] ?? 0,
  };
}

/** Fills the collection with `count` objects (1 in 9 malware, 1 in 90 tools) before timing. */
async function seed(base: string, count: number): Promise<void> {
  const authorization = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;
  for (let from = 0; from < count; from += 1_000) {
    const objects = Array.from({ length: Math.min(1_000, count - from) }, (_, k) => makeObject(from + k, 0));
    const res = await fetch(`${base}/objects/`, {
      method: 'POST',
      headers: { accept: TAXII, 'content-type': TAXII, authorization },
      body: JSON.stringify({ objects }),
    });
    const status = (await res.json()) as { success_count?: number };
    if (res.status !== 202 || status.success_count !== objects.length)
      throw new Error(`Seeding failed: HTTP ${res.status} ${JSON.stringify(status).slice(0, 300)}`);
  }
}

function parseOptions(argv: readonly string[]): Options | string {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        seconds: { type: 'string' },
        warmup: { type: 'string' },
        clients: { type: 'string' },
        greedy: { type: 'string' },
        seed: { type: 'string' },
        'post-size': { type: 'string' },
        'think-ms': { type: 'string' },
        nodes: { type: 'string' },
        backend: { type: 'string' },
        mix: { type: 'string' },
      },
    }).values as Record<string, string | undefined>;
  } catch (error) {
    return (error as Error).message;
  }
  const int = (name: string, fallback: number, min: number, max: number): number | string => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max
      ? n
      : `--${name} must be an integer from ${min} to ${max}`;
  };
  const backend = values.backend ?? 'sqlite';
  if (backend !== 'sqlite' && backend !== 'postgres') return '--backend must be sqlite or postgres';
  const mix = values.mix ?? 'default';
  if (!(MIXES as readonly string[]).includes(mix)) return `--mix must be one of ${MIXES.join(', ')}`;
  const parsed = {
    seconds: int('seconds', 60, 1, 86_400),
    warmup: int('warmup', 5, 0, 600),
    clients: int('clients', 64, 1, 1_000),
    // Greedy clients test the rate limiter; a read mix measures throughput, so none by default.
    greedy: int('greedy', mix === 'read' ? 0 : 4, 0, 100),
    seed: int('seed', 20_000, 1_000, 10_000_000),
    postSize: int('post-size', 100, 1, 1_000),
    thinkMs: int('think-ms', 0, 0, 60_000),
    nodes: int('nodes', 1, 1, 16),
  };
  for (const v of Object.values(parsed)) if (typeof v === 'string') return v;
  if (parsed.nodes !== 1 && backend !== 'postgres')
    return '--nodes above 1 needs --backend postgres (nodes share one database)';
  return { ...(parsed as Omit<Options, 'backend' | 'mix'>), backend, mix: mix as Mix };
}

function printReport(r: Report, o: Options): void {
  const ms = (x: number) => (Number.isNaN(x) ? '-' : x.toFixed(1));
  const lines = [
    `${o.clients} clients + ${o.greedy} greedy, ${o.mix} mix, ${r.seconds.toFixed(0)} s on ${r.backend}${o.nodes > 1 ? ` (${o.nodes} nodes)` : ''}: ${r.requests} requests, ${r.requestsPerSecond.toFixed(0)}/s, ${r.errors} errors (load average ${r.loadAverage.toFixed(1)})`,
    '',
    '| operation | requests | 429 | errors | p50 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...OPERATIONS.map((op) => {
      const s = r.operations[op];
      return s === undefined
        ? ''
        : `| ${op} | ${s.requests} | ${s.tooMany} | ${s.errors} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} |`;
    }),
    '',
    `server RSS MiB${o.nodes > 1 ? ` (all ${o.nodes} nodes; per node at the end ${(r.rssMiB.atEnd / o.nodes).toFixed(0)})` : ''}: start ${r.rssMiB.atStart.toFixed(0)}, half-way ${r.rssMiB.atHalf.toFixed(0)}, end ${r.rssMiB.atEnd.toFixed(0)}, max ${r.rssMiB.max.toFixed(0)}`,
    formatCpu(r.cpu, r.seconds),
    ...(r.firstErrors.length === 0 ? [] : ['', 'first errors:', ...r.firstErrors]),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function formatCpu(c: CpuShares, seconds: number): string {
  const share = (x: number) => `${((x / c.available) * 100).toFixed(0)} %`;
  return `CPU over ${seconds.toFixed(0)} s on ${c.cores} cores (${c.available.toFixed(0)} CPU-s): nodes ${c.servers.toFixed(0)} s (${share(c.servers)}), load generator ${c.generator.toFixed(0)} s (${share(c.generator)}), the hub's PostgreSQL backends ${c.database.toFixed(0)} s (${share(c.database)}), other work ${c.rest.toFixed(0)} s (${share(c.rest)}), idle ${share(c.idle)}`;
}

function log(message: string): void {
  process.stderr.write(`[load] ${message}\n`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
