import { describe, expect, it } from 'vitest';
import { EqualityTable } from './equality-table.js';

function entriesOf(table: EqualityTable, slot: number, value: string | number | boolean): number[] {
  const out: number[] = [];
  for (let n = table.lookup(slot, value); n >= 0; n = table.postings.nextOf(n))
    out.push(table.postings.valueOf(n));
  return out.sort((a, b) => a - b);
}

describe('EqualityTable (issue 4 equality keys)', () => {
  it('keeps slots, strings, numbers and booleans apart as a Map would', () => {
    const table = new EqualityTable();
    table.add(0, '1', 1);
    table.add(0, 1, 2);
    table.add(0, true, 3);
    table.add(1, '1', 4);
    table.add(0, -0, 5);
    expect(entriesOf(table, 0, '1')).toEqual([1]);
    expect(entriesOf(table, 0, 1)).toEqual([2]);
    expect(entriesOf(table, 0, true)).toEqual([3]);
    expect(entriesOf(table, 0, 'true')).toEqual([]);
    expect(entriesOf(table, 1, '1')).toEqual([4]);
    expect(entriesOf(table, 0, 0)).toEqual([5]);
  });

  it('finds every remaining value after heavy churn reclaims its character pool', () => {
    const table = new EqualityTable();
    const keys = new Map<number, number>();
    // Every third value needs UTF-16 storage, the rest one byte per unit.
    const value = (i: number) =>
      `https://host-${i}.example/${i % 3 === 1 ? '\u4e2d' : '\u00e9'.repeat(40)}/${i}`;
    for (let i = 0; i < 5000; i++) keys.set(i, table.add(i % 3, value(i), i));
    table.add(0, value(0), 99_999); // a second entry under an existing key
    for (let i = 0; i < 5000; i++) if (i % 10 !== 0) table.remove(keys.get(i) as number, i);
    expect(table.size).toBe(500);
    for (let i = 0; i < 5000; i++)
      expect(entriesOf(table, i % 3, value(i))).toEqual(i % 10 === 0 ? (i === 0 ? [0, 99_999] : [i]) : []);
    // Freed key numbers are reused without mixing values up.
    for (let i = 5000; i < 6000; i++) table.add(i % 3, value(i), i);
    for (let i = 4990; i < 6000; i++)
      expect(entriesOf(table, i % 3, value(i))).toEqual(i < 5000 && i % 10 !== 0 ? [] : [i]);
  });
});
