import type { Qualifier } from '../ast.js';
import { type Binding, joinAll } from './binding.js';
import { type PreparedObservation, toMillis } from './observation-input.js';

/**
 * Applies one qualifier (STIX 2.1 §9.5.1) to the bindings of its operand. Times follow the
 * OASIS reference matcher's reading: an observation happened at some instant between its
 * first and last observed times, and a binding qualifies when such instants can be chosen.
 */
export function applyQualifier(
  q: Qualifier,
  bindings: readonly Binding[],
  observations: readonly PreparedObservation[],
): Binding[] {
  switch (q.kind) {
    case 'within': {
      // WITHIN x SECONDS: some window of x seconds overlaps every observation used.
      const ms = q.seconds.value * 1000;
      if (!(ms > 0)) return [];
      return bindings.filter((b) => b.maxFirst - b.minLast <= ms);
    }
    case 'start-stop': {
      // START s STOP e: every observation overlaps [s, e) (touching s counts, touching e does not).
      const start = toMillis(q.start.value, 'START');
      const stop = toMillis(q.stop.value, 'STOP');
      if (!(start < stop)) return [];
      return bindings.filter((b) => b.maxFirst < stop && b.minLast >= start);
    }
    case 'repeats': {
      // REPEATS n TIMES: n bindings of the operand on distinct observation instances.
      const n = q.times.value;
      if (!(n >= 1) || !Number.isSafeInteger(n)) return [];
      let acc: Binding[] = [...bindings];
      for (let i = 1; i < n && acc.length > 0; i++) {
        acc = joinAll(acc, bindings, observations, () => true);
      }
      return acc;
    }
  }
}
