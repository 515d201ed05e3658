import type { Principal } from '../auth/index.js';
import { HubError } from '../core/index.js';
import type { ChangeFeed, Cursor } from '../store/index.js';
import { parseObjectQuery, type RawQuery, resolveCollection, type TaxiiDeps } from '../taxii/index.js';
import { type LiveStream, openLiveStream } from './live-stream.js';
import { createSharedReads } from './shared-reads.js';
import { sseRetry } from './sse-format.js';
import { createPositionSeal, type StreamBinding } from './stream-position.js';
import type { StreamSink } from './stream-sink.js';

export interface StreamLimits {
  readonly maxPerPrincipal: number;
  readonly maxConnections: number;
  readonly heartbeatMs: number;
  readonly recheckMs: number;
  /** Longest wait for a client to read what it was sent (ms). */
  readonly stallMs: number;
}

export interface StreamHubDeps {
  readonly taxii: TaxiiDeps;
  readonly changes: ChangeFeed;
  /** The principal loaded again from the store; null when revoked or removed. */
  reload(principal: Principal): Promise<Principal | null>;
  readonly limits: StreamLimits;
  readonly now?: () => number;
}

export interface OpenStreamRequest {
  readonly principal: Principal;
  readonly root: string;
  readonly collectionId: string;
  readonly query: RawQuery;
  /** The `Last-Event-ID` header (or `last_event_id` parameter) of a reconnecting client. */
  readonly lastEventId?: string;
}

/** The live streams this node serves (docs/streams.md). */
export interface StreamHub {
  /**
   * Checks the request, then starts streaming into `sink`. Every refusal is a HubError thrown
   * before `sink.begin()`, so the caller answers it as an ordinary error response.
   */
  open(request: OpenStreamRequest, sink: StreamSink): Promise<void>;
  /** Open streams on this node. */
  readonly size: number;
  /** Ends every stream (shutdown); clients reconnect elsewhere with Last-Event-ID. */
  closeAll(): void;
}

/** How long a client waits before reconnecting: long enough for a restart behind a balancer. */
const RETRY_MS = 2_000;

/**
 * Routes change-feed wake-ups to the streams of the collection they name, enforces the
 * stream limits, and keeps streams honest over time: a keep-alive on idle ones, and a
 * periodic re-check that reloads each reader (once per principal per round) and ends the
 * streams of readers whose rights are gone. The re-check also reads anything new, which
 * bounds the delay of a wake-up lost while the feed reconnected.
 */
