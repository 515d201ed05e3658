/**
 * One backend's run of the TAXII server benchmark (issue 2, DESIGN.md §6); taxii.bench.ts
 * runs it once per backend, each in a child process of its own, so that neither run's memory
 * or warm caches colour the other's figures. A real hub (createHub + startServer, port 0,
 * silent logs; SQLite in a temporary directory, or PostgreSQL in a fresh schema on
 * TEST_PG_URL, dropped afterwards) is driven over loopback HTTP from this same process with
 * Node's built-in fetch (undici, keep-alive) and a bounded number of requests in flight:
 *
 * 1. ingest N generated indicators (~760 bytes each, varied patterns) in POSTs of 1,000 with
 *    full validation → objects/s and p50/p99 per POST;
 * 2. walk the collection with limit=1000, following `next` → objects/s;
 * 3. grow the store to M objects directly through `hub.store.objects.add` (no HTTP, no
 *    validation; 10% malware, 1% tools so type filters are selective), then measure filtered
 *    pages and object-by-id GETs → p50/p99 and requests/s, and the process RSS after serving.
 *
 * Full: N = 100,000, M = 1,000,000. Quick: N = 10,000, M = 50,000.
 * The server shares this process and event loop with the client, so every figure includes
 * the client's own cost (fetch, reading the body); that is stated next to the results.
 *
 *   node --import tsx bench/taxii-one-backend.ts sqlite|postgres [--quick]
 *
 * prints the results as JSON on stdout, progress on stderr.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { HUB_COMMUNITY } from '../src/app/index.js';
import { prepareSharing, type SharedObject, type SubmissionContext } from '../src/sharing/index.js';
import type { PreparedObject, StatusRecord } from '../src/store/store.js';
import type { BackendName } from './bench-backends.js';
import { startBenchHub } from './bench-hub.js';
import { envelopeBytes, idOf, prepareObject, rng, typeOf } from './generate-objects.js';
import type { BenchResult } from './side-by-side.js';
import { type Client, createClient, dateAddedRange, sample, timed, walkCollection } from './taxii-http.js';

const PASSWORD = 'bench-admin-password';
/** Requests in flight for the concurrent phases. */
const IN_FLIGHT = 4;
const INGEST_BUNDLE = 1_000;
const GROW_BATCH = 5_000;
/** Longest any one read measurement may run (seconds): a slow path must not stall the run. */
const PHASE_BUDGET_S = 20;
/** Longest the walk of the whole grown store may run (seconds). */
const FULL_WALK_BUDGET_S = 60;

