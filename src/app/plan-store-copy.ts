import { HubError } from '../core/index.js';
import type { ColumnKind, StoreTable, TableColumn, TableCopy } from '../store/index.js';
import { STORE_TABLES, UNCOPIED_TABLES } from '../store/sql/store-tables.js';

/** One table to copy: read by target column names from the source, written to the target. */
export interface TablePlan {
  readonly table: StoreTable;
  /** The target's columns in its catalog order; the source is read in this order. */
  readonly columns: readonly TableColumn[];
  /** Columns that hold JSON on either side (digested as canonical JSON). */
  readonly jsonColumns: ReadonlySet<string>;
}

export interface StoreCopyPlan {
  readonly tables: readonly TablePlan[];
  /** Listed tables that only one of the two engines has (engine-specific, nothing to copy). */
  readonly skipped: readonly string[];
}

/**
 * Checks that source and target hold the schema this code knows and builds the copy plan
 * from their catalogs: STORE_TABLES in order, with the columns each side really has, so a
 * column added by a later migration is copied without code changes.
 *
 * @throws HubError CAIRN_CONFIG_INVALID when either side's schema version differs from the
 *   code's, when either holds a table STORE_TABLES does not list, or when a table or column
 *   of one side is missing or incompatible on the other.
 */
export async function planStoreCopy(source: TableCopy, target: TableCopy): Promise<StoreCopyPlan> {
  const sourceTables = await requireKnownSchema(source, 'source');
  const targetTables = await requireKnownSchema(target, 'target');
  const tables: TablePlan[] = [];
  const skipped: string[] = [];
  for (const table of STORE_TABLES) {
    const inSource = sourceTables.has(table.name);
    if (inSource !== targetTables.has(table.name)) {
      if (inSource) fail(`The target has no table "${table.name}" that the source has`);
      skipped.push(table.name);
      continue;
    }
    if (!inSource) continue;
    tables.push(await planTable(table, await source.columns(table.name), await target.columns(table.name)));
  }
  return { tables, skipped };
}

/**
 * Checks one side alone (the source is checked before the target is even opened): its
 * migrations are this code's and every table it holds is listed. Returns its tables.
 *
 * @throws HubError CAIRN_CONFIG_INVALID otherwise.
 */
export async function requireKnownSchema(
  copy: TableCopy,
  side: 'source' | 'target',
): Promise<ReadonlySet<string>> {
  await requireCurrentSchema(copy, side);
  const tables = new Set(await copy.listTables());
  requireKnownTables(tables, side);
  return tables;
}

async function requireCurrentSchema(copy: TableCopy, side: 'source' | 'target'): Promise<void> {
  const { applied, known } = await copy.schemaVersions();
  if (applied.join(',') !== known.join(',')) {
    const at = (versions: readonly number[]) => (versions.length === 0 ? 'none' : versions.join(', '));
    fail(
      `The ${side} schema has migrations ${at(applied)} but this Cairn has ${at(known)}: run the same Cairn version on both (upgrade the ${side} with "cairn migrate")`,
    );
  }
}

function requireKnownTables(tables: ReadonlySet<string>, side: 'source' | 'target'): void {
  const listed = new Set([...STORE_TABLES.map((t) => t.name), ...UNCOPIED_TABLES]);
  const unknown = [...tables].filter((t) => !listed.has(t));
  if (unknown.length > 0) {
    fail(
      `The ${side} holds table(s) ${unknown.map((t) => `"${t}"`).join(', ')} that src/store/sql/store-tables.ts does not list: refusing an incomplete copy (add them to STORE_TABLES)`,
    );
  }
}

async function planTable(
  table: StoreTable,
  sourceColumns: readonly TableColumn[],
  targetColumns: readonly TableColumn[],
): Promise<TablePlan> {
  const bySource = new Map(sourceColumns.map((c) => [c.name, c]));
  const jsonColumns = new Set<string>();
  for (const column of targetColumns) {
    const from = bySource.get(column.name);
    if (from === undefined) fail(`The source table "${table.name}" has no column "${column.name}"`);
    if (!compatible(from.kind, column.kind)) {
      fail(
        `Column ${table.name}.${column.name} is ${from.declaredType} in the source and ${column.declaredType} in the target`,
      );
    }
    if (from.kind === 'json' || column.kind === 'json') jsonColumns.add(column.name);
    bySource.delete(column.name);
  }
  const extra = [...bySource.keys()];
  if (extra.length > 0) fail(`The target table "${table.name}" has no column "${extra.join('", "')}"`);
  const names = new Set(targetColumns.map((c) => c.name));
  const missingKey = table.key.filter((k) => !names.has(k));
  if (missingKey.length > 0) fail(`Table "${table.name}" has no key column "${missingKey.join('", "')}"`);
  return { table, columns: targetColumns, jsonColumns };
}

/** Kinds one engine may store as the other: SQLite keeps booleans as integers, JSON as text. */
function compatible(from: ColumnKind, to: ColumnKind): boolean {
  if (from === to) return true;
  const pair = new Set([from, to]);
  return (pair.has('integer') && pair.has('boolean')) || (pair.has('text') && pair.has('json'));
}

function fail(message: string): never {
  throw new HubError('CAIRN_CONFIG_INVALID', message);
}
