import type { Clock } from '../core/index.js';
import type { AuditActor, AuditEntry, AuditEntryDraft, AuditInput, AuditRepository } from './audit-entry.js';
import { sanitiseDetails, sanitiseText } from './sanitise-details.js';

/** Records security events into the hash-chained log. */
export interface AuditLog {
  /** Appends one event and resolves once it is committed (admin actions, exports). */
  record(input: AuditInput): Promise<AuditEntry>;
  /**
   * Queues an event for a batched append on the next turn of the event loop and returns at
   * once: for request paths (logins, token use), where a synchronous commit per request
   * would cost a disk flush each. Never throws; a failed batch goes to `onError`.
   */
  recordSoon(input: AuditInput): void;
  /** Resolves when every queued event is committed (or reported lost). Call before closing. */
  flush(): Promise<void>;
}

export interface AuditLogOptions {
  readonly clock: Clock;
  /** Told about a batch that could not be appended, and how many events it held. */
  readonly onError?: (error: unknown, lost: number) => void;
  /** Queue bound: beyond it events are counted and reported as one `audit.dropped` entry. */
  readonly maxPending?: number;
  /** Events per append transaction (default 500). */
  readonly batchSize?: number;
}

/** The actor of console commands: a person with access to the hub's data directory. */
export const OPERATOR: AuditActor = Object.freeze({ kind: 'operator' });

/** The actor of events the hub raises itself. */
export const SYSTEM: AuditActor = Object.freeze({ kind: 'system' });

/**
 * The audit service over a repository. Every event is sanitised (sanitiseDetails) and
 * timestamped when it is recorded, not when it is written, so batching keeps true times.
 */
export function createAuditLog(repo: AuditRepository, options: AuditLogOptions): AuditLog {
  const maxPending = options.maxPending ?? 10_000;
  const batchSize = options.batchSize ?? 500;
  const queue: AuditEntryDraft[] = [];
  let dropped = 0;
  let running: Promise<void> | undefined;

  const drain = async (): Promise<void> => {
    while (queue.length > 0 || dropped > 0) {
      if (dropped > 0 && queue.length < batchSize) {
        // Overload is itself a security event: say how many events the log did not keep.
        queue.push(
          draftOf({ event: 'audit.dropped', actor: SYSTEM, details: { count: dropped } }, options.clock),
        );
        dropped = 0;
      }
      const batch = queue.splice(0, batchSize);
      try {
        await repo.append(batch);
      } catch (error) {
        options.onError?.(error, batch.length);
      }
    }
  };
  const schedule = (): Promise<void> => {
    running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(drain).finally(() => {
      running = undefined;
      // Events queued after the drain's last look must not wait for the next event.
      if (queue.length > 0 || dropped > 0) void schedule();
    });
    return running;
  };

  return {
    async record(input) {
      const [entry] = await repo.append([draftOf(input, options.clock)]);
      return entry as AuditEntry;
    },
    recordSoon(input) {
      if (queue.length >= maxPending) dropped++;
      else queue.push(draftOf(input, options.clock));
      void schedule();
    },
    async flush() {
      while (running !== undefined || queue.length > 0 || dropped > 0) await schedule();
    },
  };
}

/** An input made safe to keep forever: sanitised, bounded, and timestamped. */
export function draftOf(input: AuditInput, clock: Clock): AuditEntryDraft {
  const target: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.target ?? {})) target[k] = sanitiseText(v);
  return {
    at: input.at ?? clock.nowMicros(),
    event: sanitiseText(input.event),
    actor: sanitiseActor(input.actor),
    target,
    details: sanitiseDetails(input.details ?? {}),
  };
}

function sanitiseActor(actor: AuditActor): AuditActor {
  const out: { -readonly [K in keyof AuditActor]: AuditActor[K] } = { kind: actor.kind };
  if (actor.id !== undefined) out.id = sanitiseText(actor.id);
  if (actor.name !== undefined) out.name = sanitiseText(actor.name);
  if (actor.orgId !== undefined) out.orgId = sanitiseText(actor.orgId);
  if (actor.address !== undefined) out.address = sanitiseText(actor.address);
  return out;
}
