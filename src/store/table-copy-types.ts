/**
 * The bulk table-copy port of a store (`cairn migrate-store`): read a table's rows in key
 * order a batch at a time, insert batches verbatim, and inspect the catalog. Every adapter
 * implements it over the same engine-neutral cell values, so any adapter can be copied to
 * any other without the copier knowing either driver.
 */

/**
 * One cell as the copy carries it between engines: integers as numbers (a bigint only
 * beyond 2^53, which Cairn never stores), text and JSON as strings, binary as bytes, and
 * booleans as 0 or 1, the way the SQLite schema stores them.
 */
export type CellValue = null | number | bigint | string | Uint8Array;

/** What a column holds, independent of the engine's own type name. */
export type ColumnKind = 'integer' | 'boolean' | 'real' | 'text' | 'json' | 'blob';

export interface TableColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  /** The engine's own type name, for messages. */
  readonly declaredType: string;
}

/** A table and its primary key: the order its rows are read, written and digested in. */
export interface StoreTable {
  readonly name: string;
  readonly key: readonly string[];
}

export interface SchemaVersions {
  /** Migration versions recorded in the database, ascending. */
  readonly applied: readonly number[];
  /** Migration versions this code knows for the engine, ascending. */
  readonly known: readonly number[];
}

export interface TableReadOptions {
  /** Columns to read, in this order (every row holds one cell per column). */
  readonly columns: readonly string[];
  /** Start after this key (exclusive); absent: from the first row. */
  readonly after?: readonly CellValue[];
  /** Rows per batch. */
  readonly batchSize: number;
}

export interface TableCopy {
  /** Names of the tables in the store's schema, engine internals excluded. */
  listTables(): Promise<string[]>;
  /** Columns of a table in catalog order (generated columns excluded: they are not stored). */
  columns(table: string): Promise<TableColumn[]>;
  schemaVersions(): Promise<SchemaVersions>;
  count(table: string): Promise<number>;
  /**
   * Reads the table in key order (text compared as bytes, identical on every engine), one
   * batch at a time, awaiting `onBatch` before reading on: memory stays bounded by one batch.
   */
  read(
    table: StoreTable,
    options: TableReadOptions,
    onBatch: (rows: readonly (readonly CellValue[])[]) => Promise<void>,
  ): Promise<void>;
  /** The key of the last row in key order; undefined when the table is empty. */
  lastKey(table: StoreTable): Promise<CellValue[] | undefined>;
  /** Inserts rows exactly as given (one cell per column), atomically per call. */
  insert(
    table: string,
    columns: readonly TableColumn[],
    rows: readonly (readonly CellValue[])[],
  ): Promise<void>;
  /**
   * After a table is copied: makes generated keys (sequences) continue after the copied rows
   * and refreshes the planner's statistics.
   */
  finishTable(table: string): Promise<void>;
}
