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
import { EntryTable } from './entry-table.js';
import { EqualityTable } from './equality-table.js';
import { type IndexKey, planIndex } from './index-plan.js';
import { grownInt32 } from './packed-lists.js';
import { PathSlot, type SlotKey } from './path-slot.js';

/** A key filed in a slot of its own: networks and MATCHES expressions. */
interface SlotFiling {
  readonly slot: PathSlot;
  readonly key: SlotKey;
}
/** One key of an entry: an equality key number in the shared table, or a slot key. */
type KeyFiling = number | SlotFiling;
/** Where an entry is filed: one equality key (the common case, no allocation), its keys, or residual types. */
type Filing = number | readonly KeyFiling[] | { readonly residual: readonly string[] };

/** Options of {@link IndicatorIndex.match}. */
export interface IndexMatchOptions {
  /** Time of bare SCOs; required when a bare SCO is matched. */
  readonly now?: string | Date | number;
}

/**
 * Matches observations against many indicators at once (issue 4). Equality tests go into one
 * open-addressing table over typed arrays keyed by (path slot, value), `ISSUBSET` networks into
 * per-prefix-length maps, and patterns that are a single `MATCHES` into a literal-filtered
 * regex group per path; the rest is a residual list per object type. Candidates are confirmed
 * with the full matcher unless the hit alone proves the match. Add and remove are incremental:
 * every structure changes in place (no immutable base to rebuild; only the pool of value
 * characters is compacted once half of it is released), and entries are numbers in parallel
 * arrays, so a million equality indicators cost the garbage collector their id strings and a
 * few dozen objects.
 *
 * @example
 * ```ts
 * const index = createIndicatorIndex<{ name: string }>();
 * index.add('indicator--…', '2024-01-01T00:00:00.000Z', parsePattern("[domain-name:value = 'evil.example']"), { name: 'x' });
 * index.match({ type: 'domain-name', value: 'evil.example' }, { now: '2024-06-01T00:00:00Z' }); // ['indicator--…']
 * ```
 */
export class IndicatorIndex<M = undefined> {
  private readonly entries = new EntryTable<M, Filing>();
  private readonly equality = new EqualityTable();
  private readonly slots = new Map<string, Map<string, PathSlot>>();
  /** The same slots as arrays, for a probe loop without iterators. */
  private readonly slotLists = new Map<string, PathSlot[]>();
  private readonly slotsById = new Map<number, PathSlot>();
  private nextSlotId = 0;
  private readonly residual = new Map<string, Set<number>>();
  private readonly regexes: RegexCache = createRegexCache();
  private lastNow: { text: string; millis: number } | undefined;
  // State of the current match call, reused across calls: a call allocates only its result.
  /** Stamp of the last call that reported each entry (de-duplicates hits within a call). */
  private seen = new Int32Array(1024);
  private stamp = 0;
  private result: string[] = [];
  /** Entries hit whose pattern must be evaluated: `toCheck[0..checks)`. */
  private toCheck = new Int32Array(64);
  private checks = 0;
  private readonly hit = (entry: number): void => this.report(entry);

  /** Number of indicators held. */
  get size(): number {
    return this.entries.size;
  }

  /** Adds an indicator, replacing any version already held under the same id. */
  add(indicatorId: string, version: string, ast: PatternAst, meta: M): void {
    const idHash = this.entries.hashOf(indicatorId);
    const held = this.entries.find(indicatorId, idHash);
    if (held >= 0) this.removeEntry(held);
    const plan = planIndex(ast);
    const exact = plan.kind === 'keys' && plan.exact;
    const entry = this.entries.add(indicatorId, idHash, version, meta, exact ? undefined : ast, -1);
    if (this.seen.length < this.entries.capacity) this.growSeen();
    if (plan.kind === 'residual') {
      for (const t of plan.objectTypes) this.residualFor(t).add(entry);
      this.entries.setFiled(entry, { residual: plan.objectTypes });
      return;
    }
    const keys = plan.keys.map((k) => this.file(k, entry));
    this.entries.setFiled(entry, keys.length === 1 && typeof keys[0] === 'number' ? keys[0] : keys);
  }

  private file(key: IndexKey, entry: number): KeyFiling {
    const slot = this.slotFor(key);
    if (key.kind === 'eq') {
      slot.addEquality();
      return this.equality.add(slot.id, key.value, entry);
    }
    const slotKey: SlotKey =
      key.kind === 'net' ? { kind: 'net', network: key.network } : { kind: 're', source: key.source };
    slot.add(slotKey, entry);
    return { slot, key: slotKey };
  }

  /** Removes an indicator (revoked, expired, or replaced); returns whether it was held. */
  remove(indicatorId: string): boolean {
    const entry = this.entries.find(indicatorId);
    if (entry < 0) return false;
    this.removeEntry(entry);
    return true;
  }

  private removeEntry(entry: number): void {
    const filed = this.entries.filedOf(entry);
    if (typeof filed === 'number') this.unfile(filed, entry);
    else if (Array.isArray(filed)) for (const k of filed as readonly KeyFiling[]) this.unfile(k, entry);
    else for (const t of (filed as { residual: readonly string[] }).residual) this.unfileResidual(t, entry);
    this.entries.delete(entry);
  }

