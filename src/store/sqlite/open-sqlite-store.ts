import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type Clock, createSystemClock, HubError } from '../../core/index.js';
import { createChangeEmitter } from '../sql/change-emitter.js';
import { createPciiCipher } from '../sql/pcii-cipher.js';
import { type MigrateMode, pendingMigrations } from '../sql/schema-version.js';
import type { Store } from '../store.js';
import { createSqliteAudit } from './sqlite-audit.js';
import { createCollectionKeys } from './sqlite-collection-keys.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import { createSqliteObjects } from './sqlite-objects.js';
import { createSqlitePcii } from './sqlite-pcii.js';
import { createSqlitePeers } from './sqlite-peers.js';
import { createSqliteReviews } from './sqlite-reviews.js';
import { createSqliteSettings } from './sqlite-settings.js';
import { createSqliteStatuses } from './sqlite-statuses.js';
import { createSqliteTableCopy } from './sqlite-table-copy.js';
import { createSqliteTenancy } from './sqlite-tenancy.js';
import { guarded, translateSqliteError } from './translate-sqlite-error.js';

export interface SqliteStoreOptions {
  /** Database file path, or `:memory:`. */
  readonly path: string;
  /** What opening may do to the schema (default `auto`: migrate); see MigrateMode. */
  readonly migrate?: MigrateMode;
  readonly clock?: Clock;
  /** Page cache size in MiB (default 64). */
  readonly cacheMiB?: number;
  /** AES-256 key of protected (PCII) bodies; without it protected versions cannot be stored. */
  readonly pciiKey?: Buffer;
}

/**
 * Opens (and creates) the embedded SQLite store. WAL with synchronous=FULL: a commit is on
 * disk before the caller is told it succeeded, so acknowledged writes survive a process or
 * machine crash; readers never block the writer.
 *
 * @throws HubError CAIRN_STORE_UNAVAILABLE when the file cannot be opened,
 *   CAIRN_SCHEMA_MISMATCH for a schema newer than the code, or not exactly the code's with
 *   `verify` (a missing file is refused without being created), CAIRN_CONFIG_INVALID when
 *   migrations are pending with `never`.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const mode = options.migrate ?? 'auto';
  // A node told not to migrate must leave no empty database behind for the next start to trip on.
  if (mode === 'verify' && options.path !== ':memory:' && !existsSync(options.path)) {
    pendingMigrations(new Set(), SQLITE_MIGRATIONS, mode);
  }
  let db: Database.Database;
  try {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    db = new Database(options.path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    db.pragma(`cache_size = ${-1024 * (options.cacheMiB ?? 64)}`);
    db.pragma('temp_store = MEMORY');
    // Random STIX ids dirty one id-index page per row, so a 1,000-object commit writes ~5 MiB of
    // WAL; the default checkpoint every 1,000 pages then ran after every commit and halved
    // insert speed at 1M rows (bench/README.md). Checkpoint less often, and cap the file.
    db.pragma('wal_autocheckpoint = 16384');
    db.pragma(`journal_size_limit = ${256 * 1024 * 1024}`);
  } catch (error) {
    throw new HubError('CAIRN_STORE_UNAVAILABLE', `Cannot open the database "${options.path}"`, {
      cause: error,
    });
  }
  try {
    applyMigrations(db, mode);
  } catch (error) {
    db.close();
    throw translateSqliteError(error);
  }
  const clock = options.clock ?? createSystemClock();
  const keys = createCollectionKeys(db);
  const cipher = options.pciiKey === undefined ? undefined : createPciiCipher(options.pciiKey);
  // One process owns a SQLite store, so its change feed never leaves the process.
  const changes = createChangeEmitter();
  const onAdded = (collectionId: string) => changes.emit({ kind: 'added', collectionId });
  return {
    objects: createSqliteObjects(db, keys, clock, { ...(cipher === undefined ? {} : { cipher }), onAdded }),
    changes: changes.feed,
    pcii: createSqlitePcii(db, cipher, { onAdded }),
    statuses: createSqliteStatuses(db),
    tenancy: createSqliteTenancy(db),
    settings: createSqliteSettings(db),
    peers: createSqlitePeers(db),
    reviews: createSqliteReviews(db, { onAdded }),
    audit: createSqliteAudit(db),
    tableCopy: createSqliteTableCopy(db),
    ping: () => guarded(() => void db.prepare('SELECT 1').get()),
    close: async () => {
      if (db.open) db.close();
    },
  };
}

/**
 * Checks the schema against the code (pendingMigrations) and, with `auto`, applies what is
 * pending, one IMMEDIATE transaction each. Only `auto` writes, even the bookkeeping table.
 */
function applyMigrations(db: Database.Database, mode: MigrateMode): void {
  if (mode === 'auto') {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
  }
  const pending = pendingMigrations(appliedVersions(db), SQLITE_MIGRATIONS, mode);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
}

/** Versions recorded in `schema_migrations`; none when the table does not exist yet. */
function appliedVersions(db: Database.Database): Set<number> {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (table.get() === undefined) return new Set();
  const rows = db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[];
  return new Set(rows.map((r) => r.version));
}
