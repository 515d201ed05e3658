import type { Principal } from '../auth/index.js';
import { isHubError } from '../core/index.js';
import type { Cursor, ObjectQuery, Page, StoredObject } from '../store/index.js';
import {
  auditProtectedReads,
  type ParsedObjectQuery,
  resolveCollection,
  sharingFilters,
  type TaxiiDeps,
} from '../taxii/index.js';
import type { PageReader } from './shared-reads.js';
import { sseComment, sseEvent } from './sse-format.js';
import type { PositionSeal, StreamBinding } from './stream-position.js';
import type { StreamSink } from './stream-sink.js';

/** Versions read per query while catching up: bounds memory per stream, not latency. */
const BATCH = 500;

/** What one stream reads: an API root's collection, with the reader's filters. */
export interface StreamTarget {
  readonly root: string;
  readonly collectionId: string;
  readonly communityId: string;
  readonly filters: ParsedObjectQuery;
  readonly binding: StreamBinding;
}

export interface LiveStreamOptions {
  readonly deps: TaxiiDeps;
  /** Where pages are read (shared between streams asking the same question). */
  readonly read: PageReader;
  readonly seal: PositionSeal;
  readonly sink: StreamSink;
  readonly target: StreamTarget;
  readonly principal: Principal;
  /** The last position the client has: only what sorts after it is sent. */
  readonly position: Cursor;
  /** Longest wait for a client to read what was sent before it is dropped (ms). */
  readonly stallMs: number;
  readonly now: () => number;
}

/** One open stream: the collection's new versions, as the reader may see them, in added order. */
export interface LiveStream {
  readonly target: StreamTarget;
  principal(): Principal;
  /** Something may have been added: read from the current position. */
  wake(): void;
  /**
   * Re-checks the reader's rights with a freshly loaded principal (null: revoked or removed)
   * and then reads anything new; ends the stream when the rights are gone.
   */
  recheck(principal: Principal | null): Promise<void>;
  /** Sends a keep-alive comment when nothing was sent for `idleMs`. */
  heartbeat(idleMs: number): void;
  /** Ends the stream, telling the client why when a reason is given. */
  close(reason?: { readonly code: string; readonly message: string }): void;
  readonly closed: boolean;
}

/**
 * The read loop of one stream. Wake-ups only set a flag: one loop at a time reads pages
 * after the stream's own position through the ordinary store query, which applies the
 * sharing rules (DESIGN.md §3), so what a stream sends is exactly what the same reader would
 * get from TAXII with `added_after`. The loop waits for the client to drain what it was
 * sent before it reads more, so a slow client costs one batch of memory, not a backlog.
 */
export function openLiveStream(options: LiveStreamOptions): LiveStream {
  const { deps, seal, sink, target } = options;
  let principal = options.principal;
  let query = baseQuery(principal, target);
  let position = options.position;
  let running = false;
  let dirty = false;
  let closed = false;
  let lastSent = options.now();

  const send = async (text: string): Promise<void> => {
    lastSent = options.now();
    if (sink.write(text)) return;
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<'stalled'>((resolve) => {
      timer = setTimeout(() => resolve('stalled'), options.stallMs);
    });
    const outcome = await Promise.race([sink.drained().then(() => 'drained' as const), stalled]);
    clearTimeout(timer);
    // A client that reads nothing cannot read a goodbye either: cut the connection.
    if (outcome === 'stalled') {
      closed = true;
      sink.end({ abort: true });
    }
  };

  async function readNew(): Promise<void> {
    for (;;) {
      if (closed) return;
      const page: Page<StoredObject> = await options.read(target.collectionId, { ...query, after: position });
      if (page.items.length > 0) {
        // PCII reads are audited before they leave, as on every other path (docs/audit.md).
        await auditProtectedReads(
          deps,
          principal,
          { collectionId: target.collectionId, endpoint: 'stream' },
          page.items,
        );
        let chunk = '';
        for (const item of page.items) {
          position = { dateAdded: item.dateAdded, seq: item.seq };
          chunk += sseEvent({ id: seal.seal(target.binding, position), data: item.json });
        }
        if (closed) return;
        await send(chunk);
      }
      if (!page.more) return;
    }
  }

  async function pump(): Promise<void> {
    if (running) {
      dirty = true;
      return;
    }
    running = true;
    try {
      do {
        dirty = false;
        await readNew();
      } while (dirty && !closed);
    } catch (error) {
      // The database is briefly away: keep the stream; the next wake-up or re-check resumes.
      if (!(isHubError(error) && error.code === 'CAIRN_STORE_UNAVAILABLE'))
        close({ code: 'CAIRN_INTERNAL', message: 'The stream failed; resume with Last-Event-ID' });
    } finally {
      running = false;
    }
  }

  function close(reason?: { readonly code: string; readonly message: string }): void {
    if (closed) return;
    closed = true;
    if (reason !== undefined && !sink.closed)
      sink.write(sseEvent({ event: 'end', data: JSON.stringify(reason) }));
    sink.end();
  }

  sink.onClose(() => {
    closed = true;
  });

  return {
    target,
    principal: () => principal,
    wake: () => void pump(),
    async recheck(fresh) {
      if (closed) return;
      if (fresh === null) {
        close({ code: 'CAIRN_UNAUTHENTICATED', message: 'The credential of this stream is no longer valid' });
        return;
      }
      try {
        await resolveCollection(deps, fresh, target.root, target.collectionId, 'read');
      } catch (error) {
        if (isHubError(error) && error.code === 'CAIRN_STORE_UNAVAILABLE') return;
        close({
          code: isHubError(error) ? error.code : 'CAIRN_INTERNAL',
          message: 'The reader may no longer read this collection',
        });
        return;
      }
      principal = fresh;
      query = baseQuery(fresh, target);
      void pump();
    },
    heartbeat(idleMs) {
      if (!closed && options.now() - lastSent >= idleMs) void send(sseComment('keep-alive'));
    },
    close,
    get closed() {
      return closed;
    },
  };
}

/** Every new version, of every spec version, within the reader's filters and sharing rules. */
function baseQuery(principal: Principal, target: StreamTarget): Omit<ObjectQuery, 'after'> {
  const { filters } = target;
  return {
    ...(filters.ids === undefined ? {} : { ids: filters.ids }),
    ...(filters.types === undefined ? {} : { types: filters.types }),
    versions: filters.versions,
    ...(filters.specVersions === undefined
      ? { anySpecVersion: true }
      : { specVersions: filters.specVersions }),
    limit: BATCH,
    ...sharingFilters(principal, target.communityId),
  };
}
