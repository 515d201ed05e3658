import { describe, expect, it } from 'vitest';
import type { CellValue, TableCopy } from '../store/index.js';
import { digestTable } from './table-digest.js';

const TABLE = { name: 't', key: ['id'] };

/** A TableCopy port over fixed rows (columns id, body, n, raw), served in `batch`-row batches. */
function rowsCopy(rows: readonly (readonly CellValue[])[], batch: number): TableCopy {
  const columns = ['id', 'body', 'n', 'raw'];
  return {
    async read(_table, options, onBatch) {
      const at = options.columns.map((c) => columns.indexOf(c));
      for (let i = 0; i < rows.length; i += batch)
        await onBatch(rows.slice(i, i + batch).map((r) => at.map((j) => r[j] ?? null)));
    },
  } as TableCopy;
}

const digest = (rows: readonly (readonly CellValue[])[], batch = 2) =>
  digestTable(rowsCopy(rows, batch), TABLE, {
    columns: ['raw', 'n', 'id', 'body'],
    jsonColumns: new Set(['body']),
    batchSize: batch,
  });

describe('digestTable (cairn migrate-store verification)', () => {
  const rows: CellValue[][] = [
    ['a', '{"x": 1, "y": [1, 2]}', 1, Buffer.from([1, 2, 3])],
    ['b', null, 2n ** 60n, null],
    ['c', '{"y":[1,2],"x":1}', 3, new Uint8Array([9])],
  ];

  it('gives the same digest and count however the rows are batched', async () => {
    expect(await digest(rows, 1)).toEqual(await digest(rows, 3));
    expect((await digest(rows)).rows).toBe(3);
  });

  it('treats JSON that differs only in spacing and key order as equal (jsonb against text)', async () => {
    const respaced = rows.map((r, i) => (i === 0 ? ['a', '{"y":[1,2],"x":1}', ...r.slice(2)] : r));
    expect(await digest(respaced)).toEqual(await digest(rows));
  });

  it('changes when any cell, a null, a byte or the row order changes', async () => {
    const base = (await digest(rows)).digest;
    const variants: CellValue[][][] = [
      rows.map((r, i) => (i === 1 ? ['b', null, 2n ** 60n + 1n, null] : r)),
      rows.map((r, i) => (i === 1 ? ['b', '', 2n ** 60n, null] : r)),
      rows.map((r, i) => (i === 2 ? ['c', r[1] as string, 3, new Uint8Array([8])] : r)),
      rows.map((r, i) => (i === 0 ? ['a', r[1] as string, '1', r[3] as CellValue] : r)),
      [rows[1] as CellValue[], rows[0] as CellValue[], rows[2] as CellValue[]],
    ];
    for (const v of variants) expect((await digest(v)).digest).not.toBe(base);
  });
});
