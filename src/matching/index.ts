/**
 * @module matching
 * Matching observations against the active indicators of collections (issue 4): one
 * incrementally synced pattern index per collection, honouring the caller's read rights.
 */
export { CollectionIndicators, type IndicatorMeta, isActive } from './collection-indicators.js';
export {
  createMatchService,
  type IndicatorMatch,
  type MatchRequest,
  type MatchService,
} from './match-service.js';
export { observationsFromInput } from './observations-from-input.js';