  // Empty sets are dropped so that an index without residual patterns skips the lookup.
  private unfileResidual(type: string, entry: number): void {
    const set = this.residual.get(type);
    if (set?.delete(entry) === true && set.size === 0) this.residual.delete(type);
  }

  private unfile(filing: KeyFiling, entry: number): void {
    let slot: PathSlot;
    if (typeof filing === 'number') {
      slot = this.slotsById.get(this.equality.slotOf(filing)) as PathSlot;
      this.equality.remove(filing, entry);
      slot.removeEquality();
    } else {
      slot = filing.slot;
      slot.remove(filing.key, entry);
    }
    if (slot.size === 0) this.dropSlot(slot);
  }

  /** Version and metadata of a held indicator. */
  get(indicatorId: string): { readonly version: string; readonly meta: M } | undefined {
    const entry = this.entries.find(indicatorId);
    return entry < 0
      ? undefined
      : { version: this.entries.versionOf(entry), meta: this.entries.metaOf(entry) };
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
    this.nextStamp();
    const result: string[] = [];
    this.result = result;
    this.checks = 0;
    let prepared: PreparedObservation[] | undefined;
    if (isBareSco(observations)) {
      // Fast path for the common case: one SCO, probed without building an observation.
      if (now === undefined) throw new TypeError('Cannot match a bare SCO without options.now');
      this.probe(observations, undefined);
    } else {
      prepared = prepareObservations(observations, now);
      for (const o of prepared) for (const root of o.roots) this.probe(root, o.objects);
    }
    if (this.checks === 0) return result;
    prepared ??= prepareObservations(observations, now);
    for (let i = 0; i < this.checks; i++) {
      const entry = this.toCheck[i] as number;
      if (matchPrepared(this.entries.astOf(entry) as PatternAst, prepared, this.regexes))
        result.push(this.entries.idOf(entry));
    }
    return result;
  }

  private report(entry: number): void {
    if (this.seen[entry] === this.stamp) return;
    this.seen[entry] = this.stamp;
    if (this.entries.astOf(entry) === undefined) this.result.push(this.entries.idOf(entry));
    else {
      if (this.checks === this.toCheck.length) this.toCheck = grownInt32(this.toCheck, this.checks * 2);
      this.toCheck[this.checks++] = entry;
    }
  }

  private nextStamp(): void {
    if (this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
  }

  private growSeen(): void {
    this.seen = grownInt32(this.seen, Math.max(this.entries.capacity, this.seen.length * 2));
  }

  // Parsing the same `now` text for every observation would cost more than the lookups.
  private nowMillis(now: IndexMatchOptions['now']): number | undefined {
    if (typeof now !== 'string') return now === undefined ? undefined : toMillis(now, 'now');
    if (this.lastNow?.text !== now) this.lastNow = { text: now, millis: toMillis(now, 'now') };
    return this.lastNow.millis;
  }

  private probe(root: Readonly<Record<string, unknown>>, objects: ObjectsByRef | undefined): void {
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
          if (v !== undefined && v !== null) this.probeValue(slot, v);
        } else {
          const all = objects ?? { [typeof root.id === 'string' ? root.id : '0']: root };
          for (const v of resolvePath(root, slot.steps, all)) this.probeValue(slot, v);
        }
      }
    }
    if (this.residual.size === 0) return;
    const rest = this.residual.get(type);
    if (rest !== undefined) for (const e of rest) this.report(e);
  }

  private probeValue(slot: PathSlot, v: unknown): void {
    if (slot.eqCount > 0 && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
      const postings = this.equality.postings;
      for (let n = this.equality.lookup(slot.id, v); n >= 0; n = postings.nextOf(n))
        this.report(postings.valueOf(n));
    }
    if (typeof v === 'string' && slot.hasNonEquality) slot.probe(v, this.hit);
  }

  private slotFor(key: IndexKey): PathSlot {
    let byPath = this.slots.get(key.objectType);
    if (byPath === undefined) {
      byPath = new Map();
      this.slots.set(key.objectType, byPath);
    }
    let slot = byPath.get(key.slot);
    if (slot === undefined) {
      slot = new PathSlot(this.nextSlotId++, key.objectType, key.slot, key.steps);
      byPath.set(key.slot, slot);
      this.slotsById.set(slot.id, slot);
      this.slotLists.set(key.objectType, [...byPath.values()]);
    }
    return slot;
  }

  private dropSlot(slot: PathSlot): void {
    const byPath = this.slots.get(slot.objectType);
    if (byPath?.get(slot.name) !== slot) return;
    byPath.delete(slot.name);
    this.slotsById.delete(slot.id);
    if (byPath.size === 0) {
      this.slots.delete(slot.objectType);
      this.slotLists.delete(slot.objectType);
    } else this.slotLists.set(slot.objectType, [...byPath.values()]);
  }

  private residualFor(type: string): Set<number> {
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
