/**
 * @module stix
 * The STIX 2.1 model: identifiers, timestamps, object classification and validation.
 * Pure: no I/O.
 */
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
