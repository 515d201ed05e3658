/**
 * A compact integer key for a STIX id. Indexing 52 bits of the UUID instead of the whole
 * id text keeps the id index small, so random-UUID inserts stay in cache as the table grows
 * (DESIGN.md §6: a full-text (id, modified) index halves insert speed by 200k rows).
 * Collisions are harmless: every lookup also compares the full id.
 */
export function idHash(stixId: string): number {
  const sep = stixId.lastIndexOf('--');
  const hex = stixId
    .slice(sep + 2)
    .replace(/-/g, '')
    .slice(0, 13);
  const n = Number.parseInt(hex, 16);
  return Number.isFinite(n) ? n : 0;
}
