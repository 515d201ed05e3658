import type Database from 'better-sqlite3';
import type { CellValue, ColumnKind, StoreTable, TableCopy } from '../table-copy-types.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import { guarded } from './translate-sqlite-error.js';

type Row = readonly CellValue[];

/**
 * The SQLite side of `cairn migrate-store`. Reads are keyset pages on the primary key
 * (an index walk, compared with BINARY collation: byte order, as PostgreSQL's "C"), so each
 * batch costs the same however far into the table it starts.
 */
export function createSqliteTableCopy(db: Database.Database): TableCopy {
  return {
    listTables: () =>
      guarded(() =>
        (
          db
            .prepare(
              "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            )
            .all() as { name: string }[]
        ).map((r) => r.name),
      ),
    columns: (table) =>
      guarded(() =>
        // table_info leaves out generated columns, which are computed, not stored.
        (
          db.prepare('SELECT name, type FROM pragma_table_info(?) ORDER BY cid').all(table) as {
            name: string;
            type: string;
          }[]
        ).map((c) => ({ name: c.name, kind: kindOf(c.type), declaredType: c.type })),
      ),
    schemaVersions: () =>
      guarded(() => {
        const exists = db
          .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
          .get();
        const applied =
          exists === undefined
            ? []
            : (
                db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as {
                  version: number;
                }[]
              ).map((r) => r.version);
        return { applied, known: SQLITE_MIGRATIONS.map((m) => m.version).sort((a, b) => a - b) };
      }),
    count: (table) =>
      guarded(() => (db.prepare(`SELECT count(*) AS n FROM ${quote(table)}`).get() as { n: number }).n),
    async read(table, options, onBatch) {
      const keyAt = table.key.map((k) => options.columns.indexOf(k));
      if (keyAt.some((i) => i < 0))
        throw new TypeError(`The columns read from ${table.name} must include its key`);
      const select = `SELECT ${options.columns.map(quote).join(', ')} FROM ${quote(table.name)}`;
      const order = `ORDER BY ${keyList(table)} LIMIT ?`;
      const first = await guarded(() => db.prepare(`${select} ${order}`).raw(true).safeIntegers(true));
      const next = await guarded(() =>
        db
          .prepare(
            `${select} WHERE (${keyTerms(table).join(', ')}) > (${table.key.map(() => '?').join(', ')}) ${order}`,
          )
          .raw(true)
          .safeIntegers(true),
      );
      let after = options.after;
      for (;;) {
        const from = after;
        const rows = await guarded(() =>
          (from === undefined ? first.all(options.batchSize) : next.all(...from, options.batchSize)).map(
            (r) => (r as unknown[]).map(toCell),
          ),
        );
        if (rows.length > 0) await onBatch(rows);
        if (rows.length < options.batchSize) return;
        const last = rows[rows.length - 1] as Row;
        after = keyAt.map((i) => last[i] as CellValue);
      }
    },
    lastKey: (table) =>
      guarded(() => {
        const row = db
          .prepare(
            `SELECT ${table.key.map(quote).join(', ')} FROM ${quote(table.name)} ORDER BY ${keyList(table, 'DESC')} LIMIT 1`,
          )
          .raw(true)
          .safeIntegers(true)
          .get() as unknown[] | undefined;
        return row?.map(toCell);
      }),
    insert: (table, columns, rows) =>
      guarded(() => {
        const insert = db.prepare(
          `INSERT INTO ${quote(table)} (${columns.map((c) => quote(c.name)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        );
        db.transaction(() => {
          for (const row of rows) insert.run(...row.map(toSqlite));
        }).immediate();
      }),
    // INTEGER PRIMARY KEY (rowid) tables continue after the largest key by themselves, and
    // SQLite keeps sqlite_sequence (AUTOINCREMENT) above every explicitly inserted key.
    finishTable: async () => undefined,
  };
}

/** SQLite's type affinity rules (datatype3.html §3.1), plus the JSON and boolean spellings. */
function kindOf(declared: string): ColumnKind {
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'integer';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'text';
  if (t.includes('BLOB') || t === '') return 'blob';
  if (t.includes('JSON')) return 'json';
  if (t.includes('BOOL')) return 'boolean';
  return 'real';
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const MIN = BigInt(Number.MIN_SAFE_INTEGER);

/** Read with safeIntegers, so a key beyond 2^53 stays exact instead of silently rounding. */
function toCell(value: unknown): CellValue {
  if (typeof value === 'bigint') return value >= MIN && value <= MAX ? Number(value) : value;
  return value as CellValue;
}

function toSqlite(value: CellValue): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value) : value;
}

/** The key columns compared as bytes (BINARY is also what their indexes use). */
function keyTerms(table: StoreTable): string[] {
  return table.key.map((k) => `${quote(k)} COLLATE BINARY`);
}

function keyList(table: StoreTable, direction: 'ASC' | 'DESC' = 'ASC'): string {
  return keyTerms(table)
    .map((term) => `${term} ${direction}`)
    .join(', ');
}

/** Table and column names come from the catalog; quoted so any name is safe. */
function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
