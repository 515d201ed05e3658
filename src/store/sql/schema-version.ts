import { HubError } from '../../core/index.js';

/**
 * What opening a store may do to its schema:
 * - `auto` applies pending migrations (the default, and `cairn migrate`);
 * - `verify` changes nothing and refuses any schema but exactly this code's (a node started
 *   with `database.migrateOnStart` false, after `cairn migrate`);
 * - `never` changes nothing and refuses pending migrations as a configuration problem (the
 *   source of `cairn migrate-store`, which checks the schema itself with its own message).
 */
export type MigrateMode = 'auto' | 'verify' | 'never';

/**
 * The migrations a database still needs, after refusing what `mode` does not allow. A
 * database holding a migration this code does not know was written by a newer Cairn and is
 * refused in every mode: older code could misread or damage it.
 *
 * @throws HubError CAIRN_SCHEMA_MISMATCH for a newer database, or pending migrations with
 *   `verify`; CAIRN_CONFIG_INVALID for pending migrations with `never`.
 */
export function pendingMigrations<M extends { readonly version: number }>(
  applied: ReadonlySet<number>,
  migrations: readonly M[],
  mode: MigrateMode,
): M[] {
  const known = new Set(migrations.map((m) => m.version));
  const current = Math.max(0, ...applied);
  const latest = Math.max(0, ...known);
  const unknown = [...applied].filter((v) => !known.has(v)).sort((a, b) => a - b);
  if (unknown.length > 0) {
    throw new HubError(
      'CAIRN_SCHEMA_MISMATCH',
      `The database schema is at version ${current}, newer than this Cairn (version ${latest}) knows: migration(s) ${unknown.join(', ')} come from a later release; upgrade Cairn instead`,
    );
  }
  const pending = migrations.filter((m) => !applied.has(m.version));
  if (pending.length === 0 || mode === 'auto') return pending;
  if (mode === 'verify') {
    throw new HubError(
      'CAIRN_SCHEMA_MISMATCH',
      `The database schema is at version ${current} but this Cairn needs version ${latest} (${pending.length} migration(s) pending) and database.migrateOnStart is false: run "cairn migrate" first`,
    );
  }
  throw new HubError(
    'CAIRN_CONFIG_INVALID',
    `The database needs ${pending.length} migration(s): run "cairn migrate"`,
  );
}
