import { createHash } from 'node:crypto';
import type { AuditEntry, AuditEntryDraft, AuditRecord } from './audit-entry.js';
import { canonicalJson } from './canonical-json.js';

/**
 * The value the first entry chains from: SHA-256 of `cairn-audit-genesis-v1`, hex. Fixed, so
 * an empty log and a log whose first entries were cut off cannot be confused.
 */
export const GENESIS_HASH = createHash('sha256').update('cairn-audit-genesis-v1').digest('hex');

/** The head of a chain: the last entry's position and hash (seq 0 and GENESIS_HASH when empty). */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** The head of an empty chain. */
export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/**
 * SHA-256 over the previous entry's hash (as its 64 hex characters) followed by the
 * canonical JSON of the record, hex-encoded. Only the record's own fields are hashed, so
 * extra properties a database returns cannot change the result.
 */
export function hashRecord(prevHash: string, record: AuditRecord): string {
  const { seq, at, event, actor, target, details } = record;
  return createHash('sha256')
    .update(prevHash, 'utf8')
    .update(canonicalJson({ seq, at, event, actor, target, details }), 'utf8')
    .digest('hex');
}

/**
 * Numbers and hashes drafts after `head`: what an adapter does inside its append
 * transaction, having read the head in the same transaction.
 */
export function chainDrafts(head: ChainHead, drafts: readonly AuditEntryDraft[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = head;
  for (const draft of drafts) {
    const record: AuditRecord = { ...draft, seq: prev.seq + 1 };
    const entry: AuditEntry = { ...record, hash: hashRecord(prev.hash, record) };
    out.push(entry);
    prev = entry;
  }
  return out;
}

/** Why a link is broken. */
export type ChainBreak =
  /** The entry's content or hash differs from what was chained: edited in place. */
  | 'changed'
  /** Entries with this seq and perhaps later ones are absent: deleted. */
  | 'missing'
  /** An entry appears out of its place: reordered. */
  | 'out-of-order'
  /** An entry whose seq was already seen, or which does not belong: inserted. */
  | 'inserted';

/** The outcome of verifying a chain, or one page of it. */
export type ChainVerdict =
  | { readonly ok: true; readonly checked: number; readonly head: ChainHead }
  | {
      readonly ok: false;
      readonly checked: number;
      /** The seq of the first entry that does not verify (for `missing`, the first absent seq). */
      readonly seq: number;
      readonly reason: ChainBreak;
      readonly message: string;
      /** The last entry that verified. */
      readonly head: ChainHead;
    };

/**
 * Walks entries in the order given (the store returns them by seq) and reports the first
 * broken link: an entry edited in place, deleted, inserted or moved. `start` continues from
 * a verified head, so a long log can be checked page by page with constant memory.
 *
 * What it cannot see: entries cut off the end, or a whole chain rewritten from the first
 * changed entry on. Compare the head with a copy kept elsewhere for those (docs/audit.md).
 */
export function verifyChain(entries: readonly AuditEntry[], start: ChainHead = EMPTY_HEAD): ChainVerdict {
  let head = start;
  let checked = 0;
  const fail = (seq: number, reason: ChainBreak, message: string): ChainVerdict => ({
    ok: false,
    checked,
    seq,
    reason,
    message,
    head,
  });
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as AuditEntry;
    const expected = head.seq + 1;
    if (!Number.isSafeInteger(entry.seq) || entry.seq <= head.seq) {
      return entry.seq === head.seq || seqAppearsBefore(entries, i, entry.seq)
        ? fail(entry.seq, 'inserted', `Entry ${entry.seq} appears again after entry ${head.seq}`)
        : fail(entry.seq, 'out-of-order', `Entry ${entry.seq} comes after entry ${head.seq}`);
    }
    if (entry.seq > expected) {
      const later = entries.slice(i + 1).some((e) => e.seq === expected);
      return later
        ? fail(expected, 'out-of-order', `Entry ${expected} is out of place: entry ${entry.seq} comes first`)
        : fail(expected, 'missing', `Entry ${expected} is missing (the next entry is ${entry.seq})`);
    }
    if (hashRecord(head.hash, entry) !== entry.hash) {
      // A forged entry put in the place of an existing one also lands here: the hash of the
      // entry after it will not chain from the forger's hash either.
      return fail(entry.seq, 'changed', `Entry ${entry.seq} does not match its hash`);
    }
    head = { seq: entry.seq, hash: entry.hash };
    checked++;
  }
  return { ok: true, checked, head };
}

function seqAppearsBefore(entries: readonly AuditEntry[], index: number, seq: number): boolean {
  for (let j = 0; j < index; j++) if (entries[j]?.seq === seq) return true;
  return false;
}
