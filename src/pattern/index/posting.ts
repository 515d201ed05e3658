/** A posting list stored without an array for the common single-entry case. */
export type Posting<T> = T | T[];

/** Adds `entry` to the posting list under `key`. */
export function addPosting<K, T extends object | number>(map: Map<K, Posting<T>>, key: K, entry: T): void {
  const p = map.get(key);
  if (p === undefined) map.set(key, entry);
  else if (Array.isArray(p)) p.push(entry);
  else map.set(key, [p, entry]);
}

/** Removes `entry` from the posting list under `key`. */
export function removePosting<K, T extends object | number>(map: Map<K, Posting<T>>, key: K, entry: T): void {
  const p = map.get(key);
  if (p === undefined) return;
  if (!Array.isArray(p)) {
    if (p === entry) map.delete(key);
    return;
  }
  const i = p.indexOf(entry);
  if (i >= 0) p.splice(i, 1);
  if (p.length === 1) map.set(key, p[0] as T);
  else if (p.length === 0) map.delete(key);
}

/** Calls `visit` for each entry under `key`. */
export function forEachPosting<K, T extends object | number>(
  map: Map<K, Posting<T>>,
  key: K,
  visit: (entry: T) => void,
): void {
  const p = map.get(key);
  if (p === undefined) return;
  if (Array.isArray(p)) for (const e of p) visit(e);
  else visit(p);
}
