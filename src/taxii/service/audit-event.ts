import { type AuditActor, type AuditInput, draftOf } from '../../audit/index.js';
import type { Principal } from '../../auth/index.js';
import type { TaxiiDeps } from './taxii-deps.js';

/** Who acted, as the audit log records it. */
export function auditActorOf(principal: Principal): AuditActor {
  return { kind: principal.kind, id: principal.id, name: principal.name, orgId: principal.orgId };
}

/**
 * Appends one event and waits for the commit. Decisions on held and protected content, and
 * reads of protected content, are never queued: the caller learns of a failed append.
 */
export async function recordDecision(deps: TaxiiDeps, input: AuditInput): Promise<void> {
  await deps.store.audit.append([draftOf(input, deps.clock)]);
}
