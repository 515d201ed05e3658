import { describe, expect, it } from 'vitest';
import { BloomFilter } from './bloom-filter.js';

describe('BloomFilter (index pre-check)', () => {
  it('never forgets an added value, across growth', () => {
    const f = new BloomFilter(4);
    const values: (string | number | boolean)[] = [];
    let filter = f;
    for (let i = 0; i < 5000; i++) {
      const v = i % 3 === 0 ? i : i % 3 === 1 ? `v${i}` : i % 2 === 0;
      values.push(v);
      if (!filter.add(v)) filter = BloomFilter.of(values, values.length * 2);
    }
    for (const v of values) expect(filter.mightContain(v)).toBe(true);
  });

  it('rejects almost every value it has not seen', () => {
    const f = BloomFilter.of(
      Array.from({ length: 10_000 }, (_, i) => `198.51.${i >> 8}.${i & 255}`),
      20_000,
    );
    let falsePositives = 0;
    for (let i = 0; i < 10_000; i++) if (f.mightContain(`203.0.${i >> 8}.${i & 255}`)) falsePositives++;
    expect(falsePositives).toBeLessThan(200);
  });

  it('keeps the number 1 and the string "1" apart', () => {
    const f = BloomFilter.of([1], 10);
    expect(f.mightContain(1)).toBe(true);
    expect(f.mightContain('1')).toBe(false);
  });
});
