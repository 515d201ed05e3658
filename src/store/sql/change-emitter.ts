import type { ChangeFeed, ChangeSignal } from '../change-feed-types.js';

/** A change feed inside one process, and the hook the adapter's write paths call. */
export interface ChangeEmitter {
  readonly feed: ChangeFeed;
  emit(signal: ChangeSignal): void;
  /** Whether anyone listens: writers skip work (a NOTIFY round trip) for nobody. */
  readonly listening: boolean;
}

/**
 * Fans signals out to this process's listeners. Listeners run synchronously, each isolated,
 * so a failing subscriber cannot stop another's delivery or the writer that emitted.
 */
export function createChangeEmitter(options: { readonly onFirstListener?: () => void } = {}): ChangeEmitter {
  const listeners = new Set<(signal: ChangeSignal) => void>();
  return {
    feed: {
      subscribe(listener) {
        // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
        const entry = (signal: ChangeSignal) => listener(signal);
        listeners.add(entry);
        if (listeners.size === 1) options.onFirstListener?.();
        return () => void listeners.delete(entry);
      },
    },
    emit(signal) {
      for (const listener of listeners) {
        try {
          listener(signal);
        } catch {
          // A subscriber's own failure is its business; the others still hear the signal.
        }
      }
    },
    get listening() {
      return listeners.size > 0;
    },
  };
}
