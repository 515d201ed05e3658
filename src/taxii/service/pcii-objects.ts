import type { Principal } from '../../auth/index.js';
import { HubError } from '../../core/index.js';
import { PCII_STATES, type PciiState } from '../../sharing/index.js';
import { formatMicros } from '../../stix/index.js';
import type { PciiDecision, PciiRecord } from '../../store/store.js';
import { auditActorOf, recordDecision } from './audit-event.js';
import { decidesFor, type HeldItemFields, heldItemFields } from './held-item.js';
import type { TaxiiDeps } from './taxii-deps.js';

/** A protected version in the validation queue, as the PCII API and CLI show it. */
export interface PciiSummary extends HeldItemFields {
  /** The submitter's express statement. */
  readonly statement: string;
  readonly state: PciiState;
  readonly submitted_at: string;
  readonly decided_at?: string;
  readonly decided_by?: string;
}

/** One protected version with the object itself (decrypted), for an officer to decide on. */
export interface PciiDetail extends PciiSummary {
  /** Absent once the version was deleted. */
  readonly object?: unknown;
}

export const PCII_DECISIONS: readonly PciiDecision[] = ['validate', 'reject'];
const MAX_LIST = 1000;
const MAX_REASON = 500;

/**
 * The protected versions a principal may validate, oldest first: those of the communities
 * where it is a `pcii-officer` (and its organisation a member); `pending` ones unless
 * another state is asked for. Hub admins have no bypass, tokens never validate.
 * @throws HubError CAIRN_FORBIDDEN for a principal that is an officer nowhere,
 *   CAIRN_INVALID_INPUT for an unknown state.
 */
export async function listPcii(
  deps: TaxiiDeps,
  principal: Principal,
  options: { readonly limit?: number; readonly state?: string } = {},
): Promise<PciiSummary[]> {
  const state = options.state ?? 'pending';
  if (!(PCII_STATES as readonly string[]).includes(state)) {
    throw new HubError('CAIRN_INVALID_INPUT', `The state must be one of ${PCII_STATES.join(', ')}`);
  }
  const communities = [...principal.communities].filter((c) => isOfficer(principal, c));
  if (communities.length === 0) {
    throw new HubError(
      'CAIRN_FORBIDDEN',
      'Only pcii-officers of a community may validate protected submissions',
    );
  }
  const limit = Math.min(Math.max(options.limit ?? MAX_LIST, 1), MAX_LIST);
  const records = await deps.store.pcii.list({ communityIds: communities, state: state as PciiState, limit });
  return records.map(toSummary);
}

/**
 * One protected version with its object. Reading it is a read of protected content, so it
 * is audited (`pcii.read`). A record the caller may not decide on does not exist for it
 * (404), so ids cannot be probed. @throws HubError CAIRN_NOT_FOUND
 */
export async function getPcii(deps: TaxiiDeps, principal: Principal, id: string): Promise<PciiDetail> {
  const item = await deps.store.pcii.get(id);
  if (item === undefined || !isOfficer(principal, item.communityId)) throw notFound(id);
  if (item.json !== undefined) {
    await recordDecision(deps, {
      event: 'pcii.read',
      actor: auditActorOf(principal),
      target: { collectionId: item.collectionId, pciiId: item.id },
      details: { endpoint: 'pcii', versions: 1, objects: 1, ids: { '0': [item.stixId] } },
    });
  }
  return { ...toSummary(item), ...(item.json === undefined ? {} : { object: JSON.parse(item.json) }) };
}

/**
 * An officer's decision (DESIGN.md §1 "PCII" validation workflow): `validate` lets the
 * community's pcii-certified users receive the version; `reject` keeps it with the
 * submitting organisation and the officers. The submission's status moves the object from
 * `pendings` to `successes` or `failures` and completes when nothing is pending. Audited
 * as `pcii.validate` / `pcii.reject`.
 * @throws HubError CAIRN_NOT_FOUND (unknown, not the caller's to decide, or already
 *   decided), CAIRN_INVALID_INPUT
 */
export async function decidePcii(
  deps: TaxiiDeps,
  principal: Principal,
  id: string,
  decision: string,
  options: { readonly reason?: string } = {},
): Promise<{
  readonly id: string;
  readonly decision: PciiDecision;
  readonly object_id: string;
  readonly state: PciiState;
}> {
  if (!(PCII_DECISIONS as readonly string[]).includes(decision)) {
    throw new HubError('CAIRN_INVALID_INPUT', `The decision must be one of ${PCII_DECISIONS.join(', ')}`);
  }
  const reason = options.reason?.trim();
  if (reason !== undefined && reason.length > MAX_REASON) {
    throw new HubError('CAIRN_INVALID_INPUT', `The reason must be at most ${MAX_REASON} characters`);
  }
  const chosen = decision as PciiDecision;
  const record = await deps.store.pcii.get(id);
  if (record === undefined || !isOfficer(principal, record.communityId)) throw notFound(id);
  const base =
    chosen === 'validate' ? 'Validated as protected (PCII) information' : 'Rejected in PCII validation';
  const message = reason === undefined || reason === '' ? base : `${base}: ${reason}`;
  const decided = await deps.store.pcii.decide(id, chosen, {
    message,
    at: deps.clock.nowMicros(),
    by: principal.id,
  });
  // Decided by another officer first: for this caller there is nothing left to decide.
  if (decided === undefined) throw notFound(id);
  await recordDecision(deps, {
    event: `pcii.${chosen}`,
    actor: auditActorOf(principal),
    target: {
      pciiId: id,
      objectId: decided.stixId,
      collectionId: decided.collectionId,
      communityId: decided.communityId,
      statusId: decided.statusId,
    },
    details: { version: decided.version, state: decided.state, ...(reason ? { reason } : {}) },
  });
  return { id, decision: chosen, object_id: decided.stixId, state: decided.state };
}

/** A user with `pcii-officer` in a community its organisation belongs to. */
function isOfficer(principal: Principal, communityId: string): boolean {
  return decidesFor(principal, communityId, 'pcii-officer');
}

function toSummary(r: PciiRecord): PciiSummary {
  return {
    ...heldItemFields(r),
    statement: r.statement,
    state: r.state,
    submitted_at: formatMicros(r.submittedAt),
    ...(r.decidedAt === undefined ? {} : { decided_at: formatMicros(r.decidedAt) }),
    ...(r.decidedBy === undefined ? {} : { decided_by: r.decidedBy }),
  };
}

function notFound(id: string): HubError {
  return new HubError('CAIRN_NOT_FOUND', `Cannot find protected submission "${id.slice(0, 80)}"`);
}
