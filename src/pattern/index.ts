/**
 * @module pattern
 * The STIX 2.1 Patterning language (STIX 2.1 §9): parse, format, inspect, validate and match
 * patterns, and an index that matches observations against many indicators at once.
 *
 * Pure: no I/O, no clock (times come through options). It is not a store of indicators: the
 * caller decides which indicators are active and feeds them to {@link IndicatorIndex}.
 */
export type * from './ast.js';
export { formatPattern } from './format-pattern.js';
export { createIndicatorIndex, type IndexMatchOptions, IndicatorIndex } from './index/indicator-index.js';
export {
  type EqualityTerm,
  inspectPattern,
  type PathUse,
  type PatternInspection,
} from './inspect-pattern.js';
export { type MatchOptions, matchPattern } from './match/match-pattern.js';
export type { Observation, ObservationInput } from './match/observation-input.js';
export { createRegexCache, type RegexCache } from './match/regex-cache.js';
export { createCatalogObjectModel, type PatternObjectModel, type PropertyKind } from './object-model.js';
export { MAX_PATTERN_DEPTH, MAX_PATTERN_LENGTH, parsePattern, tryParsePattern } from './parse-pattern.js';
export { isPatternSyntaxError, PatternSyntaxError } from './pattern-syntax-error.js';
export { type PatternIssue, type ValidatePatternOptions, validatePattern } from './validate-pattern.js';
