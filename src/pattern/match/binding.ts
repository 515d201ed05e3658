import type { PreparedObservation } from './observation-input.js';

/**
 * A way to satisfy (part of) a pattern: which observation instances were used, and the time
 * bounds that qualifiers and FOLLOWEDBY test. An observation with `numberObserved` n provides
 * n instances, so `REPEATS` and observation `AND` may use it up to n times (as the OASIS
 * reference matcher does).
 */
export interface Binding {
  /** Observation indexes, sorted, repeated once per instance used. */
  readonly ids: readonly number[];
  /** Latest `first` of the observations used. */
  readonly maxFirst: number;
  /** Earliest `last` of the observations used. */
  readonly minLast: number;
}

/** Upper bound on bindings kept per node, so hostile patterns cannot explode combinatorially. */
export const MAX_BINDINGS = 1_000;

/** Joins two bindings if the instances they use are available together; otherwise undefined. */
export function joinBindings(
  a: Binding,
  b: Binding,
  observations: readonly PreparedObservation[],
): Binding | undefined {
  const ids: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.ids.length || j < b.ids.length) {
    const x = a.ids[i];
    const y = b.ids[j];
    if (y === undefined || (x !== undefined && x <= y)) {
      ids.push(x as number);
      i++;
    } else {
      ids.push(y);
      j++;
    }
    const last = ids[ids.length - 1] as number;
    let used = 0;
    for (let k = ids.length - 1; k >= 0 && ids[k] === last; k--) used++;
    if (used > (observations[last]?.count ?? 0)) return undefined;
  }
  return { ids, maxFirst: Math.max(a.maxFirst, b.maxFirst), minLast: Math.min(a.minLast, b.minLast) };
}

/** Removes bindings that use the same instances, keeping at most {@link MAX_BINDINGS}. */
export function dedupe(bindings: Iterable<Binding>): Binding[] {
  const seen = new Map<string, Binding>();
  for (const b of bindings) {
    const key = b.ids.join(',');
    if (!seen.has(key)) seen.set(key, b);
    if (seen.size >= MAX_BINDINGS) break;
  }
  return [...seen.values()];
}

/** All joins of a left and a right binding that pass `accept` (capped). */
export function joinAll(
  left: readonly Binding[],
  right: readonly Binding[],
  observations: readonly PreparedObservation[],
  accept: (l: Binding, r: Binding) => boolean,
): Binding[] {
  const out = new Map<string, Binding>();
  for (const l of left) {
    for (const r of right) {
      if (!accept(l, r)) continue;
      const j = joinBindings(l, r, observations);
      if (j === undefined) continue;
      const key = j.ids.join(',');
      if (!out.has(key)) out.set(key, j);
      if (out.size >= MAX_BINDINGS) return [...out.values()];
    }
  }
  return [...out.values()];
}
