/**
 * The change feed (issue 6, DESIGN.md §5): how a node learns that a collection has new
 * readable versions, whichever node committed them. A signal carries no data, only a wake-up:
 * a listener reads what is new through the ordinary, visibility-filtered query from its own
 * position, so a lost or duplicated signal can delay delivery but never change what is
 * delivered.
 */
export type ChangeSignal =
  /** Versions were added to, or released into, this collection and are committed. */
  | { readonly kind: 'added'; readonly collectionId: string }
  /** Signals may have been missed (the feed's connection was lost): re-check everything. */
  | { readonly kind: 'resync' };

export interface ChangeFeed {
  /**
   * Calls `listener` for every signal from now on, on this node and every node sharing the
   * store. A listener that throws is isolated from the others.
   * @returns a function that stops the calls.
   */
  subscribe(listener: (signal: ChangeSignal) => void): () => void;
}
