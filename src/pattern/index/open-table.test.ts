import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpenTable } from './open-table.js';

function payloadsUnder(table: OpenTable, hash: number): number[] {
  const out: number[] = [];
  for (let c = table.first(hash); c >= 0; c = table.next(c, hash)) out.push(table.payload(c));
  return out.sort((a, b) => a - b);
}

describe('OpenTable (issue 4 index storage)', () => {
  // Few distinct hashes and payloads force long probe runs, wrap-around and shifts on removal.
  const op = fc.record({
    insert: fc.boolean(),
    hash: fc.integer({ min: -40, max: 40 }),
    payload: fc.nat(30),
    pick: fc.nat(),
  });

  it('agrees with a map of hash → payloads through any inserts and removals (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const table = new OpenTable(1);
        const model = new Map<number, number[]>();
        for (const { insert, hash, payload, pick } of ops) {
          const held = [...model].flatMap(([h, ps]) => ps.map((p) => [h, p] as const));
          if (insert || held.length === 0) {
            table.insert(hash, payload);
            model.set(hash, [...(model.get(hash) ?? []), payload]);
            continue;
          }
          // Mostly remove something held (that is what shifts cells), sometimes something absent.
          const [h, p] =
            pick % 5 === 0 ? [hash, payload + 100] : (held[pick % held.length] as readonly [number, number]);
          const list = model.get(h) ?? [];
          const i = list.indexOf(p);
          expect(table.remove(h, p)).toBe(i >= 0);
          if (i >= 0) list.splice(i, 1);
        }
        let total = 0;
        for (let h = -40; h <= 40; h++) {
          const expected = [...(model.get(h) ?? [])].sort((a, b) => a - b);
          total += expected.length;
          expect(payloadsUnder(table, h)).toEqual(expected);
        }
        expect(table.size).toBe(total);
      }),
      { numRuns: 300 },
    );
  });
});
