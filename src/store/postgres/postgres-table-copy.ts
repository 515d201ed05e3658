import { HubError } from '../../core/index.js';
import type { CellValue, ColumnKind, TableColumn, TableCopy } from '../table-copy-types.js';
import { quoteIdent } from './migrate-postgres.js';
import type { PgDatabase, PgQueryable } from './pg-database.js';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js';

interface CatalogColumn extends TableColumn {
  /** The catalog type name (int8, jsonb, …), which decides how a value is read. */
  readonly typname: string;
}

/** Catalog type names and what they hold; any other type is refused loudly. */
const KINDS: Readonly<Record<string, ColumnKind>> = {
  int2: 'integer',
  int4: 'integer',
  int8: 'integer',
  bool: 'boolean',
  float4: 'real',
  float8: 'real',
  text: 'text',
  varchar: 'text',
  json: 'json',
  jsonb: 'json',
  bytea: 'blob',
};

/**
 * The PostgreSQL side of `cairn migrate-store`. A table is read through one server-side
 * cursor in a REPEATABLE READ snapshot (one sort at most, then FETCH a batch at a time),
 * ordered with COLLATE "C" so text keys come in byte order, as SQLite's BINARY gives them.
 * Batches are written with one `unnest` INSERT per batch: one prepared statement per table.
 */
export function createPgTableCopy(db: PgDatabase): TableCopy {
  const catalog = new Map<string, Promise<CatalogColumn[]>>();
  const columnsOf = (table: string): Promise<CatalogColumn[]> => {
    let found = catalog.get(table);
    if (found === undefined) {
      found = readColumns(db, table);
      catalog.set(table, found);
      found.catch(() => catalog.delete(table));
    }
    return found;
  };
  const selectList = async (table: string, names: readonly string[]) => {
    const all = await columnsOf(table);
    return names.map((name) => {
      const column = all.find((c) => c.name === name);
      if (column === undefined) throw new TypeError(`Table ${table} has no column ${name}`);
      return column;
    });
  };
  return {
    async listTables() {
      const { rows } = await db.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
      );
      return rows.map((r) => r.name);
    },
    columns: async (table) =>
      (await columnsOf(table)).map(({ name, kind, declaredType }) => ({ name, kind, declaredType })),
    async schemaVersions() {
      const { rows } = await db.query<{ t: string | null }>(
        "SELECT to_regclass('schema_migrations')::text AS t",
      );
      const applied =
        rows[0]?.t === null || rows[0]?.t === undefined
          ? []
          : (
              await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
            ).rows.map((r) => r.version);
      return { applied, known: POSTGRES_MIGRATIONS.map((m) => m.version).sort((a, b) => a - b) };
    },
    async count(table) {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`);
      return Number(rows[0]?.n ?? 0);
    },
    async read(table, options, onBatch) {
      const columns = await selectList(table.name, options.columns);
      const keys = await selectList(table.name, table.key);
      const after = options.after;
      const where =
        after === undefined
          ? ''
          : ` WHERE (${keyTerms(keys).join(', ')}) > (${keys.map((k, i) => `$${i + 1}::${k.declaredType}`).join(', ')})`;
      const sql = `SELECT ${columns.map(readExpression).join(', ')} FROM ${quoteIdent(table.name)}${where} ORDER BY ${keyTerms(keys).join(', ')}`;
      const batch = Math.max(1, Math.floor(options.batchSize));
      await db.session(async (conn) => {
        await conn.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        try {
          // The one sort of a large table may take longer than a request's statement limit.
          await conn.query('SET LOCAL statement_timeout = 0');
          await conn.query(
            `DECLARE cairn_copy NO SCROLL CURSOR FOR ${sql}`,
            after === undefined ? [] : after.map(toPg),
          );
          for (;;) {
            const { rows } = await conn.query<Record<string, unknown>>(`FETCH ${batch} FROM cairn_copy`);
            if (rows.length > 0) await onBatch(rows.map((r) => columns.map((c, i) => decode(c, r[`c${i}`]))));
            if (rows.length < batch) break;
          }
          await conn.query('COMMIT');
        } catch (error) {
          await conn.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    },
    async lastKey(table) {
      const keys = await selectList(table.name, table.key);
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT ${keys.map(readExpression).join(', ')} FROM ${quoteIdent(table.name)}
         ORDER BY ${keyTerms(keys)
           .map((t) => `${t} DESC`)
           .join(', ')} LIMIT 1`,
      );
      const row = rows[0];
      return row === undefined ? undefined : keys.map((k, i) => decode(k, row[`c${i}`]));
    },
    async insert(table, columns, rows) {
      if (rows.length === 0) return;
      // One array per column, cast to the column's own type: booleans arrive as 0/1 and
      // JSON as text, which PostgreSQL's input functions for bool and jsonb accept.
      const arrays = columns.map((_, i) => rows.map((r) => toPg(r[i] ?? null)));
      await db.query(
        `INSERT INTO ${quoteIdent(table)} (${columns.map((c) => quoteIdent(c.name)).join(', ')})
         SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.declaredType}[]`).join(', ')})`,
        arrays,
      );
    },
    async finishTable(table) {
      await resetSequences(db, table);
      // Fresh statistics, or the planner takes the copied table for an empty one until
      // autovacuum gets to it (docs/scale-out.md, "Planner statistics").
      await db.query(`ANALYZE ${quoteIdent(table)}`);
    },
  };
}

async function readColumns(db: PgQueryable, table: string): Promise<CatalogColumn[]> {
  const { rows } = await db.query<{ name: string; declared: string; typname: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS declared, t.typname AS typname
     FROM pg_attribute a
     JOIN pg_class c ON c.oid = a.attrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_type t ON t.oid = a.atttypid
     WHERE n.nspname = current_schema() AND c.relname = $1 AND a.attnum > 0
       AND NOT a.attisdropped AND a.attgenerated = ''
     ORDER BY a.attnum`,
    [table],
  );
  return rows.map((r) => {
    const kind = KINDS[r.typname];
    if (kind === undefined) {
      throw new HubError(
        'CAIRN_CONFIG_INVALID',
        `Column ${table}.${r.name} has the type ${r.declared}, which migrate-store cannot copy: add it to postgres-table-copy.ts`,
      );
    }
    return { name: r.name, kind, declaredType: r.declared, typname: r.typname };
  });
}

