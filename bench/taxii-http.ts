/**
 * The HTTP side of the TAXII benchmark: a keep-alive fetch client with TAXII headers, a
 * bounded-concurrency timer with a time budget, and a walk of a collection following `next`.
 */
import { percentile } from './stats.js';

const TAXII = 'application/taxii+json;version=2.1';

interface Reply {
  status: number;
  text: string;
  headers: Headers;
}

export function createClient(authorization: string) {
  const request = async (url: string, init: RequestInit): Promise<Reply> => {
    const res = await fetch(url, init);
    return { status: res.status, text: await res.text(), headers: res.headers };
  };
  return {
    // A GET is retried once when the pooled connection was closed by the server while idle
    // (its keep-alive timeout passes during the long store growth).
    get: (url: string) =>
      request(url, { headers: { accept: TAXII, authorization } }).catch(() =>
        request(url, { headers: { accept: TAXII, authorization } }),
      ),
    post: (url: string, body: Buffer) =>
      request(url, {
        method: 'POST',
        headers: { accept: TAXII, authorization, 'content-type': TAXII },
        body,
      }),
  };
}
export type Client = ReturnType<typeof createClient>;

export interface Timing {
  seconds: number;
  /** Tasks completed (fewer than asked when the time budget ran out). */
  done: number;
  /** Completed tasks per second. */
  rate: number;
  p50: number;
  p99: number;
  cut: boolean;
}

/** "n requests" (and "time budget hit" when cut short), for result notes. */
export const sample = (t: Timing) =>
  `${t.done} requests${t.cut ? `, cut at ${Math.round(t.seconds)} s budget` : ''}`;

/**
 * Runs `task(0 … count-1)` with at most `inFlight` at once, stopping early (no new tasks)
 * once `budgetSeconds` have passed, so a slow path cannot stall the whole run. Wall time,
 * completed count and latency percentiles.
 */
export async function timed(
  count: number,
  inFlight: number,
  task: (index: number) => Promise<void>,
  budgetSeconds = Number.POSITIVE_INFINITY,
): Promise<Timing> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + budgetSeconds * 1000;
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const index = next++;
      const t = performance.now();
      await task(index);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  const seconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    seconds,
    done: sorted.length,
    rate: sorted.length / seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    cut: sorted.length < count,
  };
}

/**
 * Walks the collection following `next` (from the start, or from `addedAfter`), at most
 * `maxPages` pages; counts objects without parsing the pages (`next` comes first).
 */
export async function walkCollection(
  client: Client,
  base: string,
  limit: number,
  options: { addedAfter?: string; maxPages?: number; budgetSeconds?: number } = {},
) {
  const latencies: number[] = [];
  let objects = 0;
  let next: string | undefined;
  const started = performance.now();
  const deadline = started + (options.budgetSeconds ?? Number.POSITIVE_INFINITY) * 1000;
  const first = options.addedAfter === undefined ? '' : `&added_after=${options.addedAfter}`;
  do {
    const t = performance.now();
    const from = next === undefined ? first : `&next=${encodeURIComponent(next)}`;
    const res = await client.get(`${base}/objects/?limit=${limit}${from}`);
    latencies.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`GET page answered ${res.status}: ${res.text.slice(0, 300)}`);
    objects += countOccurrences(res.text, '{"type":"');
    next = /"next":"([^"]+)"/.exec(res.text.slice(0, 1024))?.[1];
  } while (
    next !== undefined &&
    latencies.length < (options.maxPages ?? Number.POSITIVE_INFINITY) &&
    performance.now() < deadline
  );
  const seconds = (performance.now() - started) / 1000;
  const firstMs = latencies[0] ?? Number.NaN;
  const lastMs = latencies[latencies.length - 1] ?? Number.NaN;
  const sorted = Float64Array.from(latencies).sort();
  return {
    objects,
    pages: latencies.length,
    seconds,
    firstMs,
    lastMs,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
  };
}

function countOccurrences(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** The first and last date_added of the collection (ms), from the page headers. */
export async function dateAddedRange(client: Client, base: string): Promise<{ first: number; last: number }> {
  const res = await client.get(`${base}/objects/?limit=1`);
  const first = Date.parse(res.headers.get('x-taxii-date-added-first') ?? '');
  // date_added increases with the insert order, and `now` bounds the last one.
  const last = Date.now();
  if (!Number.isFinite(first)) throw new Error('No X-TAXII-Date-Added-First header');
  return { first, last };
}
