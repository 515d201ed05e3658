import {
  type AuditEntry,
  type ChainHead,
  type ChainVerdict,
  EMPTY_HEAD,
  verifyChain,
} from '../audit/index.js';
import type { Store } from '../store/index.js';

/** The verdict on the whole stored log, with the entry that broke it when it did. */
export type AuditTrailVerdict = ChainVerdict & {
  /** The first entry that did not verify, as stored (absent when intact or for `missing`). */
  readonly entry?: AuditEntry;
};

/**
 * Verifies the whole audit log from the genesis hash, a page at a time (constant memory).
 * With `expectedHead`, a head recorded elsewhere earlier (docs/audit.md), it also fails
 * when that entry is gone or differs: the one tampering the chain alone cannot reveal,
 * entries cut off the end or the log rewritten from some entry on.
 */
export async function verifyAuditTrail(
  store: Store,
  options: { readonly pageSize?: number; readonly expectedHead?: ChainHead } = {},
): Promise<AuditTrailVerdict> {
  const pageSize = options.pageSize ?? 5000;
  let head: ChainHead = EMPTY_HEAD;
  let checked = 0;
  let anchor: AuditEntry | undefined;
  for (;;) {
    const page = await store.audit.list({ after: head.seq, limit: pageSize, order: 'asc' });
    const verdict = verifyChain(page, head);
    checked += verdict.checked;
    const expected = options.expectedHead;
    if (expected !== undefined && anchor === undefined)
      anchor = page.find((e) => e.seq === expected.seq && e.hash === expected.hash);
    if (!verdict.ok) {
      const entry = page.find((e) => e.seq === verdict.seq);
      return {
        ...verdict,
        checked,
        ...(entry === undefined || verdict.reason === 'missing' ? {} : { entry }),
      };
    }
    head = verdict.head;
    if (page.length < pageSize) break;
  }
  const expected = options.expectedHead;
  if (expected !== undefined && anchor === undefined) {
    return {
      ok: false,
      checked,
      seq: expected.seq,
      reason: expected.seq > head.seq ? 'missing' : 'changed',
      message: `Entry ${expected.seq} does not have the expected hash ${expected.hash.slice(0, 16)}…: the log was cut short or rewritten`,
      head,
    };
  }
  return { ok: true, checked, head };
}
