import type { PatternAst } from '../ast.js';
import { hashString, randomSeed } from './hash-value.js';
import { OpenTable } from './open-table.js';

/**
 * The indicators held by an index, as numbered entries in parallel arrays (no object per
 * entry): id, version, metadata, the pattern when a key hit must be confirmed, and where the
 * entry is filed (`F`, the index's business). Ids are found through an {@link OpenTable} of
 * their hashes. Numbers of removed entries are reused.
 */
export class EntryTable<M, F> {
  private readonly byId = new OpenTable();
  private readonly ids: (string | undefined)[] = [];
  private readonly versions: (string | undefined)[] = [];
  private readonly metas: (M | undefined)[] = [];
  private readonly asts: (PatternAst | undefined)[] = [];
  private readonly filings: (F | undefined)[] = [];
  private readonly free: number[] = [];
  /** Per-table hash seed: ids are chosen by whoever shares an indicator. */
  private readonly seed = randomSeed();

  /** Number of entries held. */
  get size(): number {
    return this.byId.size;
  }

  /** One more than the highest entry number ever used (for per-entry scratch arrays). */
  get capacity(): number {
    return this.ids.length;
  }

  /** Hash of an id in this table (pass it to {@link find} and {@link add} to hash once). */
  hashOf(id: string): number {
    return hashString(id, this.seed);
  }

  /** Entry number of `id`, or -1. */
  find(id: string, hash = this.hashOf(id)): number {
    const table = this.byId;
    for (let c = table.first(hash); c >= 0; c = table.next(c, hash)) {
      const entry = table.payload(c);
      if (this.ids[entry] === id) return entry;
    }
    return -1;
  }

  /** Adds an entry (the id must not be held, `hash` is `hashOf(id)`); returns its number. */
  add(id: string, hash: number, version: string, meta: M, ast: PatternAst | undefined, filed: F): number {
    const entry = this.free.pop() ?? this.ids.length;
    this.ids[entry] = id;
    this.versions[entry] = version;
    this.metas[entry] = meta;
    this.asts[entry] = ast;
    this.filings[entry] = filed;
    this.byId.insert(hash, entry);
    return entry;
  }

  /** Removes entry `entry`. */
  delete(entry: number): void {
    this.byId.remove(this.hashOf(this.idOf(entry)), entry);
    this.ids[entry] = undefined;
    this.versions[entry] = undefined;
    this.metas[entry] = undefined;
    this.asts[entry] = undefined;
    this.filings[entry] = undefined;
    this.free.push(entry);
  }

  idOf(entry: number): string {
    return this.ids[entry] as string;
  }

  versionOf(entry: number): string {
    return this.versions[entry] as string;
  }

  metaOf(entry: number): M {
    return this.metas[entry] as M;
  }

  /** The pattern to evaluate on a key hit; undefined when a hit is a match. */
  astOf(entry: number): PatternAst | undefined {
    return this.asts[entry];
  }

  filedOf(entry: number): F {
    return this.filings[entry] as F;
  }

  setFiled(entry: number, filed: F): void {
    this.filings[entry] = filed;
  }
}
