/**
 * THE store port. TAXII-shaped: it takes parsed queries (never raw request parameters) and
 * returns pages and outcomes. Adapters (`sqlite/`, later `postgres/`) implement it and pass
 * one contract suite (`test/contract/store.contract.ts`). Nothing here names a driver.
 */
import type { AuditRepository } from '../audit/index.js';
import type { AttributionFilter, SharingEnvelope, VisibilityFilter } from '../sharing/index.js';
import type { ChangeFeed } from './change-feed-types.js';
import type { PciiRepository, PciiTicket } from './pcii-types.js';
import type { PeerRepository } from './peer-types.js';
import type { ReviewDecision, ReviewItem, ReviewRecord, ReviewTicket } from './review-types.js';
import type { TableCopy } from './table-copy-types.js';
import type { TenancyRepository } from './tenancy-types.js';

export type {
  AuditActor,
  AuditEntry,
  AuditEntryDraft,
  AuditQuery,
  AuditRepository,
} from '../audit/index.js';
export type * from './change-feed-types.js';
export type * from './coordination-types.js';
export type * from './pcii-types.js';
export type * from './peer-types.js';
export type * from './review-types.js';
export type * from './table-copy-types.js';
export type * from './tenancy-types.js';

/** A position in a collection's added order: unique because `seq` breaks `dateAdded` ties. */
export interface Cursor {
  readonly dateAdded: number;
  readonly seq: number;
}

/**
 * TAXII 2.1 §3.4.1 match[version]: `all` excludes everything else; otherwise any mix of
 * `first`, `last` and specific version keys (see `stix/timestamp.ts` timestampKey).
 */
export interface VersionSelector {
  readonly all: boolean;
  readonly first: boolean;
  readonly last: boolean;
  readonly keys: readonly string[];
}

/** A query over one collection's object versions, already parsed and validated. */
export interface ObjectQuery {
  readonly ids?: readonly string[];
  readonly types?: readonly string[];
  readonly versions: VersionSelector;
  /** Absent: the latest spec version of each object only (TAXII 2.1 §3.4.1 default). */
  readonly specVersions?: readonly string[];
  /** Every spec version, overriding the default (used to delete all versions of an object). */
  readonly anySpecVersion?: boolean;
  /** Exclusive lower bound on date_added, in microseconds. */
  readonly addedAfter?: number;
  readonly after?: Cursor;
  readonly limit: number;
  /** What the reader may receive (sharing rules); absent: everything (operator, hub admin). */
  readonly visibility?: VisibilityFilter;
  /** When the reader sees the submitter; otherwise the anonymised body is returned. */
  readonly attribution?: AttributionFilter;
}

/** One stored version of one object in one collection. */
export interface StoredVersion {
  readonly stixId: string;
  readonly type: string;
  /** The version as the object states it (modified, else created, else date_added). */
  readonly version: string;
  readonly specVersion: string;
  readonly dateAdded: number;
  readonly seq: number;
  /** A protected (PCII) version: every read of it is audited. */
  readonly protected?: true;
}

export interface StoredObject extends StoredVersion {
  /** The object exactly as stored, serialised JSON. */
  readonly json: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly more: boolean;
}

/** An object ready to store: validated, with its derived keys. */
export interface PreparedObject {
  readonly stixId: string;
  readonly type: string;
  readonly version: string;
  /** Sortable instant key of `version`; undefined for objects with no modified/created (SCOs). */
  readonly versionKey: string | undefined;
  readonly specVersion: string;
  readonly json: string;
  /** The parsed object, used to compare bodies when the same (id, version) already exists. */
  readonly object: Readonly<Record<string, unknown>>;
  /** The sharing facts of this version (DESIGN.md §3). */
  readonly envelope: SharingEnvelope;
  /** The body for readers who may not see the submitter, when it differs from `json`. */
  readonly anonymisedJson?: string;
  /** The message of its status entry once stored (e.g. which kinds of personal data were redacted). */
  readonly statusMessage?: string;
  /** Present when it is stored held for personal-data review: listed as pending, not success. */
  readonly review?: ReviewTicket;
  /** Present when it is a protected submission: encrypted at rest, pending until validated. */
  readonly pcii?: PciiTicket;
}

export type AddOutcome =
  | { readonly kind: 'added'; readonly version: string; readonly dateAdded: number }
  | { readonly kind: 'duplicate'; readonly version: string }
  | { readonly kind: 'conflict'; readonly version: string };

