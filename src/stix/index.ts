/**
 * @module stix
 * The STIX 2.1 model: identifiers, timestamps, the object catalogue and validation.
 *
 * - `OBJECT_CATALOG`: every STIX 2.1 type with the kind of each property (read by `pattern/`).
 * - `validateStixObject`, `validateBundle`, `validateObjectList`: every MUST of the STIX 2.1
 *   checklist as an error, SHOULD rules as warnings, each with a stable code
 *   (docs/validation.md). They never throw.
 * - `detectSpecVersion`: STIX 2.0 vs 2.1 content.
 *
 * Pure: no I/O; imports only `core/` and `node:crypto`. It does not parse patterns: the caller
 * injects a checker through `ValidationOptions.checkPattern`.
 */
export {
  categoryOf,
  type ExtensionSpec,
  OBJECT_CATALOG,
  type ObjectCategory,
  type ObjectSpec,
  type PropertyConstraint,
  type PropertyKind,
  type PropertySpec,
  type RefCategory,
  SCO_CATALOG,
  VOCABULARIES,
  type VocabularyName,
} from './catalog/index.js';
export { isStixId, isStixTypeName, isUuid, isUuidV4, type ParsedStixId, tryParseStixId } from './stix-id.js';
export {
  formatMicros,
  isTimestamp,
  type ParsedTimestamp,
  timestampKey,
  toMicros,
  tryParseTimestamp,
  tryTimestampKey,
} from './timestamp.js';
export {
  type BundleValidationResult,
  detectSpecVersion,
  isPropertyName,
  type ObjectValidationResult,
  RULE_CODES,
  RULES,
  type RuleCode,
  type ValidationIssue,
  type ValidationOptions,
  validateBundle,
  validateObjectList,
  validateStixObject,
} from './validate/index.js';
