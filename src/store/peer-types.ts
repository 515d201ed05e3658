/**
 * Federation peers (DESIGN.md §2 "Peer", docs/federation.md): other TAXII 2.1 servers this
 * hub pulls a collection from, with where each pull resumes. Part of the store port.
 */

/** An object a pull refused: the same shape as a status resource's failure entry. */
export interface PeerRejection {
  readonly id: string;
  readonly version: string;
  readonly message?: string;
}

/** How the hub authenticates to a peer: HTTP Basic with a user name, or a Bearer token. */
export type PeerAuth = { readonly scheme: 'basic'; readonly user: string } | { readonly scheme: 'bearer' };

/** A peer as the operator configured it. */
export interface Peer {
  readonly id: string;
  readonly name: string;
  /** The remote API root URL, ending in `/`. */
  readonly apiRootUrl: string;
  readonly remoteCollectionId: string;
  /** The local collection its objects are stored into. */
  readonly collectionId: string;
  /** The local organisation the peer's content is attributed to (the submitter). */
  readonly orgId: string;
  /**
   * Where the secret is, never the secret: `env:VAR_NAME` or `file:/path`, resolved at
   * pull time so no secret is stored in the database or logged.
   */
  readonly credentialRef: string;
  readonly auth: PeerAuth;
  readonly enabled: boolean;
  /** The least time between two pull rounds of this peer. */
  readonly intervalMs: number;
  readonly createdAt: number;
}

/**
 * Where the next round resumes: inside an unfinished walk (`next`, with the `addedAfter`
 * the walk started from), or after the last page committed (`addedAfter` alone).
 */
export interface PeerPosition {
  /** The remote `X-TAXII-Date-Added-Last` of the last committed page (TAXII timestamp). */
  readonly addedAfter?: string;
  readonly next?: string;
}

export interface PeerCounters {
  /** Objects read from the peer. */
  readonly received: number;
  readonly added: number;
  readonly duplicates: number;
  /** Objects the local validation or policy refused. */
  readonly rejected: number;
}

/** The last failed round, by code and safe message (never a secret). */
export interface PeerError {
  readonly code: string;
  readonly message: string;
  readonly at: number;
}

/** A peer with its pull state. */
export interface PeerRecord extends Peer {
  readonly position: PeerPosition;
  readonly lastAttemptAt?: number;
  readonly lastSuccessAt?: number;
  /** Set by a failed round, cleared by the next successful one. */
  readonly lastError?: PeerError;
  /** Totals since the peer was added. */
  readonly counters: PeerCounters;
  /** The latest objects refused, newest last (a bounded list). */
  readonly recentRejections: readonly PeerRejection[];
}

/** One committed page: the new position, the counts to add, and the rejections list now. */
export interface PeerProgress {
  readonly position: PeerPosition;
  readonly counts: PeerCounters;
  readonly recentRejections: readonly PeerRejection[];
}

export interface PeerRepository {
  /** @throws HubError CAIRN_CONFLICT when the name is taken. */
  add(peer: Peer): Promise<void>;
  /** Every peer, by name. */
  list(): Promise<PeerRecord[]>;
  findByName(name: string): Promise<PeerRecord | undefined>;
  get(id: string): Promise<PeerRecord | undefined>;
  /** False when there was no such peer. */
  remove(id: string): Promise<boolean>;
  /** Saves the position and adds the counts, after a page has been committed. */
  advance(id: string, progress: PeerProgress): Promise<void>;
  /** Ends a round: success clears the last error, failure records it. */
  finishRound(
    id: string,
    outcome: { readonly at: number; readonly error?: Omit<PeerError, 'at'> },
  ): Promise<void>;
  /** Replaces the position (an operator re-pull from an earlier point). */
  setPosition(id: string, position: PeerPosition): Promise<void>;
}
