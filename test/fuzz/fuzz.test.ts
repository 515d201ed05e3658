import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fuzz } from './coverage-fuzzer.js';
import { FUZZ_TARGETS } from './fuzz-targets.js';

const regressions = fileURLToPath(new URL('./regressions/', import.meta.url));
/** Each target's bounded CI run; `npm run fuzz` runs them for as long as asked. */
const CI_SECONDS = 3;

/**
 * Issue 7, "fuzz targets run in CI for a bounded time; every crash found becomes a
 * regression test": each target is fuzzed (coverage-guided, fixed seed, so a failure
 * reproduces) and every input a longer run ever found is replayed.
 */
describe('coverage-guided fuzzing of the parsers', () => {
  for (const target of FUZZ_TARGETS) {
    it(`${target.name}: no crash, hang or broken invariant in a bounded run`, async () => {
      const report = await fuzz(target, { seconds: CI_SECONDS, seed: 1 });
      expect(report.findings).toEqual([]);
      // The run explored beyond its seeds: coverage guidance is working.
      expect(report.corpus).toBeGreaterThan(Math.min(target.seeds.length, 1));
      expect(report.features).toBeGreaterThan(0);
    }, 30_000);

    it(`${target.name}: every recorded regression input is handled`, async () => {
      const dir = join(regressions, target.name);
      const files = safeList(dir);
      for (const file of files) await target.run(readFileSync(join(dir, file), 'utf8'));
      // Seeds are always replayed too, so the test exercises the target even with no regressions.
      for (const seed of target.seeds) await target.run(seed);
    });
  }
});

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.txt'));
  } catch {
    return [];
  }
}
