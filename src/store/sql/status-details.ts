import type {
  AddOutcome,
  PreparedObject,
  ReviewDecision,
  ReviewRecord,
  StatusDetail,
  StatusRecord,
} from '../store.js';

/** Status details as stored (JSON in the statuses table). */
export interface StatusDetails {
  successes: StatusDetail[];
  failures: StatusDetail[];
  pendings: StatusDetail[];
}

/**
 * The status details after a review decision: the object's pending entry moves to
 * `successes` (approve, redact) or `failures` (reject, or deleted before the decision).
 * Shared by every SQL adapter so they word and order it alike.
 */
export function decideStatusDetails(
  details: StatusDetails,
  review: Pick<ReviewRecord, 'stixId' | 'version'>,
  outcome: ReviewDecision | 'gone',
  message: string,
): StatusDetails {
  const i = details.pendings.findIndex((p) => p.id === review.stixId && p.version === review.version);
  const pendings = i < 0 ? details.pendings : details.pendings.filter((_, j) => j !== i);
  const entry: StatusDetail = { id: review.stixId, version: review.version, message };
  const released = outcome === 'approve' || outcome === 'redact';
  return {
    successes: released ? [...details.successes, entry] : details.successes,
    failures: released ? details.failures : [...details.failures, entry],
    pendings,
  };
}

/**
 * The status details after storing a batch: the caller's successes/failures (validation)
 * plus one entry per stored object, in the order of the envelope; objects stored held for
 * review or protected (awaiting validation) are pending. Shared by every SQL adapter.
 */
export function statusDetailsAfterAdd(
  status: StatusRecord,
  objects: readonly PreparedObject[],
  outcomes: readonly AddOutcome[],
): StatusDetails {
  const successes = [...status.successes];
  const failures = [...status.failures];
  const pendings = [...status.pendings];
  outcomes.forEach((o, i) => {
    const obj = objects[i] as PreparedObject;
    if (o.kind === 'conflict') {
      failures.push({
        id: obj.stixId,
        version: o.version,
        message: `A different object with id "${obj.stixId}" and version "${o.version}" already exists in this collection (conflict)`,
      });
    } else {
      const entry = {
        id: obj.stixId,
        version: o.version,
        ...(obj.statusMessage === undefined ? {} : { message: obj.statusMessage }),
      };
      // Held for personal-data review, or a protected submission awaiting PCII validation.
      if (o.kind === 'added' && (obj.review !== undefined || obj.pcii !== undefined)) pendings.push(entry);
      else successes.push(entry);
    }
  });
  return { successes, failures, pendings };
}

/** The columns of a status row, in the order statusRowValues gives its values. */
export const STATUS_ROW_COLUMNS =
  'id, community_id, collection_id, submitter_org_id, request_timestamp, status, total_count, details, completed_at';

/**
 * The values of the status row an add stores, in STATUS_ROW_COLUMNS order: its details after
 * the add, and `pending` while any object awaits review (TAXII 2.1 §4.3.1), else complete
 * now. One function, so both adapters store the same row.
 */
export function statusRowValues(
  status: StatusRecord,
  objects: readonly PreparedObject[],
  outcomes: readonly AddOutcome[],
  nowMicros: number,
): unknown[] {
  const details = statusDetailsAfterAdd(status, objects, outcomes);
  const state = details.pendings.length > 0 ? 'pending' : status.status;
  return [
    status.id,
    status.communityId,
    status.collectionId,
    status.submitterOrgId,
    status.requestTimestamp,
    state,
    status.totalCount,
    JSON.stringify(details),
    state === 'complete' ? nowMicros : null,
  ];
}
