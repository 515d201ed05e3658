import { RE2JS } from 're2js';

/** A compiled MATCHES expression, or why it could not be compiled. */
export type CompiledRegex =
  | { readonly ok: true; readonly regex: RE2JS }
  | { readonly ok: false; readonly message: string };

/**
 * Compiles MATCHES expressions with RE2 (linear-time, no catastrophic backtracking) and keeps
 * the most recent ones. Pattern input never reaches the JavaScript RegExp engine.
 */
export interface RegexCache {
  get(source: string): CompiledRegex;
}

/**
 * Creates a bounded cache; when full, it is cleared (cheap, and hot expressions come back at once).
 * @param maxEntries how many compiled expressions to keep (default 10,000)
 */
export function createRegexCache(maxEntries = 10_000): RegexCache {
  const entries = new Map<string, CompiledRegex>();
  return {
    get(source) {
      let hit = entries.get(source);
      if (hit === undefined) {
        hit = compileRegex(source);
        if (entries.size >= maxEntries) entries.clear();
        entries.set(source, hit);
      }
      return hit;
    },
  };
}

// STIX 2.1 §9.6.1 MATCHES: PCRE syntax, DOTALL on, search (not anchored) semantics.
/** Compiles one MATCHES expression; unsupported PCRE features are explained in `message`. */
export function compileRegex(source: string): CompiledRegex {
  try {
    return { ok: true, regex: RE2JS.compile(source, RE2JS.DOTALL) };
  } catch (error) {
    const feature = unsupportedFeature(source);
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      message: feature === undefined ? detail : `${feature} is not supported by RE2 (${detail})`,
    };
  }
}

const PCRE_ONLY: readonly (readonly [RegExp, string])[] = [
  [/\(\?=/, 'lookahead (?=…)'],
  [/\(\?!/, 'negative lookahead (?!…)'],
  [/\(\?<=/, 'lookbehind (?<=…)'],
  [/\(\?<!/, 'negative lookbehind (?<!…)'],
  [/\(\?>/, 'atomic group (?>…)'],
  [/\(\?\(/, 'conditional group (?(…)…)'],
  [/\(\?R\)|\(\?\d+\)|\(\?&/, 'recursion'],
  [/\\[1-9]|\\k[<{']/, 'backreference'],
  [/[*+?}]\+/, 'possessive quantifier'],
  [/\\[GZ]/, '\\G or \\Z anchor'],
];

function unsupportedFeature(source: string): string | undefined {
  return PCRE_ONLY.find(([re]) => re.test(source))?.[1];
}
