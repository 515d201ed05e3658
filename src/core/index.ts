/**
 * @module core
 * Cairn's shared kernel: typed errors with stable codes, the Clock and Logger ports.
 * Pure: no I/O and no imports from the rest of `src/`.
 */
export { type Clock, createSystemClock } from './clock.js';
export { ERROR_CODE_LIST, ERROR_CODES, type ErrorCode } from './error-codes.js';
export { HubError, type HubErrorOptions, isHubError } from './errors.js';
export { jsonEqual } from './json-equal.js';
export { type Logger, silentLogger } from './logger.js';
export {
  COMMUNITY_KINDS,
  CONSENT_LEVELS,
  type CommunityKind,
  type ConsentLevel,
  ORG_CLASSES,
  type OrgClass,
  ROLES,
  type Role,
  TLP_LEVELS,
  type TlpLevel,
} from './vocabularies.js';
