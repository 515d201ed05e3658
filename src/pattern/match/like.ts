/**
 * SQL LIKE matching (STIX 2.1 §9.6.1): `%` matches zero or more characters, `_` exactly one;
 * there is no escape character. Characters are code points. Runs in O(n·m) worst case with
 * no backtracking explosion (greedy matching with a single restart point per `%`).
 */
export function matchesLike(value: string, pattern: string): boolean {
  const s = Array.from(value);
  const p = Array.from(pattern);
  let si = 0;
  let pi = 0;
  let starP = -1;
  let starS = 0;
  while (si < s.length) {
    const pc = p[pi];
    if (pc !== undefined && pc !== '%' && (pc === '_' || pc === s[si])) {
      si++;
      pi++;
    } else if (pc === '%') {
      starP = pi++;
      starS = si;
    } else if (starP >= 0) {
      pi = starP + 1;
      si = ++starS;
    } else return false;
  }
  while (p[pi] === '%') pi++;
  return pi === p.length;
}
