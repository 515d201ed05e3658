/**
 * TAXII server benchmark on both store backends (issues 2 and 6, DESIGN.md §6): the run of
 * taxii-one-backend.ts (ingest over HTTP with full validation, page walks, filtered pages and
 * objects by id at 1,000,000 stored, RSS) once on SQLite and once on PostgreSQL, each in a
 * child process of its own, then DESIGN.md §6's TAXII figures side by side with the ratio.
 *
 *   npm run bench -- taxii [--quick]          (full: 100,000 over HTTP, then 1,000,000 stored)
 *   npx tsx bench/taxii.bench.ts [--quick]
 *
 * PostgreSQL is TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test) in a fresh
 * schema, dropped afterwards. If it cannot run, the SQLite figures are kept and the reason is
 * reported as a result.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BACKEND_NAMES, type BackendName } from './bench-backends.js';
import { type BenchResult, formatTable, formatValue, pairBackends } from './side-by-side.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** DESIGN.md §6's TAXII rows: which result answers each, and its target. */
const DESIGN_FIGURES: readonly { figure: string; result: string; target: string }[] = [
  {
    figure: 'ingest, POSTs of 1,000, full validation',
    result: 'ingest (POST, full validation)',
    target: '≥ 20,000 objects/s',
  },
  { figure: 'page walk, limit 1,000', result: 'page walk (limit=1000)', target: '≥ 100,000 objects/s' },
  {
    figure: 'page walk of the whole store',
    result: 'page walk of the whole store (limit=1000)',
    target: '≥ 100,000 objects/s',
  },
  {
    figure: 'filtered page p99 (worst admin shape)',
    result: 'filtered page p99, worst of the admin shapes',
    target: '≤ 20 ms',
  },
  {
    figure: 'filtered page p99, member reader',
    result: 'member reader: filtered page match[type]=malware (10%), limit=100, added_after: p99',
    target: '≤ 20 ms',
  },
  { figure: 'object by id p99', result: 'object by id (random ids): p99', target: '≤ 5 ms' },
  {
    figure: 'object by id p99, member reader',
    result: 'member reader: object by id (random ids): p99',
    target: '≤ 5 ms',
  },
  { figure: 'RSS after serving (server + client)', result: 'RSS after serving', target: '≤ 300 MB' },
];

export async function run(options: { quick?: boolean } = {}): Promise<BenchResult[]> {
  const quick = options.quick === true;
  const results: BenchResult[] = [];
  for (const backend of BACKEND_NAMES) {
    try {
      results.push(...withWorstFilteredPage(backend, await runChild(backend, quick)));
    } catch (error) {
      log(`${backend} failed: ${(error as Error).message}`);
      results.push({ name: `${backend} not run`, value: 0, unit: '-', note: (error as Error).message });
    }
  }
  log(`DESIGN.md §6 TAXII figures${quick ? ' (quick sizes)' : ''}\n${formatDesignTable(results)}`);
  return results;
}

/** The worst p99 of the six admin filtered-page shapes: the figure §6's target bounds. */
function withWorstFilteredPage(backend: BackendName, results: BenchResult[]): BenchResult[] {
  const p99s = results.filter((r) => r.name.startsWith('filtered page ') && r.name.endsWith(': p99'));
  if (p99s.length === 0) return results;
  const worst = p99s.reduce((a, b) => (b.value > a.value ? b : a));
  return [
    ...results,
    {
      name: 'filtered page p99, worst of the admin shapes',
      value: worst.value,
      unit: 'ms',
      backend,
      note: worst.name.replace(/^filtered page /, '').replace(/: p99$/, ''),
    },
  ];
}

/** Runs taxii-one-backend.ts in a child process; its stderr (progress) passes through. */
function runChild(backend: BackendName, quick: boolean): Promise<BenchResult[]> {
  const args = ['--import', 'tsx', 'bench/taxii-one-backend.ts', backend, ...(quick ? ['--quick'] : [])];
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderrTail = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk.toString()).slice(-2_000);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`exit ${code}: ${lastLine(stderrTail)}`));
        return;
      }
      try {
        resolve(JSON.parse(lastLine(stdout)) as BenchResult[]);
      } catch (error) {
        reject(new Error(`unreadable results: ${(error as Error).message}`));
      }
    });
  });
}

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

function formatDesignTable(results: readonly BenchResult[]): string {
  const { paired } = pairBackends([{ suite: 'taxii', seconds: 0, results: [...results] }]);
  const rows = DESIGN_FIGURES.map((d) => {
    const p = paired.find((x) => x.name === d.result);
    const ratio = p?.postgresSlowerBy === undefined ? '–' : `${p.postgresSlowerBy.toFixed(2)}×`;
    return [d.figure, d.target, formatValue(p?.sqlite), formatValue(p?.postgres), ratio, p?.unit ?? ''];
  });
  return formatTable(
    ['figure', 'target', 'SQLite', 'PostgreSQL', 'PG slower by (≤ 2×)', 'unit'],
    rows,
    new Set([2, 3, 4]),
  );
}

function log(message: string): void {
  process.stderr.write(`[taxii] ${message}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await run({ quick: process.argv.includes('--quick') });
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}
