import type { ObjectQuery, Page, StoredObject } from '../store/index.js';

/** Reads a page of a collection, as `ObjectRepository.query` does. */
export type PageReader = (collectionId: string, query: ObjectQuery) => Promise<Page<StoredObject>>;

/**
 * Streams that ask the same question at the same time share one store round trip. A commit
 * wakes every stream of its collection in the same tick, and streams of readers with the
 * same rights (one organisation's tokens, a SIEM cluster on one credential, admins) sit at
 * the same position with the same compiled filters, so their reads are identical: one query
 * answers all of them instead of one each. The key is the whole query, sharing filters
 * included, so readers with different rights never share a page.
 */
export function createSharedReads(read: PageReader): PageReader {
  const inFlight = new Map<string, Promise<Page<StoredObject>>>();
  return (collectionId, query) => {
    const key = JSON.stringify([collectionId, query]);
    const running = inFlight.get(key);
    if (running !== undefined) return running;
    const started = read(collectionId, query).finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
}