export async function measureTaxii(backend: BackendName, quick: boolean): Promise<BenchResult[]> {
  const ingestCount = quick ? 10_000 : 100_000;
  const totalCount = quick ? 50_000 : 1_000_000;
  const readRequests = quick ? 500 : 4_000;
  const results: BenchResult[] = [];
  const log = (message: string) => logLine(backend, message);
  const add = (name: string, value: number, unit: string, note?: string) => {
    results.push({ name, value, unit, backend, ...(note === undefined ? {} : { note }) });
    log(
      `  ${name}: ${value.toFixed(unit === 'ms' ? 2 : 0)} ${unit}${note === undefined ? '' : ` (${note})`}`,
    );
  };

  const bench = await startBenchHub(backend, { adminPassword: PASSWORD, label: 'cairn_bench_taxii' });
  const { hub, databaseBytes } = bench;
  try {
    const collection = (await hub.store.tenancy.listCollections())[0];
    if (collection === undefined) throw new Error('The bootstrap created no collection');
    const base = `${bench.url}/${HUB_COMMUNITY}/collections/${collection.id}`;
    const client = createClient(`Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`);
    // The first request pays the scrypt check; later ones hit the authenticator's cache.
    await client.get(`${base}/`);
    const rssAtStart = process.memoryUsage().rss / 2 ** 20;

    // ── 1. Ingest over HTTP ────────────────────────────────────────────────────────────────
    const bundles = ingestCount / INGEST_BUNDLE;
    log(`ingest: generating ${bundles} bundles of ${INGEST_BUNDLE} indicators`);
    // Generated before timing, as Buffers (outside the JS heap; freed after the phase).
    let bodies: Buffer[] = [];
    for (let b = 0; b < bundles; b++)
      bodies.push(envelopeBytes(b * INGEST_BUNDLE, INGEST_BUNDLE, ingestCount));
    const bundleBytes = bodies.reduce((n, b) => n + b.length, 0) / bodies.length;
    log(`ingest: POSTing (${IN_FLIGHT} in flight)`);
    const post = async (b: number) => {
      const res = await client.post(`${base}/objects/`, bodies[b] as Buffer);
      if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${res.text.slice(0, 300)}`);
      const status = JSON.parse(res.text) as {
        success_count: number;
        failure_count: number;
        failures?: unknown[];
      };
      if (status.success_count !== INGEST_BUNDLE) {
        throw new Error(
          `POST stored ${status.success_count} of ${INGEST_BUNDLE}: ${JSON.stringify(status.failures?.[0])}`,
        );
      }
    };
    const ingest = await timed(bundles, IN_FLIGHT, post);
    bodies = [];
    const note = `${ingestCount.toLocaleString('en-US')} indicators, ${Math.round(bundleBytes / 1024)} KiB bundles, ${IN_FLIGHT} in flight`;
    add('ingest (POST, full validation)', ingestCount / ingest.seconds, 'objects/s', note);
    add('ingest POST p50', ingest.p50, 'ms', 'one bundle of 1,000');
    add('ingest POST p99', ingest.p99, 'ms', 'one bundle of 1,000');

    // ── 2. Page walk ───────────────────────────────────────────────────────────────────────
    log('walk: GET objects limit=1000 following next');
    const walk = await walkCollection(client, base, 1_000);
    // The hub may add a few objects of its own (the TLP marking definitions referenced).
    if (walk.objects < ingestCount || walk.objects > ingestCount + 10)
      throw new Error(`The walk returned ${walk.objects} objects; ${ingestCount} were posted`);
    add(
      'page walk (limit=1000)',
      walk.objects / walk.seconds,
      'objects/s',
      `${walk.pages} pages, p50 ${walk.p50.toFixed(1)} ms, p99 ${walk.p99.toFixed(1)} ms per page`,
    );

    // ── 3. Grow the store, then read ───────────────────────────────────────────────────────
    const admin = await hub.store.tenancy.findUser('admin');
    if (admin === undefined) throw new Error('No admin user');
    const org = await hub.store.tenancy.findOrganisation(admin.orgId);
    const community = await hub.store.tenancy.findCommunity(collection.communityId);
    if (org === undefined || community === undefined)
      throw new Error('No admin organisation or hub community');
    // The same sharing facts a POST by the admin gets (see taxii/service/add-objects.ts).
    const submission: SubmissionContext = {
      submitterOrgId: org.id,
      submitterUserId: admin.id,
      submitterIdentityId: org.identityId,
      hubIdentityId: (await hub.store.settings.get('hub.identity')) ?? org.identityId,
      communityDefaultTlp: community.defaultTlp,
      organisationConsent: org.defaultConsent ?? 'none',
      providersAllowed: false,
      recipients: [],
    };
    log(
      `grow: adding ${(totalCount - ingestCount).toLocaleString('en-US')} objects through store.objects.add in batches of ${GROW_BATCH}`,
    );
    const grow = performance.now();
    let lastReport = grow;
    let segmentStart = grow;
    let segmentFrom = ingestCount;
    for (let from = ingestCount; from < totalCount; from += GROW_BATCH) {
      const count = Math.min(GROW_BATCH, totalCount - from);
      const plain: PreparedObject[] = [];
      for (let i = from; i < from + count; i++) plain.push(prepareObject(i, ingestCount));
      const shared = prepareSharing(plain, submission);
      const batch = plain.map((o, k): PreparedObject => ({ ...o, ...(shared[k] as SharedObject) }));
      const status: StatusRecord = {
        id: randomUUID(),
        communityId: collection.communityId,
        collectionId: collection.id,
        submitterOrgId: admin.orgId,
        requestTimestamp: Date.now() * 1000,
        status: 'complete',
        totalCount: count,
        successes: [],
        failures: [],
        pendings: [],
      };
      await hub.store.objects.add(collection.id, batch, status);
      const now = performance.now();
      if (now - lastReport > 10_000 || from + count >= totalCount) {
        const rate = ((from + count - segmentFrom) / (now - segmentStart)) * 1000;
        log(
          `grow: ${(from + count).toLocaleString('en-US')} stored, ${Math.round(rate).toLocaleString('en-US')} objects/s lately`,
        );
        lastReport = now;
        segmentStart = now;
        segmentFrom = from + count;
      }
    }
    const growSeconds = (performance.now() - grow) / 1000;
    add(
      'store growth (store.objects.add, no HTTP/validation)',
      (totalCount - ingestCount) / growSeconds,
      'objects/s',
      `${ingestCount.toLocaleString('en-US')} → ${totalCount.toLocaleString('en-US')} objects, batches of ${GROW_BATCH}, generation included`,
    );

    const stored = `${totalCount.toLocaleString('en-US')} stored`;
    // Pages start at a random added_after over the whole added range, so they hit every part
    // of the index, not one cached first page.
    const addedRange = await dateAddedRange(client, base);
    const r = rng(42);
    const randomAfter = () =>
      new Date(addedRange.first + Math.floor(r() * (addedRange.last - addedRange.first))).toISOString();
    const filters: { label: string; query: string }[] = [
      { label: 'match[type]=indicator (89%)', query: 'match[type]=indicator' },
      { label: 'match[type]=malware (10%)', query: 'match[type]=malware' },
      { label: 'match[type]=malware,tool (11%)', query: 'match[type]=malware,tool' },
    ];
    /** p50/p99 with 1 in flight, then throughput with IN_FLIGHT, of one request shape. */
    const measure = async (what: string, requests: number, request: () => Promise<void>) => {
      await timed(20, 1, request, PHASE_BUDGET_S / 4); // warm-up
      const one = await timed(requests / 2, 1, request, PHASE_BUDGET_S);
      const many = await timed(requests, IN_FLIGHT, request, PHASE_BUDGET_S);
      add(`${what}: p50`, one.p50, 'ms', `1 in flight, ${sample(one)}, ${stored}`);
      add(`${what}: p99`, one.p99, 'ms', `1 in flight, ${sample(one)}, ${stored}`);
      add(
        `${what}: throughput`,
        many.rate,
        'requests/s',
        `${IN_FLIGHT} in flight, ${sample(many)}, p50 ${many.p50.toFixed(1)} ms, p99 ${many.p99.toFixed(1)} ms`,
      );
    };
    const pageRequest = (as: Client, query: string, mode: 'first page' | 'added_after') => async () => {
      const after = mode === 'added_after' ? `&added_after=${randomAfter()}` : '';
      const res = await as.get(`${base}/objects/?${query}&limit=100${after}`);
      if (res.status !== 200) throw new Error(`GET page answered ${res.status}: ${res.text.slice(0, 300)}`);
    };
    const byIdRequest = (as: Client) => async () => {
      const i = Math.floor(r() * totalCount);
      const res = await as.get(`${base}/objects/${idOf(i, ingestCount)}/`);
      if (res.status !== 200) throw new Error(`GET object answered ${res.status}: ${res.text.slice(0, 300)}`);
      if (!res.text.includes(`"${typeOf(i, ingestCount)}--`))
        throw new Error('GET object returned another object');
    };

    log('reads as the hub admin (no sharing filter)');
    for (const f of filters) {
      for (const mode of ['first page', 'added_after'] as const) {
        await measure(
          `filtered page ${f.label}, limit=100, ${mode}`,
          readRequests,
          pageRequest(client, f.query, mode),
        );
      }
    }
    await measure('object by id (random ids)', readRequests * 2, byIdRequest(client));

    // A member organisation's reader: every read carries the sharing rules' filter.
    log('reads as a member organisation reader (sharing filter applies)');
    await hub.admin.addOrganisation('bench-member', 'private');
    await hub.admin.addMember(HUB_COMMUNITY, 'bench-member');
    await hub.admin.addUser('bench-reader', { org: 'bench-member', roles: ['reader'], password: PASSWORD });
    const member = createClient(`Basic ${Buffer.from(`bench-reader:${PASSWORD}`).toString('base64')}`);
    const probe = await member.get(`${base}/objects/?match[type]=malware&limit=1`);
    if (probe.status !== 200 || !probe.text.includes('"malware--'))
      throw new Error(`The member reader sees no malware: ${probe.status} ${probe.text.slice(0, 300)}`);
    await measure(
      'member reader: filtered page match[type]=malware (10%), limit=100, added_after',
      readRequests,
      pageRequest(member, 'match[type]=malware', 'added_after'),
    );
    await measure('member reader: object by id (random ids)', readRequests * 2, byIdRequest(member));

    // Ingest again, now that the table is large (inserts slow down as its indexes grow).
    const lateBundles = quick ? 5 : 20;
    log(`ingest at ${stored}: ${lateBundles} more bundles of ${INGEST_BUNDLE} indicators`);
    const allIndicators = totalCount + lateBundles * INGEST_BUNDLE;
    bodies = [];
    for (let b = 0; b < lateBundles; b++)
      bodies.push(envelopeBytes(totalCount + b * INGEST_BUNDLE, INGEST_BUNDLE, allIndicators));
    const late = await timed(lateBundles, IN_FLIGHT, post);
    bodies = [];
    add(
      `ingest at ${stored} (POST, full validation)`,
      (lateBundles * INGEST_BUNDLE) / late.seconds,
      'objects/s',
      `${lateBundles} bundles of 1,000, ${IN_FLIGHT} in flight, POST p50 ${late.p50.toFixed(0)} ms, p99 ${late.p99.toFixed(0)} ms`,
    );

    // The whole store walked from the start, as a new subscriber would (time-boxed), then a
    // walk that resumes deep in the store from added_after.
    log('full walk: limit=1000 from the start, following next');
    const full = await walkCollection(client, base, 1_000, { budgetSeconds: FULL_WALK_BUDGET_S });
    add(
      'page walk of the whole store (limit=1000)',
      full.objects / full.seconds,
      'objects/s',
      `${full.objects.toLocaleString('en-US')} objects in ${full.pages} pages${full.objects < totalCount ? ` (cut at ${FULL_WALK_BUDGET_S} s)` : ''}, first page ${full.firstMs.toFixed(1)} ms, last ${full.lastMs.toFixed(1)} ms, p50 ${full.p50.toFixed(1)} ms, p99 ${full.p99.toFixed(1)} ms, ${stored}`,
    );
    log('deep walk: limit=1000 pages from added_after = the middle of the store, following next');
    const deep = await walkCollection(client, base, 1_000, {
      addedAfter: new Date(addedRange.first + (addedRange.last - addedRange.first) / 2).toISOString(),
      maxPages: quick ? 10 : 20,
      budgetSeconds: PHASE_BUDGET_S,
    });
    add(
      'page walk from added_after = middle (limit=1000)',
      deep.objects / deep.seconds,
      'objects/s',
      `${deep.pages} pages, first page ${deep.firstMs.toFixed(1)} ms, p50 ${deep.p50.toFixed(1)} ms, p99 ${deep.p99.toFixed(1)} ms per page, ${stored}`,
    );

    add('RSS at start', rssAtStart, 'MiB', 'whole process after the hub started, before any object');
    const mem = process.memoryUsage();
    add(
      'RSS after serving',
      mem.rss / 2 ** 20,
      'MiB',
      `whole process (server + in-process client), heap ${Math.round(mem.heapUsed / 2 ** 20)} MiB, external ${Math.round(mem.external / 2 ** 20)} MiB, ${stored}`,
    );
    add(
      'database size',
      (await databaseBytes()) / 2 ** 20,
      'MiB',
      `${stored} + ${(lateBundles * INGEST_BUNDLE).toLocaleString('en-US')} late, every index and statuses included${backend === 'sqlite' ? ', WAL included' : ''}`,
    );
    return results;
  } finally {
    await bench.stop();
  }
}

function logLine(backend: BackendName, message: string): void {
  process.stderr.write(`[taxii ${backend}] ${message}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const backend = process.argv[2];
  if (backend !== 'sqlite' && backend !== 'postgres') {
    process.stderr.write('Usage: node --import tsx bench/taxii-one-backend.ts sqlite|postgres [--quick]\n');
    process.exit(2);
  }
  const results = await measureTaxii(backend, process.argv.includes('--quick'));
  process.stdout.write(`${JSON.stringify(results)}\n`);
}
