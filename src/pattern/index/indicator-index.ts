import type { PatternAst } from '../ast.js';
import { matchPrepared } from '../match/match-pattern.js';
import {
  type ObservationInput,
  type PreparedObservation,
  prepareObservations,
  toMillis,
} from '../match/observation-input.js';
import { createRegexCache, type RegexCache } from '../match/regex-cache.js';
import { type ObjectsByRef, resolvePath } from '../match/resolve-path.js';
import { type IndexKey, planIndex } from './index-plan.js';
import { PathSlot, type SlotKey } from './path-slot.js';

type StoredKey = SlotKey & { readonly slot: PathSlot<Entry<unknown>> };

interface Entry<M> {
  readonly id: string;
  readonly version: string;
  readonly meta: M;
  /** Kept only when a key hit must be confirmed by evaluating the pattern. */
  readonly ast: PatternAst | undefined;
  /** Where the entry is filed: its keys (one or several), or the residual object types. */
  readonly filed: StoredKey | readonly StoredKey[] | { readonly residual: readonly string[] };
  /** Last match call that reported this entry (de-duplicates hits within one call). */
  seen: number;
}

/** Options of {@link IndicatorIndex.match}. */
export interface IndexMatchOptions {
  /** Time of bare SCOs; required when a bare SCO is matched. */
  readonly now?: string | Date | number;
}

/**
 * Matches observations against many indicators at once (issue 4). Equality tests go into hash
 * maps keyed by (object type, path, value), `ISSUBSET` networks into per-prefix-length maps, and
 * patterns that are a single `MATCHES` into one RE2 set per path; the rest is a residual list
 * per object type. Candidates are confirmed with the full matcher unless the hit alone proves
 * the match. Add and remove are incremental.
 *
 * @example
 * ```ts
 * const index = createIndicatorIndex<{ name: string }>();
 * index.add('indicator--…', '2024-01-01T00:00:00.000Z', parsePattern("[domain-name:value = 'evil.example']"), { name: 'x' });
 * index.match({ type: 'domain-name', value: 'evil.example' }, { now: '2024-06-01T00:00:00Z' }); // ['indicator--…']
 * ```
 */
export class IndicatorIndex<M = undefined> {
  private readonly entries = new Map<string, Entry<M>>();
  private readonly slots = new Map<string, Map<string, PathSlot<Entry<M>>>>();
  /** The same slots as arrays, for a probe loop without iterators. */
  private readonly slotLists = new Map<string, PathSlot<Entry<M>>[]>();
  private readonly residual = new Map<string, Set<Entry<M>>>();
  private readonly regexes: RegexCache = createRegexCache();
  private calls = 0;
  private current: { stamp: number; result: string[]; toCheck: Entry<M>[] } = {
    stamp: 0,
    result: [],
    toCheck: [],
  };
  private readonly hit = (e: Entry<M>): void => {
    const c = this.current;
    if (e.seen === c.stamp) return;
    e.seen = c.stamp;
    if (e.ast === undefined) c.result.push(e.id);
    else c.toCheck.push(e);
  };
  private lastNow: { text: string; millis: number } | undefined;

  /** Number of indicators held. */
  get size(): number {
    return this.entries.size;
  }

  /** Adds an indicator, replacing any version already held under the same id. */
  add(indicatorId: string, version: string, ast: PatternAst, meta: M): void {
    this.remove(indicatorId);
    const plan = planIndex(ast);
    const exact = plan.kind === 'keys' && plan.exact;
    const stored = plan.kind === 'keys' ? plan.keys.map((k) => this.store(k)) : [];
    const filed =
      plan.kind === 'residual'
        ? { residual: plan.objectTypes }
        : stored.length === 1
          ? (stored[0] as StoredKey)
          : stored;
    const entry: Entry<M> = { id: indicatorId, version, meta, ast: exact ? undefined : ast, filed, seen: 0 };
    this.entries.set(indicatorId, entry);
    for (const k of stored) k.slot.add(k, entry as Entry<unknown>);
    if (plan.kind === 'residual') for (const t of plan.objectTypes) this.residualFor(t).add(entry);
  }

  // Stored keys point at their slot and drop the per-pattern path text, to keep entries small.
  private store(key: IndexKey): StoredKey {
    const slot = this.slotFor(key) as PathSlot<Entry<unknown>>;
    if (key.kind === 'eq') return { kind: 'eq', value: key.value, slot };
    if (key.kind === 'net') return { kind: 'net', network: key.network, slot };
    return { kind: 're', source: key.source, slot };
  }

  /** Removes an indicator (revoked, expired, or replaced); returns whether it was held. */
  remove(indicatorId: string): boolean {
    const entry = this.entries.get(indicatorId);
    if (entry === undefined) return false;
    this.entries.delete(indicatorId);
    const { filed } = entry;
    if ('residual' in filed) {
      for (const t of filed.residual) this.residual.get(t)?.delete(entry);
      return true;
    }
    for (const key of Array.isArray(filed) ? filed : [filed as StoredKey]) {
      key.slot.remove(key, entry as Entry<unknown>);
      if (key.slot.size === 0) this.dropSlot(key.slot as unknown as PathSlot<Entry<M>>);
    }
    return true;
  }

