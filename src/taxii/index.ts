/**
 * @module taxii
 * TAXII 2.1 semantics without an HTTP framework: media types, filters, cursors, resources
 * and the use cases (service/). `http/` translates requests into these calls.
 */
export {
  acceptsTaxii21,
  isTaxii21ContentType,
  parseMediaRanges,
  STIX_MEDIA_TYPE,
  TAXII_MEDIA_TYPE,
} from './media-types.js';
export {
  type ParsedObjectQuery,
  parseObjectQuery,
  type QueryLimits,
  type RawQuery,
} from './parse-object-query.js';
export type * from './resources.js';
export { type AddRequest, addObjectList, addObjects } from './service/add-objects.js';
export { deleteObject } from './service/delete-object.js';
export { getStatus } from './service/get-status.js';
export { auditProtectedReads } from './service/pcii-audit.js';
export {
  decidePcii,
  getPcii,
  listPcii,
  PCII_DECISIONS,
  type PciiDetail,
  type PciiSummary,
} from './service/pcii-objects.js';
export {
  getManifest,
  getObjects,
  getVersions,
  type ReadRequest,
  sharingFilters,
} from './service/read-objects.js';
export { getApiRoot, getCollection, getCollections, getDiscovery } from './service/read-tenancy.js';
export { type ResolvedCollection, resolveCollection } from './service/resolve.js';
export {
  decideReview,
  getReview,
  listReviews,
  type ReviewDetail,
  type ReviewSummary,
} from './service/review-objects.js';
export type { ObjectIssue, TaxiiDeps } from './service/taxii-deps.js';
