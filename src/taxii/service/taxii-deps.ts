import type { Clock } from '../../core/index.js';
import type { CollectionPolicy, Store } from '../../store/store.js';
import type { QueryLimits } from '../parse-object-query.js';

/** One finding of the STIX validator, as the TAXII layer reports it. */
export interface ObjectIssue {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

/** What the TAXII use cases need, injected by the composition root. */
export interface TaxiiDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** The hub's STIX identity object: what anonymised objects name as their source. */
  readonly hubIdentity: Readonly<Record<string, unknown>>;
  /** The organisation that operates the hub (owner of what the hub itself stores). */
  readonly hubOrgId: string;
  /** HMAC key for `next` cursors, shared by every node of the hub. */
  readonly cursorKey: Buffer;
  readonly limits: QueryLimits & {
    /** Most objects one POST may carry. */
    readonly maxObjectsPerRequest: number;
  };
  readonly discovery: {
    readonly title: string;
    readonly description?: string;
    readonly contact?: string;
    readonly defaultApiRoot?: string;
  };
  /** Told after objects were deleted from a collection (caches keyed on it must forget). */
  readonly onDeleted?: (collectionId: string) => void;
  /** Validates one STIX object (stix/ validator, with the pattern check plugged in). */
  validateObject(object: unknown, policy?: CollectionPolicy): readonly ObjectIssue[];
}