  /** Version and metadata of a held indicator. */
  get(indicatorId: string): { readonly version: string; readonly meta: M } | undefined {
    const e = this.entries.get(indicatorId);
    return e === undefined ? undefined : { version: e.version, meta: e.meta };
  }

  /**
   * Ids of the indicators whose pattern the observations satisfy (STIX 2.1 §9 semantics).
   * @throws {TypeError} when a bare SCO is given without `options.now`.
   */
  match(
    observations: ObservationInput | readonly ObservationInput[],
    options: IndexMatchOptions = {},
  ): string[] {
    const now = this.nowMillis(options.now);
    const stamp = ++this.calls;
    const result: string[] = [];
    const toCheck: Entry<M>[] = [];
    // One reusable callback (no closure per call): it reads the state of the current call.
    this.current = { stamp, result, toCheck };
    const hit = this.hit;
    let prepared: PreparedObservation[] | undefined;
    if (isBareSco(observations)) {
      // Fast path for the common case: one SCO, probed without building an observation.
      if (now === undefined) throw new TypeError('Cannot match a bare SCO without options.now');
      this.probe(observations, undefined, hit);
    } else {
      prepared = prepareObservations(observations, now);
      for (const o of prepared) for (const root of o.roots) this.probe(root, o.objects, hit);
    }
    if (toCheck.length === 0) return result;
    prepared ??= prepareObservations(observations, now);
    for (const e of toCheck)
      if (matchPrepared(e.ast as PatternAst, prepared, this.regexes)) result.push(e.id);
    return result;
  }

  // Parsing the same `now` text for every observation would cost more than the lookups.
  private nowMillis(now: IndexMatchOptions['now']): number | undefined {
    if (typeof now !== 'string') return now === undefined ? undefined : toMillis(now, 'now');
    if (this.lastNow?.text !== now) this.lastNow = { text: now, millis: toMillis(now, 'now') };
    return this.lastNow.millis;
  }

  private probe(
    root: Readonly<Record<string, unknown>>,
    objects: ObjectsByRef | undefined,
    hit: (e: Entry<M>) => void,
  ): void {
    const type = root.type;
    if (typeof type !== 'string') return;
    const slots = this.slotLists.get(type);
    if (slots !== undefined) {
      for (const slot of slots) {
        const chain = slot.propertyChain;
        if (chain !== undefined) {
          let v: unknown = root;
          for (let i = 0; i < chain.length && v !== undefined && v !== null; i++) {
            v =
              typeof v === 'object' && !Array.isArray(v)
                ? (v as Record<string, unknown>)[chain[i] as string]
                : undefined;
          }
          if (v !== undefined && v !== null) slot.probe(v, hit);
        } else {
          const all = objects ?? { [typeof root.id === 'string' ? root.id : '0']: root };
          for (const v of resolvePath(root, slot.steps, all)) slot.probe(v, hit);
        }
      }
    }
    const rest = this.residual.get(type);
    if (rest !== undefined) for (const e of rest) hit(e);
  }

  private slotFor(key: IndexKey): PathSlot<Entry<M>> {
    let byPath = this.slots.get(key.objectType);
    if (byPath === undefined) {
      byPath = new Map();
      this.slots.set(key.objectType, byPath);
    }
    let slot = byPath.get(key.slot);
    if (slot === undefined) {
      slot = new PathSlot(key.objectType, key.slot, key.steps);
      byPath.set(key.slot, slot);
      this.slotLists.set(key.objectType, [...byPath.values()]);
    }
    return slot;
  }

  private dropSlot(slot: PathSlot<Entry<M>>): void {
    const byPath = this.slots.get(slot.objectType);
    if (byPath?.get(slot.name) !== slot) return;
    byPath.delete(slot.name);
    if (byPath.size === 0) {
      this.slots.delete(slot.objectType);
      this.slotLists.delete(slot.objectType);
    } else this.slotLists.set(slot.objectType, [...byPath.values()]);
  }

  private residualFor(type: string): Set<Entry<M>> {
    let set = this.residual.get(type);
    if (set === undefined) {
      set = new Set();
      this.residual.set(type, set);
    }
    return set;
  }
}

/** Creates an empty {@link IndicatorIndex}. */
export function createIndicatorIndex<M = undefined>(): IndicatorIndex<M> {
  return new IndicatorIndex<M>();
}

function isBareSco(
  input: ObservationInput | readonly ObservationInput[],
): input is Readonly<Record<string, unknown>> {
  const { type, objects } = input as { type?: unknown; objects?: unknown };
  return !Array.isArray(input) && typeof type === 'string' && objects === undefined;
}
