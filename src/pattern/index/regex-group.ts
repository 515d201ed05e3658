import { RE2JS, RE2Set } from 're2js';
import { compileRegex } from '../match/regex-cache.js';
import { addPosting, forEachPosting, type Posting, removePosting } from './posting.js';
import { requiredLiterals } from './regex-literals.js';

const GRAM = 4;
const GRAM_BITS = 1 << 16;

interface Filtered {
  readonly source: string;
  readonly regex: RE2JS;
  readonly literals: readonly string[];
  /** Last probe that considered this expression (one evaluation per probe). */
  seen: number;
}

interface Compiled {
  /** Expressions with a usable literal, by one 4-character ASCII gram of it. */
  readonly byGram: Map<number, Filtered[]>;
  /** Bit set over gram hashes: most windows of a value hit no gram and stop here. */
  readonly gramBits: Uint32Array;
  /** Expressions without a usable literal, run together in one linear-time pass. */
  readonly rest: { readonly set: RE2Set; readonly sources: readonly string[] } | undefined;
}

/**
 * The `MATCHES` expressions filed under one object path (STIX 2.1 §9.6.1: RE2 syntax here,
 * DOTALL, search semantics, the value NFC-normalised first). Each expression with a required
 * literal of at least four ASCII characters is indexed under one 4-gram of it, chosen as the
 * gram fewest expressions share; an observed value looks up its own 4-grams, and only the
 * expressions whose literals all occur in it are run. The others go into one RE2 set. Without
 * the literal filter, one RE2 set over every expression rebuilt its DFA states for almost every
 * fresh value (about a quarter of the match time at 1,000,000 indicators).
 */
export class RegexGroup {
  private readonly sources = new Map<string, Posting<number>>();
  private compiled: Compiled | undefined;
  private probes = 0;

  get size(): number {
    return this.sources.size;
  }

  /** Files `entry` under `source`; an expression that does not compile matches nothing. */
  add(source: string, entry: number): void {
    if (!compileRegex(source).ok) return; // STIX 2.1 §9: an invalid pattern matches nothing
    addPosting(this.sources, source, entry);
    this.compiled = undefined;
  }

  remove(source: string, entry: number): void {
    removePosting(this.sources, source, entry);
    this.compiled = undefined;
  }

  /** Calls `hit` for every entry whose expression matches `value`. */
  probe(value: string, hit: (entry: number) => void): void {
    if (this.compiled === undefined) this.compiled = this.compile();
    const compiled = this.compiled;
    const text = isAscii(value) ? value : value.normalize('NFC');
    if (compiled.rest !== undefined)
      for (const i of compiled.rest.set.match(text))
        forEachPosting(this.sources, compiled.rest.sources[i] as string, hit);
    if (compiled.byGram.size === 0 || text.length < GRAM) return;
    const stamp = ++this.probes;
    const bits = compiled.gramBits;
    let gram = 0;
    let valid = 0; // ASCII characters in the current window
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      gram = ((gram << 7) | c) & 0xfffffff;
      valid = c < 128 ? valid + 1 : 0;
      if (valid < GRAM) continue;
      const bit = gramBit(gram);
      if (((bits[bit >>> 5] as number) & (1 << (bit & 31))) === 0) continue;
      for (const f of compiled.byGram.get(gram) ?? []) {
        if (f.seen === stamp) continue;
        f.seen = stamp;
        if (f.literals.every((l) => text.includes(l)) && f.regex.test(text))
          forEachPosting(this.sources, f.source, hit);
      }
    }
  }

  private compile(): Compiled {
    const withGrams: { source: string; literals: string[]; grams: Set<number> }[] = [];
    const rest: string[] = [];
    const shared = new Map<number, number>();
    for (const source of this.sources.keys()) {
      const literals = requiredLiterals(source).filter((l) => l.length >= GRAM);
      const grams = new Set<number>();
      for (const l of literals) for (let i = 0; i + GRAM <= l.length; i++) grams.add(packGram(l, i));
      if (grams.size === 0) rest.push(source);
      else {
        withGrams.push({ source, literals, grams });
        for (const g of grams) shared.set(g, (shared.get(g) ?? 0) + 1);
      }
    }
    const byGram = new Map<number, Filtered[]>();
    const gramBits = new Uint32Array(GRAM_BITS >>> 5);
    for (const { source, literals, grams } of withGrams) {
      let best = -1;
      for (const g of grams)
        if (best < 0 || (shared.get(g) as number) < (shared.get(best) as number)) best = g;
      const regex = (compileRegex(source) as { regex: RE2JS }).regex;
      const list = byGram.get(best);
      const f: Filtered = { source, regex, literals, seen: 0 };
      if (list === undefined) byGram.set(best, [f]);
      else list.push(f);
      const bit = gramBit(best);
      gramBits[bit >>> 5] = (gramBits[bit >>> 5] as number) | (1 << (bit & 31));
    }
    return { byGram, gramBits, rest: rest.length === 0 ? undefined : compileSet(rest) };
  }
}

function compileSet(sources: readonly string[]): { set: RE2Set; sources: readonly string[] } {
  const set = new RE2Set(RE2Set.UNANCHORED, RE2JS.DOTALL);
  for (const s of sources) set.add(s);
  set.compile();
  return { set, sources };
}

// Four 7-bit ASCII units packed into 28 bits: the gram itself, no collisions.
function packGram(text: string, at: number): number {
  let g = 0;
  for (let i = at; i < at + GRAM; i++) g = (g << 7) | text.charCodeAt(i);
  return g;
}

function gramBit(gram: number): number {
  return (Math.imul(gram, 0x9e3779b1) >>> 16) & (GRAM_BITS - 1);
}

// ASCII text is already NFC: skip the normaliser for the common case.
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}
