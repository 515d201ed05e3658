/**
 * @module app
 * The composition root: builds a hub from configuration and starts its server.
 */

export { type AuditEntry, type AuditQuery, OPERATOR } from '../audit/index.js';
export { type AdminService, createAdminService } from './admin-service.js';
export { withAdminAudit } from './audited-admin-service.js';
export { type BootstrapResult, HUB_COMMUNITY } from './bootstrap-hub.js';
export {
  copyStore,
  type StoreCopyOptions,
  type StoreCopyProgress,
  type StoreCopyReport,
  type TableVerdict,
} from './copy-store.js';
export { type CreateHubOptions, createHub, type Hub, migrateStore } from './create-hub.js';
export { createObjectValidator, createPatternChecker } from './object-validator.js';
export { type RunningServer, startServer } from './start-server.js';
export { type StoreLocation, sameStoreLocation, tryParseStoreLocation } from './store-location.js';
export { systemPrincipal } from './system-principal.js';
export { type AuditTrailVerdict, verifyAuditTrail } from './verify-audit-trail.js';
