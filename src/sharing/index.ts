/**
 * @module sharing
 * The sharing rules of DESIGN.md §3, pure: TLP resolution, consent, anonymisation, and the
 * visibility rule with its compilation into a store filter. Every path out of the hub asks
 * this module what a reader may receive.
 */
export { anonymiseJson } from './anonymise.js';
export { consentFromAisLabels, stricterConsent } from './consent.js';
export { PCII_STATES, type PciiState } from './pcii-state.js';
export {
  createPiiDetector,
  findingKinds,
  PII_KINDS,
  type PiiContext,
  type PiiDetector,
  type PiiFinding,
  type PiiKind,
  redactPii,
} from './pii/index.js';
export { prepareSharing, type SharedObject, type SubmissionContext } from './prepare-sharing.js';
export {
  type CollectionVersion,
  contentReferences,
  EXEMPT_REFERENCE_PROPERTIES,
  isContentReference,
  receivedInCollection,
  withholdingReferences,
} from './references.js';
export type { Reader, ReviewState, SharingEnvelope } from './sharing-envelope.js';
export { effectiveTlp, stricterTlp, TLP_RANK, TLP2_MARKING_IDS, tlpOfMarking } from './tlp.js';
export { TLP2_EXTENSION_ID, tlpMarkingObject } from './tlp-marking-objects.js';
export {
  type AttributionFilter,
  matchesFilter,
  matchesTargets,
  seesAttributionBy,
  type VisibilityClause,
  type VisibilityFilter,
} from './visibility-filter.js';
export {
  canReceive,
  compileAttribution,
  compileExportVisibility,
  compileVisibility,
  pciiStatesFor,
  seesAttribution,
} from './visibility-rules.js';
