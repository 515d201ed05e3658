import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/index.js';
import type { CellValue, StoreTable, TableCopy } from '../store/index.js';

/** A table's row count and the SHA-256 of its rows in canonical form and key order. */
export interface TableDigest {
  readonly rows: number;
  readonly digest: string;
}

/**
 * Digests a table so that two engines holding the same rows give the same digest: columns
 * by name, rows in key order (text keys in byte order on every engine), each cell tagged
 * with what it is, numbers in decimal, bytes in base64, and JSON columns in canonical JSON
 * (PostgreSQL's jsonb re-spaces and re-orders what it stores). Reads one batch at a time.
 *
 * @param jsonColumns columns holding JSON on either side.
 */
export async function digestTable(
  copy: TableCopy,
  table: StoreTable,
  options: {
    readonly columns: readonly string[];
    readonly jsonColumns: ReadonlySet<string>;
    readonly batchSize: number;
  },
): Promise<TableDigest> {
  const columns = [...options.columns].sort();
  const isJson = columns.map((c) => options.jsonColumns.has(c));
  const hash = createHash('sha256');
  let rows = 0;
  await copy.read(table, { columns, batchSize: options.batchSize }, async (batch) => {
    for (const row of batch) {
      hash.update(`${JSON.stringify(row.map((cell, i) => canonicalCell(cell, isJson[i] === true)))}\n`);
    }
    rows += batch.length;
  });
  return { rows, digest: hash.digest('hex') };
}

function canonicalCell(cell: CellValue, json: boolean): string | null {
  if (cell === null) return null;
  if (typeof cell === 'number' || typeof cell === 'bigint') return `n:${cell}`;
  if (typeof cell === 'string') return json ? `j:${canonicalJsonText(cell)}` : `s:${cell}`;
  return `b:${Buffer.from(cell.buffer, cell.byteOffset, cell.byteLength).toString('base64')}`;
}

/** Text that is not JSON is compared as it is: a difference still shows. */
function canonicalJsonText(text: string): string {
  try {
    return canonicalJson(JSON.parse(text) as object);
  } catch {
    return `!${text}`;
  }
}
