import type { IndexValue } from './index-plan.js';

/**
 * 32-bit hashes of index values, computed once per probed value and stored beside the keys
 * in typed arrays, so a lookup that misses never touches a string on the heap.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
// Type tags keep the number 1, the string "1" and `true` apart (Map semantics: SameValueZero).
const NUMBER_TAG = 0x2545f491;
const TRUE_HASH = 0x6a09e667;
const FALSE_HASH = 0x3c6ef372;

/** FNV-1a over every UTF-16 code unit, finished with a murmur3 mix so the low bits spread. */
export function hashString(text: string, seed = 0): number {
  let h = FNV_OFFSET ^ seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return mix32(h ^ text.length);
}

/** Hash of a string, number or boolean; equal values (SameValueZero) hash alike. */
export function hashValue(value: IndexValue, seed = 0): number {
  if (typeof value === 'string') return hashString(value, seed);
  if (typeof value === 'boolean') return mix32((value ? TRUE_HASH : FALSE_HASH) ^ seed);
  // -0 and 0 are one key in a Map; integers hash without going through text.
  if (Number.isInteger(value) && Math.abs(value) <= 0x7fffffff) return mix32((value | 0) ^ NUMBER_TAG ^ seed);
  return hashString(String(value), seed ^ NUMBER_TAG);
}

/** A random 32-bit seed (hash flooding: values chosen to collide cost a probe walk each). */
export function randomSeed(): number {
  return (Math.random() * 0x100000000) | 0;
}

/** Combines a hash with a small integer (a slot number) into a new well-mixed hash. */
export function combineHash(h: number, n: number): number {
  return mix32(h ^ Math.imul(n + 1, 0x9e3779b1));
}

/** murmur3's 32-bit finaliser. */
export function mix32(h: number): number {
  let x = h;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

/** Map-key equality (SameValueZero) for index values. */
export function sameValue(a: IndexValue, b: IndexValue): boolean {
  // biome-ignore lint/suspicious/noSelfCompare: NaN is the one value not equal to itself.
  return a === b || (a !== a && b !== b);
}
