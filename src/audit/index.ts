/**
 * @module audit
 * The append-only, hash-chained audit log of security events (DESIGN.md §2; docs/audit.md):
 * entry shapes and the repository port, canonical JSON, the hash chain and its verifier,
 * and a small service that sanitises and batches events. Pure apart from hashing and the
 * event-loop scheduling of batches; storage is the store adapters' job.
 */
export type {
  AuditActor,
  AuditEntry,
  AuditEntryDraft,
  AuditInput,
  AuditJson,
  AuditQuery,
  AuditRecord,
  AuditRepository,
} from './audit-entry.js';
export {
  type AuditLog,
  type AuditLogOptions,
  createAuditLog,
  draftOf,
  OPERATOR,
  SYSTEM,
} from './audit-log.js';
export { canonicalJson } from './canonical-json.js';
export {
  type ChainBreak,
  type ChainHead,
  type ChainVerdict,
  chainDrafts,
  EMPTY_HEAD,
  GENESIS_HASH,
  hashRecord,
  verifyChain,
} from './hash-chain.js';
export { REDACTED, sanitiseDetails, sanitiseText } from './sanitise-details.js';
