/**
 * What each simulated client does: an endless loop of TAXII operations picked at random with
 * fixed weights, the mix a sharing hub sees (feeds polling for news, analysts filtering and
 * fetching objects, submitters posting bundles and checking their status), or a read-only mix.
 * Every response is classified; anything but the expected status or a deliberate 429 is an
 * error. Bodies are read as bytes and decoded only when needed (an error, a POST's status),
 * so the generator spends its CPU on requests rather than on decoding 500-object pages.
 */
import { idOf, makeObject } from '../generate-objects.js';

const TAXII = 'application/taxii+json;version=2.1';
/** Requests a greedy client sends at once. */
const GREEDY_BURST = 16;

export const OPERATIONS = [
  'poll',
  'filtered',
  'by-id',
  'manifest',
  'post',
  'status',
  'greedy-by-id',
] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * `default`: the hub's everyday mix, posts adding new objects that polls then fetch.
 * `read`: no writes at all (the collection holds only the seed); a poll walks the collection
 * from the start 500 at a time, as a new subscriber catching up, and starts again at the end.
 */
export const MIXES = ['default', 'read'] as const;
export type Mix = (typeof MIXES)[number];

/** Relative weights of the operations for a regular client, per mix. */
const WEIGHTS: Readonly<Record<Mix, Readonly<Record<Operation, number>>>> = {
  default: {
    poll: 35,
    filtered: 20,
    'by-id': 20,
    manifest: 10,
    post: 10,
    status: 5,
    // Only greedy clients send these, in bursts (see runClient).
    'greedy-by-id': 0,
  },
  read: { poll: 40, filtered: 25, 'by-id': 25, manifest: 10, post: 0, status: 0, 'greedy-by-id': 0 },
};

export interface Outcome {
  readonly op: Operation;
  readonly ms: number;
  readonly status: number;
  /** An unexpected status, a malformed body or a network failure. */
  readonly error?: string;
}

export interface ClientOptions {
  readonly base: string;
  readonly authorization: string;
  /** Objects already in the collection: ids `makeObject(0 … seeded-1)` can be fetched. */
  readonly seeded: number;
  /** First object number this client posts (disjoint ranges keep every post new). */
  readonly firstOwnObject: number;
  readonly postSize: number;
  /** Only `by-id` GETs as fast as possible (to meet the per-principal rate limit). */
  readonly greedy: boolean;
  /** Pause between a regular client's requests, as a polling feed or a person would. */
  readonly thinkMs: number;
  readonly mix: Mix;
  readonly random: () => number;
  readonly until: number;
  readonly record: (outcome: Outcome) => void;
}

/** Runs one client until `until` (a performance.now() time). */
export async function runClient(o: ClientOptions): Promise<void> {
  const headers = { accept: TAXII, authorization: o.authorization };
  const replay = o.mix === 'read';
  // A read-mix feed starts from the first object; an everyday one polls for what is new.
  let addedAfter: string | undefined = replay ? undefined : new Date(Date.now() - 60_000).toISOString();
  let nextObject = o.firstOwnObject;
  let lastStatus: string | undefined;
  const pickSeeded = () => idOf(Math.floor(o.random() * o.seeded), 0);

  const perform = async (op: Operation): Promise<{ status: number; retryAfter?: number; error?: string }> => {
    switch (op) {
      case 'poll': {
        const after = addedAfter === undefined ? '' : `&added_after=${addedAfter}`;
        const res = await fetch(`${o.base}/objects/?limit=500${after}`, { headers });
        const body = await res.arrayBuffer();
        const last = res.headers.get('x-taxii-date-added-last');
        if (res.status === 200 && last !== null) addedAfter = last;
        // Caught up: a replaying feed starts over (a new subscriber), an everyday one waits.
        else if (res.status === 200 && replay) addedAfter = undefined;
        return check(res, body, 200);
      }
      case 'filtered': {
        const type = o.random() < 0.5 ? 'malware' : 'tool';
        const res = await fetch(`${o.base}/objects/?limit=100&match[type]=${type}`, { headers });
        return check(res, await res.arrayBuffer(), 200);
      }
      case 'by-id':
      case 'greedy-by-id': {
        const res = await fetch(`${o.base}/objects/${pickSeeded()}/`, { headers });
        return check(res, await res.arrayBuffer(), 200);
      }
      case 'manifest': {
        const res = await fetch(`${o.base}/manifest/?limit=100&match[type]=indicator`, { headers });
        return check(res, await res.arrayBuffer(), 200);
      }
      case 'post': {
        const objects = Array.from({ length: o.postSize }, () => makeObject(nextObject++, 0));
        const res = await fetch(`${o.base}/objects/`, {
          method: 'POST',
          headers: { ...headers, 'content-type': TAXII },
          body: JSON.stringify({ objects }),
        });
        const body = await res.arrayBuffer();
        const outcome = check(res, body, 202);
        if (outcome.error === undefined && res.status === 202) {
          const status = JSON.parse(decoder.decode(body)) as { id: string; success_count: number };
          lastStatus = status.id;
          if (status.success_count !== o.postSize)
            return { status: res.status, error: `stored ${status.success_count} of ${o.postSize}` };
        }
        return outcome;
      }
      case 'status': {
        const res = await fetch(`${o.base.replace(/\/collections\/[^/]+$/, '')}/status/${lastStatus}/`, {
          headers,
        });
        return check(res, await res.arrayBuffer(), 200);
      }
    }
  };

  const once = async (op: Operation) => {
    const started = performance.now();
    let result: { status: number; retryAfter?: number; error?: string };
    try {
      result = await perform(op);
    } catch (error) {
      result = { status: 0, error: (error as Error).message };
    }
    o.record({ op, ms: performance.now() - started, status: result.status, ...errorOf(result) });
    return result.retryAfter ?? 0;
  };
  while (performance.now() < o.until) {
    let retryAfter: number;
    if (o.greedy) {
      // A greedy client fires a burst of requests at once, far more than its share.
      const waits = await Promise.all(Array.from({ length: GREEDY_BURST }, () => once('greedy-by-id')));
      retryAfter = Math.max(...waits);
    } else {
      const picked = pick(WEIGHTS[o.mix], o.random());
      // Nothing posted yet: there is no status to ask about.
      retryAfter = await once(picked === 'status' && lastStatus === undefined ? 'poll' : picked);
    }
    // A well-behaved client waits as long as the server asks before trying again.
    if (retryAfter > 0) await sleep(retryAfter * 1000);
    else if (o.thinkMs > 0 && !o.greedy) await sleep(o.thinkMs * (0.5 + o.random()));
  }
}

const decoder = new TextDecoder();

function check(res: Response, body: ArrayBuffer, expected: number) {
  if (res.status === expected) return { status: res.status };
  if (res.status === 429) {
    const retryAfter = Number(res.headers.get('retry-after'));
    if (!Number.isFinite(retryAfter) || retryAfter < 1)
      return { status: 429, error: '429 without a valid Retry-After' };
    return { status: 429, retryAfter };
  }
  return { status: res.status, error: `HTTP ${res.status}: ${decoder.decode(body.slice(0, 200))}` };
}

const errorOf = (r: { error?: string }) => (r.error === undefined ? {} : { error: r.error });

function pick(weights: Readonly<Record<Operation, number>>, r: number): Operation {
  let x = r * OPERATIONS.reduce((n, op) => n + weights[op], 0);
  for (const op of OPERATIONS) {
    x -= weights[op];
    if (x < 0) return op;
  }
  return 'poll';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
