/**
 * Literal runs that every match of a `MATCHES` expression must contain, read from its source
 * conservatively: only top-level literal ASCII characters in sequence count, and anything this
 * reader does not fully understand (groups, classes, escapes of letters, quantified characters,
 * alternation, inline flags) just ends a run. An empty result means "no usable literal", never
 * a wrong one: a literal returned here occurs in every string the expression matches (RE2
 * syntax, case-sensitive, as the matcher compiles it). The index uses it to skip evaluating
 * expressions whose literals an observed value lacks (the idea of RE2's FilteredRE2).
 */
export function requiredLiterals(source: string): string[] {
  // Inline flags such as (?i) change how later characters match; \Q…\E quotes; give up on both.
  if (/\(\?(?!:)/.test(source) || source.includes('\\Q')) return [];
  const runs: string[] = [];
  let run = '';
  const flush = () => {
    if (run.length > 0) runs.push(run);
    run = '';
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '|') return []; // a top-level alternative need not contain any run
    let atomEnd: number;
    let literal: string | undefined;
    if (c === '(') atomEnd = skipGroup(source, i);
    else if (c === '[') atomEnd = skipClass(source, i + 1);
    else if (c === '\\') {
      const d = source[i + 1];
      if (d === undefined) return [];
      if (/[!-/:-@[-`{-~]/.test(d)) literal = d; // escaped ASCII punctuation is itself
      atomEnd = escapeEnd(source, i);
      if (atomEnd < 0) return [];
    } else {
      if (/[ -~]/.test(c) && !'.^$*+?{)'.includes(c)) literal = c;
      atomEnd = i + 1;
    }
    if (atomEnd < 0) return [];
    const quantifierEnd = skipQuantifier(source, atomEnd);
    if (literal === undefined || (quantifierEnd > atomEnd && source[atomEnd] !== '+')) {
      flush(); // not a literal, or an optional/repeated one: the run cannot continue through it
    } else {
      run += literal;
      if (quantifierEnd > atomEnd) flush(); // `x+`: one x is required, what follows may not be adjacent
    }
    i = quantifierEnd;
  }
  flush();
  return runs;
}

// Just after the escape starting at `at` (`\x41`, `\x{263a}`, `\pL`, `\p{Greek}`, `\123`, `\d`…).
function escapeEnd(source: string, at: number): number {
  const d = source[at + 1] as string;
  if (d === 'x' || d === 'p' || d === 'P') {
    if (source[at + 2] === '{') {
      const close = source.indexOf('}', at + 3);
      return close < 0 ? -1 : close + 1;
    }
    return at + (d === 'x' ? 4 : 3);
  }
  if (d >= '0' && d <= '9') {
    let end = at + 2;
    while (end < at + 4 && /[0-7]/.test(source[end] ?? '')) end++;
    return end;
  }
  return at + 2;
}

function skipGroup(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') i = skipClass(source, i + 1) - 1;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

// From just after `[` to just after the closing `]` (a `]` right after `[` or `[^` is literal).
function skipClass(source: string, start: number): number {
  let i = start;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++;
  for (; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[' && source[i + 1] === ':') {
      const end = source.indexOf(':]', i + 2);
      if (end > 0) i = end + 1;
    } else if (c === ']') return i + 1;
  }
  return -1;
}

function skipQuantifier(source: string, at: number): number {
  const c = source[at];
  let end = at;
  if (c === '*' || c === '+' || c === '?') end = at + 1;
  else if (c === '{') {
    const m = /^\{\d+(?:,\d*)?\}/.exec(source.slice(at, at + 24));
    if (m !== null) end = at + m[0].length;
  }
  if (end > at && source[end] === '?') end++; // lazy form
  return end;
}
