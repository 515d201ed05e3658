import type { Principal } from '../auth/index.js';
import type { AddOutcome, StatusDetail } from '../store/store.js';
import { addObjectList, type TaxiiDeps } from '../taxii/index.js';

/** What storing one page did. */
export interface PageOutcome {
  readonly added: number;
  readonly duplicates: number;
  /** Stored but held for personal-data review (counted in `added` too). */
  readonly held: number;
  readonly rejected: readonly StatusDetail[];
}

/**
 * Stores one page through the TAXII add path, exactly as `cairn import` and POST do
 * (validation, collection policy, sharing envelope, PII detectors, status resource), in one
 * transaction. The store's outcomes tell a duplicate (same id and version, same body: not
 * an error) from a new version; the status alone counts both as successes.
 */
export async function storePage(
  taxii: TaxiiDeps,
  target: { readonly principal: Principal; readonly root: string; readonly collectionId: string },
  objects: readonly unknown[],
): Promise<PageOutcome> {
  let outcomes: readonly AddOutcome[] = [];
  const objectsPort = taxii.store.objects;
  const observed: TaxiiDeps = {
    ...taxii,
    store: {
      ...taxii.store,
      objects: {
        ...objectsPort,
        add: async (collectionId, prepared, status) => {
          const result = await objectsPort.add(collectionId, prepared, status);
          // The submission's own batch is the last add: referenced definitions go first.
          outcomes = result;
          return result;
        },
      },
    },
  };
  // Unmarked objects are at least AMBER: the peer's default for them is unknown, and a
  // looser local default must not loosen them (DESIGN.md §3, docs/federation.md).
  const status = await addObjectList(observed, { ...target, objects, options: { unmarkedAtLeast: 'amber' } });
  return {
    added: outcomes.filter((o) => o.kind === 'added').length,
    duplicates: outcomes.filter((o) => o.kind === 'duplicate').length,
    held: status.pending_count,
    rejected: status.failures ?? [],
  };
}
