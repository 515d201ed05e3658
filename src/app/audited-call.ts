import type { AuditActor, AuditJson, AuditLog } from '../audit/index.js';
import { isHubError } from '../core/index.js';

export type AuditTarget = Record<string, string>;
export type AuditDetails = Record<string, AuditJson>;

/** Runs `work` and records `event` with its outcome; see `auditedCalls`. */
export type AuditedCall = <T>(
  event: string,
  details: AuditDetails,
  work: () => Promise<T>,
  targetOf?: (result: T) => AuditTarget,
  detailsOf?: (result: T) => AuditDetails,
) => Promise<T>;

/**
 * How audited services record a change as done by `actor`: the entry is committed before the
 * result is returned, and a refused change is recorded too (`outcome: failure`, `error: CODE`)
 * before the error reaches the caller. `detailsOf` adds what only the result knows.
 */
export function auditedCalls(audit: AuditLog, actor: AuditActor): AuditedCall {
  return async function audited<T>(
    event: string,
    details: AuditDetails,
    work: () => Promise<T>,
    targetOf: (result: T) => AuditTarget = () => ({}),
    detailsOf: (result: T) => AuditDetails = () => ({}),
  ): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      // A refused action is evidence too (probing, mistakes); the refusal still reaches the caller.
      const code = isHubError(error) ? error.code : 'CAIRN_INTERNAL';
      await audit.record({ event, actor, details: { ...details, outcome: 'failure', error: code } });
      throw error;
    }
    await audit.record({
      event,
      actor,
      target: targetOf(result),
      details: { ...details, ...detailsOf(result), outcome: 'success' },
    });
    return result;
  };
}
