import type Database from 'better-sqlite3';
import type { SettingsRepository } from '../store.js';
import { guarded } from './translate-sqlite-error.js';

export function createSqliteSettings(db: Database.Database): SettingsRepository {
  const get = db.prepare('SELECT value FROM settings WHERE key = ?');
  const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  const read = (key: string) => (get.get(key) as { value: string } | undefined)?.value;
  return {
    get: (key) => guarded(() => read(key)),
    setIfAbsent: (key, value) =>
      guarded(() => {
        insert.run(key, value);
        return read(key) as string;
      }),
  };
}
