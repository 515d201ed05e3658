import { hashValue } from './hash-value.js';

/**
 * A Bloom filter checked before a hash map (the index uses it for IPv4 networks, one test per
 * prefix length in use): most observed values match nothing, and a few bit tests in a compact
 * array are much cheaper than a Map lookup. It never forgets a value (removal
 * leaves bits set, which only costs an occasional extra Map lookup) and grows by rebuilding.
 */
export class BloomFilter {
  private bits: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 1024) {
    const size = BloomFilter.sizeFor(expected);
    this.bits = new Uint32Array(size >>> 5);
    this.mask = size - 1;
  }

  /** Number of values added since the last rebuild. */
  get size(): number {
    return this.count;
  }

  /** Adds a value; returns false when the filter is too full and should be rebuilt larger. */
  add(value: string | number | boolean): boolean {
    return this.addHash(hashValue(value));
  }

  /** Adds a value by its 32-bit hash (for callers that hash integers themselves). */
  addHash(h: number): boolean {
    this.set(h);
    this.set(Math.imul(h, 0x9e3779b1) ^ (h >>> 15));
    this.set(Math.imul(h ^ (h >>> 13), 0x85ebca6b));
    this.count++;
    // Keep about 16 bits per value: with 3 probes that is a false-positive rate near 0.5%.
    return this.count * 16 <= this.mask + 1;
  }

  /** False when `value` was certainly never added. */
  mightContain(value: string | number | boolean): boolean {
    return this.mightContainHash(hashValue(value));
  }

  /** False when no value with hash `h` was added. */
  mightContainHash(h: number): boolean {
    return (
      this.has(h) &&
      this.has(Math.imul(h, 0x9e3779b1) ^ (h >>> 15)) &&
      this.has(Math.imul(h ^ (h >>> 13), 0x85ebca6b))
    );
  }

  /** Mixes an IPv4 network and its prefix length into a 32-bit hash. */
  static networkHash(network: number, prefix: number): number {
    const h = Math.imul(network ^ Math.imul(prefix + 1, 0x9e3779b1), 0x85ebca6b);
    return (h ^ (h >>> 16)) >>> 0;
  }

  /** A filter sized for `expected` values holding `values`. */
  static of(values: Iterable<string | number | boolean>, expected: number): BloomFilter {
    const f = new BloomFilter(expected);
    for (const v of values) f.add(v);
    return f;
  }

  private static sizeFor(expected: number): number {
    let size = 1024;
    while (size < expected * 32) size *= 2;
    return size;
  }

  private set(h: number): void {
    const bit = h & this.mask;
    this.bits[bit >>> 5] = (this.bits[bit >>> 5] as number) | (1 << (bit & 31));
  }

  private has(h: number): boolean {
    const bit = h & this.mask;
    return ((this.bits[bit >>> 5] as number) & (1 << (bit & 31))) !== 0;
  }
}
