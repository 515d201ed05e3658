/**
 * The benchmark runner (`npm run bench`): imports every `bench/*.bench.ts`, runs them one
 * after another (or only those named on the command line), prints the figures measured on
 * both store backends side by side (SQLite, PostgreSQL and the ratio) and the storeless ones
 * apart, and writes the results to `bench/results/latest.json`.
 *
 *   npm run bench                 every benchmark, full sizes
 *   npm run bench -- taxii        only bench/taxii.bench.ts
 *   npm run bench -- --quick      small sizes (a smoke run)
 *
 * PostgreSQL is TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test); each bench
 * works in a fresh schema and drops it afterwards.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BenchResult, formatReport, pairBackends, type SuiteReport } from './side-by-side.js';

interface BenchModule {
  run(options?: { quick?: boolean }): Promise<BenchResult[]>;
}

const here = dirname(fileURLToPath(import.meta.url));

async function main(argv: readonly string[]): Promise<number> {
  const quick = argv.includes('--quick');
  const unknownFlags = argv.filter((a) => a.startsWith('-') && a !== '--quick');
  if (unknownFlags.length > 0) {
    process.stderr.write(
      `Unknown option(s): ${unknownFlags.join(' ')}\nUsage: npm run bench -- [--quick] [NAME...]\n`,
    );
    return 2;
  }
  const wanted = argv.filter((a) => !a.startsWith('-'));
  const available = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.slice(0, -'.bench.ts'.length))
    .sort();
  const missing = wanted.filter((w) => !available.includes(w));
  if (missing.length > 0) {
    process.stderr.write(`No benchmark named ${missing.join(', ')}; available: ${available.join(', ')}\n`);
    return 2;
  }
  const suites = wanted.length > 0 ? available.filter((a) => wanted.includes(a)) : available;

  const reports: SuiteReport[] = [];
  const loadBefore = loadavg()[0] ?? 0;
  for (const suite of suites) {
    process.stderr.write(
      `\n▶ ${suite}${quick ? ' (quick)' : ''} (load average ${(loadavg()[0] ?? 0).toFixed(1)})\n`,
    );
    const started = performance.now();
    try {
      const mod = (await import(pathToFileURL(join(here, `${suite}.bench.ts`)).href)) as BenchModule;
      const results = await mod.run({ quick });
      reports.push({ suite, seconds: (performance.now() - started) / 1000, results });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`✖ ${suite} failed: ${message}\n`);
      reports.push({ suite, seconds: (performance.now() - started) / 1000, results: [], error: message });
    }
  }

  process.stdout.write(`\n${formatReport(reports)}\n`);
  const out = {
    date: new Date().toISOString(),
    quick,
    machine: {
      nproc: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryMiB: Math.round(totalmem() / 2 ** 20),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      // Other work on the machine skews every figure: recorded so runs can be compared.
      loadAverage1mBefore: loadBefore,
      loadAverage1mAfter: loadavg()[0] ?? 0,
    },
    sideBySide: pairBackends(reports).paired,
    suites: reports,
  };
  const dir = join(here, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`Results written to bench/results/latest.json\n`);
  return reports.some((r) => r.error !== undefined) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
