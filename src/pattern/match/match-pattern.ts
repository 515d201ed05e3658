import type { PatternAst } from '../ast.js';
import { evaluateComparison } from './comparison.js';
import { bindingsOf } from './observation.js';
import { type ObservationInput, type PreparedObservation, prepareObservations } from './observation-input.js';
import { createRegexCache, type RegexCache } from './regex-cache.js';

/** Options of {@link matchPattern}. */
export interface MatchOptions {
  /** Time of bare SCOs (required when any input is a bare SCO). Never read from the system clock. */
  readonly now?: string | Date | number;
  /** Compiled MATCHES expressions to reuse across calls (one is created per call otherwise). */
  readonly regexes?: RegexCache;
}

/**
 * True when the observations satisfy the pattern (STIX 2.1 §9): comparison semantics per
 * §9.6, observation operators per §9.5 and qualifiers per §9.5.1.
 *
 * @param observations one observation, a bare SCO, or a list of them (the set the pattern's
 *   observation operators and qualifiers range over)
 * @example
 * ```ts
 * matchPattern(parsePattern("[ipv4-addr:value ISSUBSET '198.51.100.0/24']"),
 *   { type: 'ipv4-addr', value: '198.51.100.7' }, { now: '2024-01-01T00:00:00Z' }); // true
 * ```
 * @throws {TypeError} when a bare SCO is given without `options.now` or a time is malformed.
 */
export function matchPattern(
  ast: PatternAst,
  observations: ObservationInput | readonly ObservationInput[],
  options: MatchOptions = {},
): boolean {
  return matchPrepared(
    ast,
    prepareObservations(observations, options.now),
    options.regexes ?? createRegexCache(64),
  );
}

/** {@link matchPattern} on already prepared observations (used by the indicator index). */
export function matchPrepared(
  ast: PatternAst,
  observations: readonly PreparedObservation[],
  regexes: RegexCache,
): boolean {
  if (ast.kind === 'observation') {
    // Fast path: one observation expression needs no bindings.
    return observations.some((o) => {
      const ctx = { objects: o.objects, regexes };
      return o.roots.some((r) => evaluateComparison(ast.comparison, r, ctx));
    });
  }
  return bindingsOf(ast, observations, regexes).length > 0;
}
