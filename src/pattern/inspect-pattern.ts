import type {
  ComparisonExpression,
  ComparisonOperator,
  ObjectPath,
  PathStep,
  PatternExpression,
  PrimitiveLiteral,
} from './ast.js';
import { formatPath } from './format-pattern.js';
import { forEachObservation, forEachQualifier, forEachTest } from './walk-pattern.js';

/** One `type:path = value` test that a consumer can look up exactly. */
export interface EqualityTerm {
  readonly objectType: string;
  readonly steps: readonly PathStep[];
  /** The path as pattern text, e.g. `file:hashes.'SHA-256'`. */
  readonly path: string;
  readonly value: PrimitiveLiteral;
}

/** A path used by a pattern, with the operators applied to it. */
export interface PathUse {
  readonly objectType: string;
  readonly steps: readonly PathStep[];
  readonly path: string;
  readonly operators: readonly (ComparisonOperator | 'EXISTS')[];
}

/** What a pattern refers to; the base for indexing and for translators to other formats. */
export interface PatternInspection {
  /** Root object types, in order of first use. */
  readonly objectTypes: readonly string[];
  readonly paths: readonly PathUse[];
  /** Every non-negated `=` test and every value of a non-negated `IN` test. */
  readonly equalityTerms: readonly EqualityTerm[];
  /** Number of `[…]` observation expressions. */
  readonly observationCount: number;
  readonly observationOperators: readonly ('AND' | 'OR' | 'FOLLOWEDBY')[];
  readonly qualifiers: readonly ('within' | 'repeats' | 'start-stop')[];
  /**
   * True when the pattern matches exactly when one of `equalityTerms` holds: OR of observations,
   * each an OR of non-negated `=`/`IN` tests, no qualifiers. A blocklist can then represent it
   * without loss.
   */
  readonly isEqualityDisjunction: boolean;
}

/**
 * Lists the object types, property paths and equality terms a pattern uses.
 *
 * @example
 * ```ts
 * inspectPattern(parsePattern("[ipv4-addr:value = '203.0.113.1']")).equalityTerms[0]?.path;
 * // "ipv4-addr:value"
 * ```
 */
export function inspectPattern(ast: PatternExpression): PatternInspection {
  const types: string[] = [];
  const paths = new Map<
    string,
    { objectType: string; steps: readonly PathStep[]; ops: Set<ComparisonOperator | 'EXISTS'> }
  >();
  const equalityTerms: EqualityTerm[] = [];
  forEachTest(ast, (t) => {
    const path = formatPath(t.path);
    if (!types.includes(t.path.objectType)) types.push(t.path.objectType);
    const use = paths.get(path) ?? { objectType: t.path.objectType, steps: t.path.steps, ops: new Set() };
    paths.set(path, use);
    use.ops.add(t.kind === 'exists' ? 'EXISTS' : t.operator);
    if (t.kind !== 'comparison' || t.negated) return;
    if (t.operator === '=' && t.value.kind !== 'set') equalityTerms.push(term(t.path, path, t.value));
    if (t.operator === 'IN' && t.value.kind === 'set') {
      for (const v of t.value.values) equalityTerms.push(term(t.path, path, v));
    }
  });
  let observationCount = 0;
  let simple = true;
  forEachObservation(ast, (c) => {
    observationCount++;
    simple &&= isEqualityOr(c);
  });
  const observationOperators = new Set<'AND' | 'OR' | 'FOLLOWEDBY'>();
  collectOperators(ast, observationOperators);
  const qualifiers = new Set<'within' | 'repeats' | 'start-stop'>();
  forEachQualifier(ast, (q) => qualifiers.add(q.kind));
  return Object.freeze({
    objectTypes: Object.freeze(types),
    paths: Object.freeze(
      [...paths].map(([path, u]) =>
        Object.freeze({
          objectType: u.objectType,
          steps: u.steps,
          path,
          operators: Object.freeze([...u.ops]),
        }),
      ),
    ),
    equalityTerms: Object.freeze(equalityTerms),
    observationCount,
    observationOperators: Object.freeze([...observationOperators]),
    qualifiers: Object.freeze([...qualifiers]),
    isEqualityDisjunction:
      simple && qualifiers.size === 0 && [...observationOperators].every((o) => o === 'OR'),
  });
}

function term(path: ObjectPath, text: string, value: PrimitiveLiteral): EqualityTerm {
  return Object.freeze({ objectType: path.objectType, steps: path.steps, path: text, value });
}

function isEqualityOr(c: ComparisonExpression): boolean {
  if (c.kind === 'or') return c.operands.every(isEqualityOr);
  return c.kind === 'comparison' && !c.negated && (c.operator === '=' || c.operator === 'IN');
}

function collectOperators(ast: PatternExpression, into: Set<'AND' | 'OR' | 'FOLLOWEDBY'>): void {
  if (ast.kind === 'qualified') collectOperators(ast.expression, into);
  else if (ast.kind === 'observation-operator') {
    into.add(ast.operator);
    for (const o of ast.operands) collectOperators(o, into);
  }
}
