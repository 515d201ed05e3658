import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { HubError } from '../core/index.js';
import type { Store } from '../store/index.js';
import { openPostgresStore } from '../store/postgres/open-postgres-store.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';

/** Where a hub's store lives: a SQLite file, or a PostgreSQL database (and schema). */
export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

/**
 * `sqlite:PATH` (a database file, or a data directory holding `cairn.db`; relative to `cwd`)
 * or a `postgres://` / `postgresql://` URL (its `schema` parameter selects the schema).
 * Undefined for anything else.
 */
export function tryParseStoreLocation(text: string, cwd: string): StoreLocation | undefined {
  if (text.startsWith('sqlite:')) {
    const given = text.slice('sqlite:'.length);
    if (given === '') return undefined;
    const path = isAbsolute(given) ? given : resolve(cwd, given);
    const isDirectory = existsSync(path) && statSync(path).isDirectory();
    return { kind: 'sqlite', path: isDirectory ? join(path, 'cairn.db') : path };
  }
  if (/^postgres(ql)?:\/\//.test(text)) {
    try {
      new URL(text);
    } catch {
      return undefined;
    }
    return { kind: 'postgres', url: text };
  }
  return undefined;
}

/** The location for reports and progress: a database password never appears. */
export function describeStoreLocation(location: StoreLocation): string {
  if (location.kind === 'sqlite') return `sqlite:${location.path}`;
  const url = new URL(location.url);
  if (url.password !== '') url.password = '***';
  return url.toString();
}

/** Two locations that name the same store (copying a store onto itself is refused). */
export function sameStoreLocation(a: StoreLocation, b: StoreLocation): boolean {
  if (a.kind === 'sqlite' && b.kind === 'sqlite') return a.path === b.path;
  if (a.kind === 'postgres' && b.kind === 'postgres') {
    const key = (u: URL) =>
      `${u.hostname}:${u.port || '5432'}${u.pathname}?${u.searchParams.get('schema') ?? ''}`;
    return key(new URL(a.url)) === key(new URL(b.url));
  }
  return false;
}

/**
 * Opens the store at `location`. A source is opened with `migrate: 'never'` and must exist;
 * a target is migrated (`auto`), which creates it when it is new.
 *
 * @throws HubError CAIRN_INVALID_INPUT when a SQLite source file does not exist,
 *   CAIRN_CONFIG_INVALID when a source needs migrations, CAIRN_STORE_UNAVAILABLE when the
 *   database cannot be reached.
 */
export async function openStoreAt(location: StoreLocation, migrate: 'auto' | 'never'): Promise<Store> {
  // No statement limit: sorting or counting a large table is what this operator tool is for.
  if (location.kind === 'postgres') {
    return openPostgresStore({ url: location.url, migrate, poolSize: 2, statementTimeoutMs: 0 });
  }
  if (migrate === 'never' && !existsSync(location.path)) {
    throw new HubError('CAIRN_INVALID_INPUT', `Cannot find the SQLite store "${location.path}"`);
  }
  return openSqliteStore({ path: location.path, migrate });
}