/** BIGSERIAL and identity columns continue after the largest copied key. */
async function resetSequences(db: PgQueryable, table: string): Promise<void> {
  const { rows } = await db.query<{ name: string; seq: string }>(
    `SELECT a.attname AS name, pg_get_serial_sequence($1, a.attname) AS seq
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
       AND pg_get_serial_sequence($1, a.attname) IS NOT NULL`,
    [quoteIdent(table), table],
  );
  for (const { name, seq } of rows) {
    await db.query(
      `SELECT setval($1::regclass, coalesce((SELECT max(${quoteIdent(name)}) FROM ${quoteIdent(table)}), 0) + 1, false)`,
      [seq],
    );
  }
}

/**
 * How a column is selected: BIGINT as text (exact beyond 2^53), booleans as 0/1, JSON as
 * its text. Aliased by position, so any column name is safe.
 */
function readExpression(column: CatalogColumn, index: number): string {
  const name = quoteIdent(column.name);
  const expression =
    column.typname === 'int8' || column.kind === 'json'
      ? `${name}::text`
      : column.kind === 'boolean'
        ? `${name}::int`
        : name;
  return `${expression} AS c${index}`;
}

function decode(column: CatalogColumn, value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (column.typname === 'int8') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : BigInt(value as string);
  }
  return value as CellValue;
}

/** Key columns compared as bytes: the order SQLite's BINARY collation gives. */
function keyTerms(keys: readonly CatalogColumn[]): string[] {
  return keys.map((k) => (k.kind === 'text' ? `${quoteIdent(k.name)} COLLATE "C"` : quoteIdent(k.name)));
}

function toPg(value: CellValue): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
