import { performance } from 'node:perf_hooks';
import { HubError, isHubError } from '../core/index.js';
import type { CellValue, Store, TableCopy } from '../store/index.js';
import { planStoreCopy, requireKnownSchema, type TablePlan } from './plan-store-copy.js';
import { describeStoreLocation, openStoreAt, type StoreLocation } from './store-location.js';
import { digestTable } from './table-digest.js';
import { type AuditTrailVerdict, verifyAuditTrail } from './verify-audit-trail.js';

export interface StoreCopyOptions {
  readonly from: StoreLocation;
  readonly to: StoreLocation;
  /**
   * Complete a copy that stopped: each table's rows already in the target (a prefix in key
   * order, since batches are written in that order) are kept and the rest appended.
   */
  readonly resume?: boolean;
  /** Compare the two stores without copying. */
  readonly verifyOnly?: boolean;
  /** Rows per read and write batch (default 1,000): what bounds memory. */
  readonly batchSize?: number;
  readonly onProgress?: (event: StoreCopyProgress) => void;
}

export type StoreCopyProgress =
  | { readonly phase: 'copy'; readonly table: string; readonly copied: number; readonly total: number }
  | { readonly phase: 'verify'; readonly table: string };

/** One table compared on both sides. */
export interface TableVerdict {
  readonly table: string;
  /** Rows this run wrote (0 with verifyOnly). */
  readonly copied: number;
  readonly sourceRows: number;
  readonly targetRows: number;
  readonly sourceDigest: string;
  readonly targetDigest: string;
  readonly ok: boolean;
}

export interface StoreCopyReport {
  readonly from: string;
  readonly to: string;
  readonly ok: boolean;
  readonly tables: readonly TableVerdict[];
  /** Listed tables only one engine has (nothing to copy). */
  readonly skipped: readonly string[];
  /** The audit hash chain verified on the target. */
  readonly audit: AuditTrailVerdict;
  readonly copiedRows: number;
  readonly copyMs: number;
  readonly verifyMs: number;
}

/**
 * `cairn migrate-store`: copies every table of a hub's store to another store, verbatim and
 * in key order (object versions keep their seq and date_added, so TAXII pages and `next`
 * cursors, signed with the copied settings' key, work unchanged; the audit log keeps its hash
 * chain), then verifies the copy: row counts and a canonical digest per table on both sides,
 * and the audit chain on the target. The target is migrated first and must be empty unless
 * `resume` is set. Rows move a batch at a time, so memory does not grow with the hub.
 *
 * @throws HubError CAIRN_CONFIG_INVALID for a schema this code does not know (see
 *   planStoreCopy), CAIRN_CONFLICT when the target already holds data and `resume` is not set.
 */
export async function copyStore(options: StoreCopyOptions): Promise<StoreCopyReport> {
  const batchSize = options.batchSize ?? 1000;
  const source = await openStoreAt(options.from, 'never');
  let target: Store | undefined;
  try {
    // A source that cannot be copied is refused before the target is created or migrated.
    await requireKnownSchema(source.tableCopy, 'source');
    target = await openStoreAt(options.to, options.verifyOnly === true ? 'never' : 'auto');
    const plan = await planStoreCopy(source.tableCopy, target.tableCopy);
    const copied = new Map<string, number>();
    const started = performance.now();
    if (options.verifyOnly !== true) {
      if (options.resume !== true) await requireEmpty(target.tableCopy, plan.tables);
      for (const table of plan.tables) {
        copied.set(
          table.table.name,
          await copyTable(source.tableCopy, target.tableCopy, table, options, batchSize),
        );
      }
    }
    const copyMs = performance.now() - started;
    const tables: TableVerdict[] = [];
    for (const table of plan.tables) {
      options.onProgress?.({ phase: 'verify', table: table.table.name });
      tables.push(await compareTable(source.tableCopy, target.tableCopy, table, copied, batchSize));
    }
    const audit = await verifyAuditTrail(target);
    return {
      from: describeStoreLocation(options.from),
      to: describeStoreLocation(options.to),
      ok: audit.ok && tables.every((t) => t.ok),
      tables,
      skipped: plan.skipped,
      audit,
      copiedRows: [...copied.values()].reduce((a, b) => a + b, 0),
      copyMs: Math.round(copyMs),
      verifyMs: Math.round(performance.now() - started - copyMs),
    };
  } finally {
    await target?.close();
    await source.close();
  }
}

/** A hub (even one started once: it bootstraps an admin) is never overwritten. */
async function requireEmpty(target: TableCopy, tables: readonly TablePlan[]): Promise<void> {
  const filled: string[] = [];
  for (const { table } of tables) {
    const rows = await target.count(table.name);
    if (rows > 0) filled.push(`${table.name} (${rows})`);
  }
  if (filled.length > 0) {
    throw new HubError(
      'CAIRN_CONFLICT',
      `The target already holds data in ${filled.join(', ')}: refusing to overwrite it. Copy into an empty database or schema, or pass --resume to complete a copy of this same source that stopped`,
    );
  }
}

async function copyTable(
  source: TableCopy,
  target: TableCopy,
  plan: TablePlan,
  options: StoreCopyOptions,
  batchSize: number,
): Promise<number> {
  const name = plan.table.name;
  try {
    const after = options.resume === true ? await target.lastKey(plan.table) : undefined;
    const total = await source.count(name);
    let copied = 0;
    options.onProgress?.({ phase: 'copy', table: name, copied, total });
    // One write in flight while the next batch is read: the engines overlap, memory holds
    // two batches, and batches still commit one after another in key order (what resume needs).
    let writing: Promise<void> = Promise.resolve();
    const write = async (rows: readonly (readonly CellValue[])[]) => {
      await target.insert(name, plan.columns, rows);
      copied += rows.length;
      options.onProgress?.({ phase: 'copy', table: name, copied, total });
    };
    try {
      await source.read(
        plan.table,
        { columns: plan.columns.map((c) => c.name), batchSize, ...(after === undefined ? {} : { after }) },
        async (rows) => {
          await writing;
          writing = write(rows);
          // Awaited on the next batch or below; this only keeps a failure from going unheard meanwhile.
          writing.catch(() => undefined);
        },
      );
    } finally {
      await writing;
    }
    await target.finishTable(name);
    return copied;
  } catch (error) {
    if (!isHubError(error)) throw error;
    throw new HubError(error.code, `Cannot copy table ${name}: ${error.message}`, { cause: error });
  }
}

async function compareTable(
  source: TableCopy,
  target: TableCopy,
  plan: TablePlan,
  copied: ReadonlyMap<string, number>,
  batchSize: number,
): Promise<TableVerdict> {
  const options = { columns: plan.columns.map((c) => c.name), jsonColumns: plan.jsonColumns, batchSize };
  const [from, to] = await Promise.all([
    digestTable(source, plan.table, options),
    digestTable(target, plan.table, options),
  ]);
  return {
    table: plan.table.name,
    copied: copied.get(plan.table.name) ?? 0,
    sourceRows: from.rows,
    targetRows: to.rows,
    sourceDigest: from.digest,
    targetDigest: to.digest,
    ok: from.rows === to.rows && from.digest === to.digest,
  };
}
