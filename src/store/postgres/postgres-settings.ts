import type { SettingsRepository } from '../store.js';
import type { PgQueryable } from './pg-database.js';

/** The PostgreSQL SettingsRepository: first writer wins, across nodes too. */
export function createPgSettings(db: PgQueryable): SettingsRepository {
  const read = async (key: string) =>
    (await db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key])).rows[0]?.value;
  return {
    get: read,
    async setIfAbsent(key, value) {
      // One statement, so two nodes bootstrapping at once agree on the value in force.
      const { rows } = await db.query<{ value: string }>(
        `WITH ins AS (INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING value)
         SELECT value FROM ins UNION ALL SELECT value FROM settings WHERE key = $1`,
        [key, value],
      );
      return rows[0]?.value ?? ((await read(key)) as string);
    },
  };
}
