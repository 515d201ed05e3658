/**
 * An open-addressing hash table of 32-bit payloads over one Int32Array (linear probing): each
 * cell holds `payload + 1` (0 = empty) and the payload's 32-bit hash side by side, so a probe
 * reads one cache line and compares hashes without touching the objects behind the payloads.
 * The table does not know what a payload stands for: callers walk the cells whose hash matches
 * and confirm the key themselves. Removal shifts later cells back (no tombstones), so a table
 * under churn never degrades. Kept at most half full.
 */
export class OpenTable {
  /** [payload + 1, hash] pairs. */
  private cells: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 8) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.cells = new Int32Array(cap * 2);
    this.mask = cap - 1;
  }

  /** Number of payloads held. */
  get size(): number {
    return this.count;
  }

  /** Memory held by the table, in bytes. */
  get byteLength(): number {
    return this.cells.byteLength;
  }

  /**
   * First cell at or after the home cell of `hash` whose stored hash equals `hash`, or -1 when
   * an empty cell comes first. Continue with {@link next}.
   */
  first(hash: number): number {
    return this.scan(hash & this.mask, hash);
  }

  /** The next cell after `cell` holding `hash`, or -1. */
  next(cell: number, hash: number): number {
    return this.scan((cell + 1) & this.mask, hash);
  }

  /** Payload stored in `cell`. */
  payload(cell: number): number {
    return (this.cells[cell * 2] as number) - 1;
  }

  /** Adds a payload under `hash` (duplicates are the caller's business). */
  insert(hash: number, payload: number): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    this.place(hash, payload);
    this.count++;
  }

  /** Removes `payload` stored under `hash`; returns whether it was there. */
  remove(hash: number, payload: number): boolean {
    for (let c = this.first(hash); c >= 0; c = this.next(c, hash)) {
      if (this.payload(c) !== payload) continue;
      this.shiftBack(c);
      this.count--;
      return true;
    }
    return false;
  }

  private scan(start: number, hash: number): number {
    const cells = this.cells;
    const mask = this.mask;
    for (let i = start; ; i = (i + 1) & mask) {
      if (cells[i * 2] === 0) return -1;
      if (cells[i * 2 + 1] === hash) return i;
    }
  }

  private place(hash: number, payload: number): void {
    const cells = this.cells;
    let i = hash & this.mask;
    while (cells[i * 2] !== 0) i = (i + 1) & this.mask;
    cells[i * 2] = payload + 1;
    cells[i * 2 + 1] = hash;
  }

  // Backward-shift deletion: move later cells of the run into the hole when their home cell
  // does not lie (cyclically) between the hole and their current cell.
  private shiftBack(hole: number): void {
    const cells = this.cells;
    const mask = this.mask;
    let gap = hole;
    for (let i = (gap + 1) & mask; cells[i * 2] !== 0; i = (i + 1) & mask) {
      const home = (cells[i * 2 + 1] as number) & mask;
      const staysPut = gap <= i ? gap < home && home <= i : gap < home || home <= i;
      if (staysPut) continue;
      cells[gap * 2] = cells[i * 2] as number;
      cells[gap * 2 + 1] = cells[i * 2 + 1] as number;
      gap = i;
    }
    cells[gap * 2] = 0;
    cells[gap * 2 + 1] = 0;
  }

  private grow(): void {
    const old = this.cells;
    this.cells = new Int32Array(old.length * 2);
    this.mask = old.length - 1;
    for (let i = 0; i < old.length; i += 2) {
      const stored = old[i] as number;
      if (stored !== 0) this.place(old[i + 1] as number, stored - 1);
    }
  }
}
