import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_TABLES } from '../../src/store/sql/store-tables.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * `cairn migrate-store` (issue 6, docs/scale-out.md "Moving a hub from SQLite to
 * PostgreSQL"): bad arguments, and the stores it refuses to copy, run as the CLI runs. These
 * need no PostgreSQL; the move itself is in migrate-store.test.ts.
 */
type Obj = Record<string, unknown>;
const ADMIN_PASSWORD = 'migrate-store-admin-password';
const migrateStore = (...args: string[]) => runCli(['migrate-store', ...args]);

describe('cairn migrate-store: arguments and refusals', () => {
  let dir: string;
  let source: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-migrate-store-'));
    source = join(dir, 'source');
    const created = await runCli(['org', 'add', 'acme', '--class', 'private', '--data', source], {
      env: { CAIRN_ADMIN_PASSWORD: ADMIN_PASSWORD },
    });
    expect(created.code).toBe(0);
  }, 60_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [[], /--from is required/],
    [['--from', 'sqlite:x.db'], /--to is required/],
    [
      ['--from', 'mysql://db/cairn', '--to', 'sqlite:y.db'],
      /--from must be sqlite:PATH or a postgres:\/\/ URL/,
    ],
    [['--from', 'sqlite:x.db', '--to', 'sqlite:x.db'], /--from and --to name the same store/],
    [['--from', 'sqlite:x.db', '--to', 'sqlite:y.db', '--batch-size', '0'], /--batch-size must be/],
    [['--from', 'sqlite:x.db', '--to', 'sqlite:y.db', '--resume', '--verify-only'], /exclude each other/],
    [['--from', 'sqlite:x.db', '--to', 'sqlite:y.db', '--colour'], /Unknown option '--colour'/],
  ])('bad arguments %j exit 2 with the reason and the usage', async (args, reason) => {
    const res = await migrateStore(...args);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(reason);
    expect(res.stderr).toContain('Usage: cairn migrate-store --from');
  });

  it('a source that does not exist fails with exit 1 and creates nothing', async () => {
    const res = await migrateStore(
      '--from',
      `sqlite:${join(dir, 'missing.db')}`,
      '--to',
      `sqlite:${join(dir, 'm.db')}`,
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/CAIRN_INVALID_INPUT: Cannot find the SQLite store ".*missing\.db"/);
    expect(existsSync(join(dir, 'm.db'))).toBe(false);
  });

  it('copies SQLite to SQLite too, and verifies the copy', async () => {
    const res = await migrateStore(
      '--from',
      `sqlite:${source}`,
      '--to',
      `sqlite:${join(dir, 'copy.db')}`,
      '--json',
    );
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.ok).toBe(true);
    expect(report.tables.find((t: Obj) => t.table === 'organisations')).toMatchObject({
      copied: 2,
      sourceRows: 2,
      targetRows: 2,
      ok: true,
    });
  });

  it('refuses a source holding a table that store-tables.ts does not list, naming it', async () => {
    const odd = join(dir, 'odd');
    expect((await runCli(['org', 'add', 'acme', '--class', 'private', '--data', odd])).code).toBe(0);
    const db = new Database(join(odd, 'cairn.db'));
    db.exec('CREATE TABLE webhooks (id TEXT PRIMARY KEY, url TEXT NOT NULL)');
    db.close();
    const res = await migrateStore('--from', `sqlite:${odd}`, '--to', `sqlite:${join(dir, 'odd-copy.db')}`);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      /CAIRN_CONFIG_INVALID: The source holds table\(s\) "webhooks" that src\/store\/sql\/store-tables\.ts does not list/,
    );
    expect(existsSync(join(dir, 'odd-copy.db')), 'the target is not even created').toBe(false);
  });

  it('refuses a source whose schema version differs from the code', async () => {
    const newer = join(dir, 'newer');
    expect((await runCli(['org', 'add', 'acme', '--class', 'private', '--data', newer])).code).toBe(0);
    const db = new Database(join(newer, 'cairn.db'));
    db.prepare(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2030-01-01')",
    ).run();
    db.close();
    const res = await migrateStore(
      '--from',
      `sqlite:${newer}`,
      '--to',
      `sqlite:${join(dir, 'newer-copy.db')}`,
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      /CAIRN_SCHEMA_MISMATCH: The database schema is at version 99, newer than this Cairn/,
    );
  });

  it('every table the SQLite migrations create is listed, once, with its key columns', async () => {
    const names = STORE_TABLES.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    const db = new Database(join(source, 'cairn.db'), { readonly: true });
    try {
      const tables = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as { name: string }[];
      for (const { name } of tables) if (name !== 'schema_migrations') expect(names).toContain(name);
      for (const t of STORE_TABLES.filter((s) => tables.some((x) => x.name === s.name))) {
        const columns = (
          db.prepare('SELECT name FROM pragma_table_info(?)').all(t.name) as { name: string }[]
        ).map((c) => c.name);
        for (const k of t.key) expect(columns, t.name).toContain(k);
      }
    } finally {
      db.close();
    }
  });
});
