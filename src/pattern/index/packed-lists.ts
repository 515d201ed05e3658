/**
 * Many short singly linked lists of integers in two growable Int32Arrays (posting lists: which
 * entries sit under one key). A list is named by its head node, -1 when empty. Freed nodes are
 * reused, so add/remove churn allocates nothing once the arrays have grown.
 */
export class PackedLists {
  private values: Int32Array;
  private links: Int32Array;
  private used = 0;
  /** Head of the chain of freed nodes (linked through `links`). */
  private freed = -1;

  constructor(capacity = 16) {
    this.values = new Int32Array(capacity);
    this.links = new Int32Array(capacity);
  }

  /** Memory held, in bytes. */
  get byteLength(): number {
    return this.values.byteLength + this.links.byteLength;
  }

  /** Value stored in `node`. */
  valueOf(node: number): number {
    return this.values[node] as number;
  }

  /** Node after `node` in its list, or -1. */
  nextOf(node: number): number {
    return this.links[node] as number;
  }

  /** Prepends `value` to the list starting at `head`; returns the new head. */
  push(head: number, value: number): number {
    let node = this.freed;
    if (node >= 0) this.freed = this.links[node] as number;
    else {
      if (this.used === this.values.length) this.grow();
      node = this.used++;
    }
    this.values[node] = value;
    this.links[node] = head;
    return node;
  }

  /** Removes one occurrence of `value` from the list at `head`; returns the new head. */
  remove(head: number, value: number): number {
    let prev = -1;
    for (let node = head; node >= 0; prev = node, node = this.links[node] as number) {
      if (this.values[node] !== value) continue;
      const after = this.links[node] as number;
      this.links[node] = this.freed;
      this.freed = node;
      if (prev < 0) return after;
      this.links[prev] = after;
      return head;
    }
    return head;
  }

  private grow(): void {
    this.values = grownInt32(this.values, this.values.length * 2);
    this.links = grownInt32(this.links, this.links.length * 2);
  }
}

/** A copy of `a` in a longer array (the tail is zero). */
export function grownInt32(a: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(length);
  b.set(a);
  return b;
}
