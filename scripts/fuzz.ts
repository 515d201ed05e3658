/**
 * Long fuzzing runs (`npm run fuzz -- [TARGET...] [--seconds S] [--seed N]`): runs the
 * coverage-guided fuzzer on each target and writes every finding to
 * test/fuzz/regressions/TARGET/, where test/fuzz/fuzz.test.ts replays it on every test run.
 * Exit code 1 when anything was found.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fuzz } from '../test/fuzz/coverage-fuzzer.js';
import { FUZZ_TARGETS } from '../test/fuzz/fuzz-targets.js';

const regressions = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fuzz', 'regressions');

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { seconds: { type: 'string', default: '60' }, seed: { type: 'string', default: '1' } },
  });
  const seconds = Number(values.seconds);
  const seed = Number(values.seed);
  const unknown = positionals.filter((p) => !FUZZ_TARGETS.some((t) => t.name === p));
  if (!(seconds > 0) || !Number.isInteger(seed) || unknown.length > 0) {
    process.stderr.write(
      `Usage: npm run fuzz -- [${FUZZ_TARGETS.map((t) => t.name).join('|')}...] [--seconds S] [--seed N]\n`,
    );
    return 2;
  }
  const targets =
    positionals.length === 0 ? FUZZ_TARGETS : FUZZ_TARGETS.filter((t) => positionals.includes(t.name));
  let found = 0;
  for (const target of targets) {
    const report = await fuzz(target, { seconds, seed });
    process.stdout.write(
      `${target.name}: ${report.executions} executions (${Math.round(report.executions / seconds)}/s), corpus ${report.corpus}, ${report.features} coverage features, ${report.findings.length} findings\n`,
    );
    for (const f of report.findings) {
      found++;
      const dir = join(regressions, target.name);
      mkdirSync(dir, { recursive: true });
      const name = createHash('sha256').update(f.input).digest('hex').slice(0, 16);
      writeFileSync(join(dir, `${name}.txt`), f.input);
      process.stdout.write(`  ${name}: ${f.error.split('\n')[0]}\n`);
    }
  }
  return found > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
