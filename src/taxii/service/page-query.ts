import type { Principal } from '../../auth/index.js';
import type { ObjectQuery } from '../../store/store.js';
import { type CursorPayload, decodeCursor, encodeCursor } from '../cursor.js';
import type { ParsedObjectQuery } from '../parse-object-query.js';
import type { TaxiiDeps } from './taxii-deps.js';

export type PagedEndpoint = 'objects' | 'manifest' | 'object' | 'versions';

/** What a `next` value is bound to. */
export interface PageScope {
  readonly collectionId: string;
  readonly endpoint: PagedEndpoint;
  readonly objectId?: string;
  readonly principal: Principal;
}

/**
 * Turns parsed filters into a store query, resuming from `next` when given. `next` wins
 * over `added_after` (DESIGN.md §7): the cursor carries the first page's added_after.
 */
export function toStoreQuery(deps: TaxiiDeps, scope: PageScope, parsed: ParsedObjectQuery): ObjectQuery {
  const base = {
    ...(parsed.ids === undefined ? {} : { ids: parsed.ids }),
    ...(parsed.types === undefined ? {} : { types: parsed.types }),
    versions: parsed.versions,
    ...(parsed.specVersions === undefined ? {} : { specVersions: parsed.specVersions }),
    limit: parsed.limit,
  };
  if (parsed.next === undefined) {
    return parsed.addedAfter === undefined ? base : { ...base, addedAfter: parsed.addedAfter };
  }
  const cursor = decodeCursor(parsed.next, deps.cursorKey, expectedCursor(scope, parsed));
  return {
    ...base,
    ...(cursor.a === undefined ? {} : { addedAfter: cursor.a }),
    after: { dateAdded: cursor.d, seq: cursor.s },
  };
}

/** The `next` value for the page that ended at `last`. */
export function nextCursor(
  deps: TaxiiDeps,
  scope: PageScope,
  parsed: ParsedObjectQuery,
  query: ObjectQuery,
  last: { readonly dateAdded: number; readonly seq: number },
): string {
  const payload: CursorPayload = {
    ...expectedCursor(scope, parsed),
    ...(query.addedAfter === undefined ? {} : { a: query.addedAfter }),
    d: last.dateAdded,
    s: last.seq,
  };
  return encodeCursor(payload, deps.cursorKey);
}

function expectedCursor(scope: PageScope, parsed: ParsedObjectQuery): Omit<CursorPayload, 'a' | 'd' | 's'> {
  return {
    c: scope.collectionId,
    e: scope.endpoint,
    ...(scope.objectId === undefined ? {} : { o: scope.objectId }),
    q: parsed.digest,
    p: `${scope.principal.kind}:${scope.principal.id}`,
  };
}
