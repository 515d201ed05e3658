import { formatMicros, tryTimestampKey } from '../../stix/index.js';
import type { PreparedObject } from '../store.js';

/** What storing one object means, given the versions of it the collection already holds. */
export type VersionDecision =
  | { readonly kind: 'duplicate' | 'conflict'; readonly version: string }
  | { readonly kind: 'new'; readonly version: string; readonly versionKey: string };

/**
 * TAXII 2.1 §5.5 (T136) and §3.4.1, shared by every adapter: the same (id, version) with the
 * same body is a duplicate, with another body a conflict; an object without modified/created
 * is versioned by its date_added, and an identical one already stored is a duplicate.
 */
export function decideVersion<E extends { readonly versionKey: string; readonly version: string }>(
  obj: PreparedObject,
  existing: readonly E[],
  sameBody: (stored: E) => boolean,
  dateAdded: number,
): VersionDecision {
  if (obj.versionKey !== undefined) {
    const same = existing.find((e) => e.versionKey === obj.versionKey);
    if (same !== undefined) return { kind: sameBody(same) ? 'duplicate' : 'conflict', version: obj.version };
    return { kind: 'new', version: obj.version, versionKey: obj.versionKey };
  }
  const twin = existing.find(sameBody);
  if (twin !== undefined) return { kind: 'duplicate', version: twin.version };
  const version = formatMicros(dateAdded);
  return { kind: 'new', version, versionKey: tryTimestampKey(version) as string };
}
