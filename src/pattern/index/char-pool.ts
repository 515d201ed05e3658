/**
 * Strings stored as character codes in two growable typed arrays, addressed by a reference
 * and a length: text whose units are all below 256 (hosts, URLs, hashes: nearly every
 * indicator value) one byte per unit, anything else as UTF-16 units. A reference ≥ 0 is an
 * offset in the byte array, < 0 is `-(offset + 1)` in the wide one. The equality table keeps its
 * key values here rather than as string objects: a million keys are then two arrays for the
 * garbage collector, and confirming a hash hit reads one contiguous run instead of following a
 * string (often a slice of its whole pattern text) across the heap. Released runs are
 * reclaimed by {@link compact}.
 */
export class CharPool {
  private bytes = new Uint8Array(1024);
  private bytesUsed = 0;
  private wide = new Uint16Array(64);
  private wideUsed = 0;
  private deadBytes = 0;
  private deadWide = 0;

  /** Memory held, in bytes. */
  get byteLength(): number {
    return this.bytes.byteLength + this.wide.byteLength;
  }

  /** Copies `text` in; returns its reference. */
  store(text: string): number {
    const n = text.length;
    let narrow = true;
    for (let i = 0; i < n && narrow; i++) narrow = text.charCodeAt(i) < 256;
    if (narrow) {
      if (this.bytesUsed + n > this.bytes.length) this.bytes = grown(this.bytes, this.bytesUsed + n);
      const at = this.bytesUsed;
      copyIn(this.bytes, at, text);
      this.bytesUsed += n;
      return at;
    }
    if (this.wideUsed + n > this.wide.length) this.wide = grown(this.wide, this.wideUsed + n);
    const at = this.wideUsed;
    copyIn(this.wide, at, text);
    this.wideUsed += n;
    return -(at + 1);
  }

  /** Whether the run at `ref` of `length` units is `text`. */
  equals(ref: number, length: number, text: string): boolean {
    if (text.length !== length) return false;
    // Two monomorphic loops: one over bytes (the common case), one over UTF-16 units.
    if (ref >= 0) {
      const bytes = this.bytes;
      for (let i = 0; i < length; i++) if (bytes[ref + i] !== text.charCodeAt(i)) return false;
      return true;
    }
    const wide = this.wide;
    const at = -ref - 1;
    for (let i = 0; i < length; i++) if (wide[at + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  /** Marks the run at `ref` as no longer used. */
  release(ref: number, length: number): void {
    if (ref >= 0) this.deadBytes += length;
    else this.deadWide += length;
  }

  /** True when released runs take more room than live ones (and enough to bother). */
  get wasteful(): boolean {
    const dead = this.deadBytes + this.deadWide;
    return dead > 65_536 && dead * 2 > this.bytesUsed + this.wideUsed;
  }

  /**
   * Copies the live runs (`refs[i]`, `lengths[i]` for i < count, negative length = unused)
   * into fresh arrays and rewrites `refs` in place.
   */
  compact(refs: Int32Array, lengths: Int32Array, count: number): void {
    const bytes = new Uint8Array(Math.max(1024, this.bytesUsed - this.deadBytes));
    const wide = new Uint16Array(Math.max(64, this.wideUsed - this.deadWide));
    let b = 0;
    let w = 0;
    for (let i = 0; i < count; i++) {
      const n = lengths[i] as number;
      if (n < 0) continue;
      const ref = refs[i] as number;
      if (ref >= 0) {
        bytes.set(this.bytes.subarray(ref, ref + n), b);
        refs[i] = b;
        b += n;
      } else {
        wide.set(this.wide.subarray(-ref - 1, -ref - 1 + n), w);
        refs[i] = -(w + 1);
        w += n;
      }
    }
    this.bytes = bytes;
    this.bytesUsed = b;
    this.wide = wide;
    this.wideUsed = w;
    this.deadBytes = 0;
    this.deadWide = 0;
  }
}

function copyIn(units: Uint8Array | Uint16Array, at: number, text: string): void {
  for (let i = 0; i < text.length; i++) units[at + i] = text.charCodeAt(i);
}

// Grows by half (not double): the pool is the index's largest array, and slack is memory.
function grown<T extends Uint8Array | Uint16Array>(a: T, needed: number): T {
  let length = a.length + (a.length >>> 1);
  while (length < needed) length += length >>> 1;
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}
