/**
 * The per-version flags that make the default TAXII selection an index walk: among the
 * versions of one object in one collection, those of its highest spec version are
 * `inLatestSpec`, and of those the earliest and latest version are `isFirst` / `isLast`.
 */
export interface VersionRow {
  readonly seq: number;
  readonly versionKey: string;
  readonly specVersion: string;
}

export interface VersionFlags {
  readonly isFirst: boolean;
  readonly isLast: boolean;
  readonly inLatestSpec: boolean;
}

/** Flags for every row of one object's versions, keyed by seq. */
export function computeVersionFlags(rows: readonly VersionRow[]): Map<number, VersionFlags> {
  let topSpec = '';
  for (const r of rows) if (compareSpec(r.specVersion, topSpec) > 0) topSpec = r.specVersion;
  let first: VersionRow | undefined;
  let last: VersionRow | undefined;
  for (const r of rows) {
    if (r.specVersion !== topSpec) continue;
    if (first === undefined || r.versionKey < first.versionKey) first = r;
    if (last === undefined || r.versionKey > last.versionKey) last = r;
  }
  const flags = new Map<number, VersionFlags>();
  for (const r of rows) {
    flags.set(r.seq, { isFirst: r === first, isLast: r === last, inLatestSpec: r.specVersion === topSpec });
  }
  return flags;
}

/** Compares spec versions such as `2.0` and `2.1` numerically per component. */
function compareSpec(a: string, b: string): number {
  if (b === '') return a === '' ? 0 : 1;
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
