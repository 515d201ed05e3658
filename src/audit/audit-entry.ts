/**
 * The shapes of the audit log (DESIGN.md §2 "Audit entry"): what is appended, what is
 * stored, how it is queried, and the repository port the store adapters implement.
 */

/**
 * Who did it. `operator` is a person at the hub's console (the CLI); `anonymous` is a caller
 * whose credentials were not accepted (failed logins), known only by its address; `system`
 * is the hub itself.
 */
export interface AuditActor {
  readonly kind: 'user' | 'token' | 'operator' | 'anonymous' | 'peer' | 'system';
  /** User, token or peer id; absent for `operator` and `anonymous`. */
  readonly id?: string;
  /** User name, token name, or the user name a failed login tried. */
  readonly name?: string;
  /** The actor's organisation id, when it has one. */
  readonly orgId?: string;
  /** The client's network address, when the event came over the network. */
  readonly address?: string;
}

/** A JSON value as the audit log keeps it: no undefined, no functions, finite numbers. */
export type AuditJson =
  | string
  | number
  | boolean
  | null
  | readonly AuditJson[]
  | { readonly [key: string]: AuditJson };

/** What a caller records; the log adds `at` when absent, and the store adds `seq` and `hash`. */
export interface AuditInput {
  /** Dotted event name, e.g. `login.failure`, `token.create`, `export`. */
  readonly event: string;
  readonly actor: AuditActor;
  /** Ids of what the event is about (`collectionId`, `userId`, `tokenId`, …). */
  readonly target?: Readonly<Record<string, string>>;
  /** Small facts about the event. Never secrets: see sanitiseDetails. */
  readonly details?: Readonly<Record<string, AuditJson>>;
  /** When it happened, in microseconds since the epoch. */
  readonly at?: number;
}

/** The hashed content of an entry: everything but its own hash. */
export interface AuditRecord {
  /** Position in the chain: 1, 2, 3, … with no gaps. */
  readonly seq: number;
  /** Microseconds since the epoch. */
  readonly at: number;
  readonly event: string;
  readonly actor: AuditActor;
  readonly target: Readonly<Record<string, string>>;
  readonly details: Readonly<Record<string, AuditJson>>;
}

/** A stored entry: `hash` = SHA-256(previous hash ‖ canonical JSON of the record), hex. */
export interface AuditEntry extends AuditRecord {
  readonly hash: string;
}

/** A filter over the log; every field narrows it. */
export interface AuditQuery {
  /** Inclusive lower bound on `at` (microseconds). */
  readonly from?: number;
  /** Exclusive upper bound on `at` (microseconds). */
  readonly to?: number;
  /** An exact event name, or a prefix ending in `*` (`login.*`). */
  readonly event?: string;
  /** Matches the actor's id or name exactly. */
  readonly actor?: string;
  /** Only entries with `seq` greater than this (ascending walks). */
  readonly after?: number;
  /** Only entries with `seq` smaller than this (descending walks). */
  readonly before?: number;
  /** `asc` (default): oldest first; `desc`: newest first. */
  readonly order?: 'asc' | 'desc';
  /** At most this many entries (default 1000). */
  readonly limit?: number;
}

/**
 * The audit part of the store port. Append-only by construction: there is no update or
 * delete, and the adapters add database triggers that refuse both.
 */
export interface AuditRepository {
  /**
   * Appends entries in order, in one transaction that reads the chain's head, so writers in
   * other processes or nodes cannot fork the chain. Returns the stored entries.
   */
  append(entries: readonly AuditEntryDraft[]): Promise<AuditEntry[]>;
  list(query?: AuditQuery): Promise<AuditEntry[]>;
  /** The newest entry (the chain's head), or undefined when the log is empty. */
  tail(): Promise<AuditEntry | undefined>;
}

/** An entry ready to append: sanitised, timestamped, awaiting its `seq` and `hash`. */
export type AuditEntryDraft = Omit<AuditRecord, 'seq'>;
