import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The shared corpus beside the repository (`../shared/corpus`); CI has the same layout. */
export const CORPUS_DIR = join(fileURLToPath(new URL('../..', import.meta.url)), '..', 'shared', 'corpus');

export type StixObject = Record<string, unknown> & { id?: unknown; type?: unknown };

/** Every `.json` / `.json.gz` file of the corpus, relative to it, sorted. */
export function corpusFiles(): string[] {
  if (!existsSync(CORPUS_DIR)) return [];
  const out: string[] = [];
  const walkDir = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walkDir(path);
      else if (/\.json(\.gz)?$/.test(name)) out.push(relative(CORPUS_DIR, path));
    }
  };
  walkDir(CORPUS_DIR);
  return out;
}

/** The STIX objects of a corpus file: a bundle, a list, one object, or medallion's data file. */
export function corpusObjects(file: string): StixObject[] {
  const bytes = readFileSync(join(CORPUS_DIR, file));
  const data = JSON.parse((file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')) as unknown;
  if (Array.isArray(data)) return data as StixObject[];
  const record = data as Record<string, unknown>;
  if (Array.isArray(record.objects)) return record.objects as StixObject[];
  if (typeof record.type === 'string') return [record];
  // medallion's memory-backend file: API roots → collections → objects.
  const objects: StixObject[] = [];
  for (const root of Object.values(record)) {
    const collections = (root as { collections?: unknown[] } | null)?.collections ?? [];
    for (const c of collections) objects.push(...((c as { objects?: StixObject[] }).objects ?? []));
  }
  return objects;
}

/** JSON with sorted keys, to compare objects regardless of key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A STIX timestamp as an instant key: trailing fractional zeros do not matter (A7). */
export function instantKey(ts: string): string {
  return ts.replace(/(\.\d*?)0*Z$/, '$1Z').replace(/\.Z$/, 'Z');
}
