import { CharPool } from './char-pool.js';
import { combineHash, hashValue, randomSeed, sameValue } from './hash-value.js';
import type { IndexValue } from './index-plan.js';
import { OpenTable } from './open-table.js';
import { grownInt32, PackedLists } from './packed-lists.js';

/** `keyLength` of a key whose value is a number or boolean (held in `others`). */
const NOT_TEXT = -2;
/** `keyLength` of a free key number. */
const FREE = -1;

/**
 * Every `path = value` key of the index, for all path slots at once: (slot number, value) →
 * the entries filed under it. Keys are numbered; their slot, hash, posting-list head and
 * value (string values as a run in a {@link CharPool}) live in typed arrays, looked up
 * through an {@link OpenTable}, so a probe that misses (most observed values match nothing)
 * costs one hash and about one cache line, and the table is a handful of objects for the
 * garbage collector however many keys it holds. A key exists while its posting list is
 * non-empty.
 */
export class EqualityTable {
  private readonly table = new OpenTable();
  readonly postings = new PackedLists();
  private readonly pool = new CharPool();
  private keySlot = new Int32Array(16);
  private keyHash = new Int32Array(16);
  private keyHead = new Int32Array(16);
  private keyOffset = new Int32Array(16);
  private keyLength = new Int32Array(16);
  /** Number and boolean values (rare: ports, sizes, flags), by key number. */
  private readonly others = new Map<number, number | boolean>();
  private readonly freeKeys: number[] = [];
  private keysUsed = 0;
  /** Per-table hash seed, so indicator authors cannot precompute values that collide. */
  private readonly seed = randomSeed();

  /** Number of distinct (slot, value) keys. */
  get size(): number {
    return this.table.size;
  }

  /** Memory held in typed arrays, in bytes. */
  get byteLength(): number {
    return (
      this.table.byteLength + this.postings.byteLength + this.pool.byteLength + 5 * this.keySlot.byteLength
    );
  }

  /** Slot number of the key numbered `key`. */
  slotOf(key: number): number {
    return this.keySlot[key] as number;
  }

  /** Files `entry` under (slot, value); returns the key number, needed to remove it. */
  add(slot: number, value: IndexValue, entry: number): number {
    const hash = combineHash(hashValue(value, this.seed), slot);
    let key = this.find(slot, value, hash);
    if (key < 0) {
      key = this.newKey(slot, value, hash);
      this.table.insert(hash, key);
    }
    this.keyHead[key] = this.postings.push(this.keyHead[key] as number, entry);
    return key;
  }

  /** Takes `entry` out of the key numbered `key`, dropping the key when nothing is left. */
  remove(key: number, entry: number): void {
    const head = this.postings.remove(this.keyHead[key] as number, entry);
    this.keyHead[key] = head;
    if (head >= 0) return;
    this.table.remove(this.keyHash[key] as number, key);
    const length = this.keyLength[key] as number;
    if (length === NOT_TEXT) this.others.delete(key);
    else this.pool.release(this.keyOffset[key] as number, length);
    this.keyLength[key] = FREE;
    this.freeKeys.push(key);
    if (this.pool.wasteful) this.pool.compact(this.keyOffset, this.keyLength, this.keysUsed);
  }

  /** Head of the posting list of (slot, value) in {@link postings}, or -1. */
  lookup(slot: number, value: IndexValue): number {
    const key = this.find(slot, value, combineHash(hashValue(value, this.seed), slot));
    return key < 0 ? -1 : (this.keyHead[key] as number);
  }

  private find(slot: number, value: IndexValue, hash: number): number {
    const table = this.table;
    for (let c = table.first(hash); c >= 0; c = table.next(c, hash)) {
      const key = table.payload(c);
      if (this.keySlot[key] === slot && this.holds(key, value)) return key;
    }
    return -1;
  }

  private holds(key: number, value: IndexValue): boolean {
    const length = this.keyLength[key] as number;
    if (typeof value === 'string')
      return length >= 0 && this.pool.equals(this.keyOffset[key] as number, length, value);
    return length === NOT_TEXT && sameValue(this.others.get(key) as IndexValue, value);
  }

  private newKey(slot: number, value: IndexValue, hash: number): number {
    let key = this.freeKeys.pop();
    if (key === undefined) {
      if (this.keysUsed === this.keySlot.length) this.grow();
      key = this.keysUsed++;
    }
    this.keySlot[key] = slot;
    this.keyHash[key] = hash;
    this.keyHead[key] = -1;
    if (typeof value === 'string') {
      this.keyOffset[key] = this.pool.store(value);
      this.keyLength[key] = value.length;
    } else {
      this.others.set(key, value);
      this.keyLength[key] = NOT_TEXT;
    }
    return key;
  }

  private grow(): void {
    const n = this.keySlot.length * 2;
    this.keySlot = grownInt32(this.keySlot, n);
    this.keyHash = grownInt32(this.keyHash, n);
    this.keyHead = grownInt32(this.keyHead, n);
    this.keyOffset = grownInt32(this.keyOffset, n);
    this.keyLength = grownInt32(this.keyLength, n);
  }
}