export function createStreamHub(deps: StreamHubDeps): StreamHub {
  const now = deps.now ?? Date.now;
  const { limits } = deps;
  const seal = createPositionSeal(deps.taxii.cursorKey);
  const read = createSharedReads((collectionId, query) =>
    deps.taxii.store.objects.query(collectionId, query),
  );
  const byCollection = new Map<string, Set<LiveStream>>();
  const perPrincipal = new Map<string, number>();
  let size = 0;
  let unsubscribe: (() => void) | undefined;
  let timers: NodeJS.Timeout[] = [];
  let rechecking = false;

  const all = function* (): Generator<LiveStream> {
    for (const set of byCollection.values()) yield* set;
  };

  function start(): void {
    unsubscribe = deps.changes.subscribe((signal) => {
      if (signal.kind === 'resync') for (const stream of all()) stream.wake();
      else for (const stream of byCollection.get(signal.collectionId) ?? []) stream.wake();
    });
    const every = (ms: number, work: () => void) => {
      const timer = setInterval(work, ms);
      timer.unref();
      timers.push(timer);
    };
    every(Math.max(50, Math.floor(limits.heartbeatMs / 2)), () => {
      for (const stream of all()) stream.heartbeat(limits.heartbeatMs);
    });
    every(limits.recheckMs, () => void recheckAll());
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = undefined;
    for (const timer of timers) clearInterval(timer);
    timers = [];
  }

  async function recheckAll(): Promise<void> {
    if (rechecking) return;
    rechecking = true;
    try {
      const groups = new Map<string, LiveStream[]>();
      for (const stream of all()) {
        const key = principalKey(stream.principal());
        groups.set(key, [...(groups.get(key) ?? []), stream]);
      }
      for (const streams of groups.values()) {
        const first = streams[0] as LiveStream;
        let fresh: Principal | null;
        try {
          fresh = await deps.reload(first.principal());
        } catch {
          continue; // The database is away: keep the streams, try again next round.
        }
        await Promise.all(streams.map((s) => s.recheck(fresh)));
      }
    } finally {
      rechecking = false;
    }
  }

  function register(stream: LiveStream, key: string): () => void {
    const id = stream.target.collectionId;
    const set = byCollection.get(id) ?? new Set<LiveStream>();
    byCollection.set(id, set);
    set.add(stream);
    perPrincipal.set(key, (perPrincipal.get(key) ?? 0) + 1);
    size += 1;
    if (size === 1) start();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      set.delete(stream);
      if (set.size === 0) byCollection.delete(id);
      const left = (perPrincipal.get(key) ?? 1) - 1;
      if (left === 0) perPrincipal.delete(key);
      else perPrincipal.set(key, left);
      size -= 1;
      if (size === 0) stop();
    };
  }

  return {
    async open(request, sink) {
      const key = principalKey(request.principal);
      const { collection } = await resolveCollection(
        deps.taxii,
        request.principal,
        request.root,
        request.collectionId,
        'read',
      );
      const filters = parseObjectQuery(request.query, 'stream', deps.taxii.limits);
      if (size >= limits.maxConnections) {
        throw new HubError(
          'CAIRN_SERVER_BUSY',
          'This node serves as many live streams as it may; try another',
          {
            details: { retryAfterSeconds: Math.ceil(RETRY_MS / 1000) },
          },
        );
      }
      if ((perPrincipal.get(key) ?? 0) >= limits.maxPerPrincipal) {
        throw new HubError(
          'CAIRN_TOO_MANY_REQUESTS',
          `At most ${limits.maxPerPrincipal} live streams may be open per user or token`,
          { details: { retryAfterSeconds: Math.ceil(limits.recheckMs / 1000) } },
        );
      }
      const binding: StreamBinding = { collectionId: collection.id, principal: key, filters: filters.digest };
      const position = await startPosition(deps.taxii, request, seal, binding, filters.addedAfter);
      if (sink.closed) return;
      const stream = openLiveStream({
        deps: deps.taxii,
        read,
        seal,
        sink,
        principal: request.principal,
        target: {
          root: request.root,
          collectionId: collection.id,
          communityId: collection.communityId,
          filters,
          binding,
        },
        position,
        stallMs: limits.stallMs,
        now,
      });
      const unregister = register(stream, key);
      sink.onClose(unregister);
      sink.begin();
      // The start position goes first, as an event with an id and no data: clients record it
      // as their last event id without dispatching anything, so a reconnect before the first
      // object resumes here instead of at a later tail.
      sink.write(`${sseRetry(RETRY_MS)}id: ${seal.seal(binding, position)}\n\n`);
      stream.wake();
    },
    get size() {
      return size;
    },
    closeAll() {
      for (const stream of [...all()]) stream.close();
    },
  };
}

/**
 * Where a stream starts: after the client's last event when it resumes, after `added_after`
 * when it asks for history, else at the collection's tail (only what is added from now on).
 */
async function startPosition(
  taxii: TaxiiDeps,
  request: OpenStreamRequest,
  seal: ReturnType<typeof createPositionSeal>,
  binding: StreamBinding,
  addedAfter: number | undefined,
): Promise<Cursor> {
  if (request.lastEventId !== undefined && request.lastEventId !== '')
    return seal.open(request.lastEventId, binding);
  // added_after is exclusive (TAXII 2.1 §3.4.1): after every seq of that instant.
  if (addedAfter !== undefined) return { dateAdded: addedAfter, seq: Number.MAX_SAFE_INTEGER };
  return (await taxii.store.objects.tail(binding.collectionId)) ?? { dateAdded: 0, seq: 0 };
}

function principalKey(principal: Principal): string {
  return `${principal.kind}:${principal.id}`;
}
