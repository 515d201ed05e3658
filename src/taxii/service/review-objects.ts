import { isHubAdmin, type Principal } from '../../auth/index.js';
import { HubError } from '../../core/index.js';
import { findingKinds } from '../../sharing/index.js';
import { formatMicros } from '../../stix/index.js';
import { REVIEW_DECISIONS, type ReviewDecision, type ReviewRecord } from '../../store/index.js';
import { auditActorOf, recordDecision } from './audit-event.js';
import { decidesFor, type HeldItemFields, heldItemFields } from './held-item.js';
import type { TaxiiDeps } from './taxii-deps.js';

/** A held object in the review queue, as the review API and CLI show it. */
export interface ReviewSummary extends HeldItemFields {
  /** Kinds of personal data found (never the values). */
  readonly kinds: readonly string[];
  readonly held_at: string;
}

/** One held object with what was found in it, for a reviewer to decide on. */
export interface ReviewDetail extends ReviewSummary {
  readonly findings: readonly { kind: string; path: string; start: number; end: number }[];
  readonly object: unknown;
  /** The object as a `redact` decision would release it. */
  readonly redacted: unknown;
}

const MAX_LIST = 1000;

/**
 * The held objects a principal may review, oldest first: every one for hub admins; those
 * of the communities where it holds `reviewer` (and is a member) for users. Tokens never
 * review. @throws HubError CAIRN_FORBIDDEN for a principal that reviews nowhere.
 */
export async function listReviews(
  deps: TaxiiDeps,
  principal: Principal,
  options: { readonly limit?: number } = {},
): Promise<ReviewSummary[]> {
  const limit = Math.min(Math.max(options.limit ?? MAX_LIST, 1), MAX_LIST);
  if (isHubAdmin(principal)) return (await deps.store.reviews.list({ limit })).map(toSummary);
  const communities = [...principal.communities].filter((c) => mayReview(principal, c));
  if (communities.length === 0) {
    throw new HubError('CAIRN_FORBIDDEN', 'Only hub admins and community reviewers may review held objects');
  }
  return (await deps.store.reviews.list({ communityIds: communities, limit })).map(toSummary);
}

/**
 * One held object with its findings. A review the caller may not decide on does not exist
 * for it (404), so review ids cannot be probed. @throws HubError CAIRN_NOT_FOUND
 */
export async function getReview(deps: TaxiiDeps, principal: Principal, id: string): Promise<ReviewDetail> {
  const item = await deps.store.reviews.get(id);
  if (item === undefined || !mayReview(principal, item.communityId)) throw notFound(id);
  return {
    ...toSummary(item),
    findings: item.findings.map((f) => ({ kind: f.kind, path: f.path, start: f.start, end: f.end })),
    object: JSON.parse(item.json),
    redacted: JSON.parse(item.redactedJson),
  };
}

/**
 * Decides on a held object (DESIGN.md §3): `approve` releases it as submitted, `redact`
 * releases it with the personal data replaced, `reject` deletes it. The submission's
 * status moves it from `pendings` to `successes` or `failures`, and completes when
 * nothing is pending. @throws HubError CAIRN_NOT_FOUND, CAIRN_INVALID_INPUT
 */
export async function decideReview(
  deps: TaxiiDeps,
  principal: Principal,
  id: string,
  decision: string,
): Promise<{ readonly id: string; readonly decision: ReviewDecision; readonly object_id: string }> {
  if (!(REVIEW_DECISIONS as readonly string[]).includes(decision)) {
    throw new HubError('CAIRN_INVALID_INPUT', `The decision must be one of ${REVIEW_DECISIONS.join(', ')}`);
  }
  const chosen = decision as ReviewDecision;
  const item = await deps.store.reviews.get(id);
  if (item === undefined || !mayReview(principal, item.communityId)) throw notFound(id);
  const kinds = findingKinds(item.findings).join(', ');
  const message = {
    approve: `Released as submitted after personal-data review (${kinds})`,
    redact: `Released after personal-data review with personal data redacted: ${kinds}`,
    reject: `Rejected in personal-data review (${kinds})`,
  }[chosen];
  const outcome = await deps.store.reviews.decide(id, chosen, { message, at: deps.clock.nowMicros() });
  // Another reviewer decided first: for this caller there is nothing left to decide.
  if (outcome === undefined) throw notFound(id);
  await recordDecision(deps, {
    event: `review.${chosen}`,
    actor: auditActorOf(principal),
    target: { collectionId: item.collectionId, communityId: item.communityId },
    details: {
      reviewId: id,
      objectId: item.stixId,
      version: item.version,
      statusId: item.statusId,
      kinds: findingKinds(item.findings),
    },
  });
  // A rejection deletes a version, which caches fed by the added order (the match index)
  // cannot see; a release they do see, since it is dated anew.
  deps.onDeleted?.(item.collectionId);
  return { id, decision: chosen, object_id: item.stixId };
}

/** Hub admins review everything; users with `reviewer` in a community of their organisation review it. */
function mayReview(principal: Principal, communityId: string): boolean {
  if (isHubAdmin(principal)) return true;
  return decidesFor(principal, communityId, 'reviewer');
}

function toSummary(r: ReviewRecord): ReviewSummary {
  return {
    ...heldItemFields(r),
    kinds: findingKinds(r.findings),
    held_at: formatMicros(r.heldAt),
  };
}

function notFound(id: string): HubError {
  return new HubError('CAIRN_NOT_FOUND', `Cannot find review "${id.slice(0, 80)}"`);
}
