/**
 * @module store
 * The Store port (`store.ts`). Adapters live in `sqlite/` (and later `postgres/`) and are
 * imported only by `app/`.
 */

export { PII_MODES, REVIEW_DECISIONS } from './review-types.js';
export type * from './store.js';
export { COMMUNITY_KINDS, ORG_CLASSES, ROLES, TLP_LEVELS } from './tenancy-types.js';