/** A TAXII status resource as stored. */
export interface StatusRecord {
  readonly id: string;
  readonly communityId: string;
  readonly collectionId: string;
  /** Who submitted: only they (their organisation) and hub admins may read it. */
  readonly submitterOrgId: string;
  readonly requestTimestamp: number;
  readonly status: 'pending' | 'complete';
  readonly totalCount: number;
  readonly successes: readonly StatusDetail[];
  readonly failures: readonly StatusDetail[];
  readonly pendings: readonly StatusDetail[];
  /** When processing completed (microseconds), for expiry. */
  readonly completedAt?: number;
}

export interface StatusDetail {
  readonly id: string;
  readonly version: string;
  readonly message?: string;
}

export interface ObjectRepository {
  /** Object versions matching `query`, in added order, with the `json` body. */
  query(collectionId: string, query: ObjectQuery): Promise<Page<StoredObject>>;
  /** Same selection as `query` without bodies (manifest, versions). */
  manifest(collectionId: string, query: ObjectQuery): Promise<Page<StoredVersion>>;
  /**
   * True when the collection holds any version of `stixId` that `visibility` lets through
   * (for 404 vs empty envelope, without revealing invisible objects).
   */
  exists(collectionId: string, stixId: string, visibility?: VisibilityFilter): Promise<boolean>;
  /**
   * Stores a batch atomically with its status record: every object and the status are
   * committed together or not at all. Returns one outcome per object, in order.
   */
  add(collectionId: string, objects: readonly PreparedObject[], status: StatusRecord): Promise<AddOutcome[]>;
  /** Deletes the selected versions of one object; returns how many were removed. */
  remove(collectionId: string, stixId: string, query: ObjectQuery): Promise<number>;
  /** Number of stored versions in a collection. */
  count(collectionId: string): Promise<number>;
  /**
   * The position of the last committed version of a collection, whoever may read it;
   * undefined when it is empty. Everything committed later sorts after it (live streams
   * start here).
   */
  tail(collectionId: string): Promise<Cursor | undefined>;
}

export interface StatusRepository {
  get(communityId: string, statusId: string): Promise<StatusRecord | undefined>;
  /** Deletes completed statuses older than `before` (microseconds); returns the count. */
  expire(before: number): Promise<number>;
}

/** Key/value settings of the hub (signing key, hub identity id). */
export interface SettingsRepository {
  get(key: string): Promise<string | undefined>;
  /** Sets `key` only if it has no value yet; returns the value in force. */
  setIfAbsent(key: string, value: string): Promise<string>;
}

export interface ReviewOutcome {
  /** The record as it was before the decision (it is gone now). */
  readonly review: ReviewRecord;
}

export interface ReviewRepository {
  /** Held records, oldest first: of the given communities, or all when `communityIds` is absent. */
  list(filter: {
    readonly communityIds?: readonly string[];
    readonly limit: number;
  }): Promise<ReviewRecord[]>;
  get(id: string): Promise<ReviewItem | undefined>;
  /**
   * Applies a decision atomically: releases (as is or redacted) or deletes the held version,
   * moves it from the status's `pendings` to `successes` or `failures` with `message`, and
   * completes the status when nothing remains pending. Undefined when there is no such
   * held record (already decided).
   */
  decide(
    id: string,
    decision: ReviewDecision,
    options: { readonly message: string; readonly at: number },
  ): Promise<ReviewOutcome | undefined>;
}

export interface Store {
  readonly objects: ObjectRepository;
  readonly statuses: StatusRepository;
  readonly tenancy: TenancyRepository;
  readonly settings: SettingsRepository;
  /** Objects held for personal-data review (DESIGN.md §3). */
  readonly reviews: ReviewRepository;
  /** The append-only, hash-chained audit log (docs/audit.md). */
  readonly audit: AuditRepository;
  /** Protected (PCII) submissions: validation queue, encryption at rest (docs/sharing.md). */
  readonly pcii: PciiRepository;
  /** Bulk, engine-neutral table copy (`cairn migrate-store`). */
  readonly tableCopy: TableCopy;
  /** Wake-ups when collections get new readable versions, from every node (live streams). */
  readonly changes: ChangeFeed;
  /** Federation peers this hub pulls from (docs/federation.md). */
  readonly peers: PeerRepository;
  /** Cheap liveness probe of the database. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
