import type { PatternExpression } from '../ast.js';
import { type Binding, dedupe, joinAll } from './binding.js';
import { type ComparisonContext, evaluateComparison } from './comparison.js';
import type { PreparedObservation } from './observation-input.js';
import { applyQualifier } from './qualifiers.js';
import type { RegexCache } from './regex-cache.js';

/**
 * The bindings of an observation-level expression (STIX 2.1 §9.5): `[…]` is satisfied by each
 * observation holding an object that satisfies it; AND joins operands on different observation
 * instances; OR keeps either; FOLLOWEDBY also requires the right side not to be earlier than the
 * left (latest left first-observed ≤ earliest right last-observed).
 */
export function bindingsOf(
  e: PatternExpression,
  observations: readonly PreparedObservation[],
  regexes: RegexCache,
): Binding[] {
  switch (e.kind) {
    case 'observation': {
      const out: Binding[] = [];
      observations.forEach((o, i) => {
        const ctx: ComparisonContext = { objects: o.objects, regexes };
        if (o.roots.some((r) => evaluateComparison(e.comparison, r, ctx))) {
          out.push({ ids: [i], maxFirst: o.first, minLast: o.last });
        }
      });
      return out;
    }
    case 'qualified':
      return applyQualifier(e.qualifier, bindingsOf(e.expression, observations, regexes), observations);
    case 'observation-operator': {
      if (e.operator === 'OR') {
        return dedupe(e.operands.flatMap((o) => bindingsOf(o, observations, regexes)));
      }
      const [first, ...rest] = e.operands;
      if (first === undefined) return [];
      let acc = bindingsOf(first, observations, regexes);
      const accept = e.operator === 'AND' ? () => true : (l: Binding, r: Binding) => l.maxFirst <= r.minLast;
      for (const o of rest) {
        if (acc.length === 0) return [];
        acc = joinAll(acc, bindingsOf(o, observations, regexes), observations, accept);
      }
      return acc;
    }
  }
}
