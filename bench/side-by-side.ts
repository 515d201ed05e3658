/**
 * The runner's report: each figure measured on both store backends as one row (SQLite,
 * PostgreSQL, and how many times slower PostgreSQL is: DESIGN.md §6 wants at most 2), and
 * the figures that have no backend (pattern matching and validation touch no store) apart.
 */
import type { BackendName } from './bench-backends.js';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
  /** The store backend the figure was measured on; absent for figures that use no store. */
  backend?: BackendName;
}

export interface SuiteReport {
  suite: string;
  seconds: number;
  results: BenchResult[];
  error?: string;
}

export interface PairedFigure {
  suite: string;
  name: string;
  unit: string;
  sqlite?: number;
  postgres?: number;
  /** PostgreSQL's rate divided into SQLite's, or its latency/size over SQLite's: "× slower". */
  postgresSlowerBy?: number;
  note?: string;
}

/** Older benches name the backend in a suffix, e.g. "store add (postgres)". */
const BACKEND_SUFFIX = / \((sqlite|postgres)\)$/;
/** Ratios such a bench prints for itself ("…: postgres slower by"): the table has its own. */
const OWN_RATIO = /: postgres slower by$/;

function backendOf(r: BenchResult): { backend?: BackendName; name: string } {
  if (r.backend !== undefined) return { backend: r.backend, name: r.name };
  const m = BACKEND_SUFFIX.exec(r.name);
  if (m === null) return { name: r.name };
  return { backend: m[1] as BackendName, name: r.name.slice(0, m.index) };
}

/** Rates (x/s) are better higher; times, sizes and counts of anything else lower. */
const higherIsBetter = (unit: string) => unit.endsWith('/s');

/** Pairs each suite's per-backend figures by name; the rest are returned as they are. */
export function pairBackends(reports: readonly SuiteReport[]): {
  paired: PairedFigure[];
  storeless: (BenchResult & { suite: string })[];
} {
  const paired: PairedFigure[] = [];
  const storeless: (BenchResult & { suite: string })[] = [];
  for (const report of reports) {
    const bySuite = new Map<string, PairedFigure & { notes: Partial<Record<BackendName, string>> }>();
    for (const result of report.results) {
      const { backend, name } = backendOf(result);
      if (OWN_RATIO.test(result.name)) continue;
      if (backend === undefined) {
        storeless.push({ ...result, suite: report.suite });
        continue;
      }
      const key = `${name}\u0000${result.unit}`;
      let row = bySuite.get(key);
      if (row === undefined) {
        row = { suite: report.suite, name, unit: result.unit, notes: {} };
        bySuite.set(key, row);
      }
      row[backend] = result.value;
      if (result.note !== undefined) row.notes[backend] = result.note;
    }
    for (const { notes, ...row } of bySuite.values()) {
      const { sqlite, postgres } = row;
      if (sqlite !== undefined && postgres !== undefined && sqlite > 0 && postgres > 0)
        row.postgresSlowerBy = higherIsBetter(row.unit) ? sqlite / postgres : postgres / sqlite;
      const note =
        notes.sqlite === notes.postgres || notes.postgres === undefined
          ? notes.sqlite
          : notes.sqlite === undefined
            ? notes.postgres
            : `SQLite: ${notes.sqlite}; PostgreSQL: ${notes.postgres}`;
      paired.push(note === undefined ? row : { ...row, note });
    }
  }
  return { paired, storeless };
}

/** Both tables as text, failed suites listed first. */
export function formatReport(reports: readonly SuiteReport[]): string {
  const { paired, storeless } = pairBackends(reports);
  const failed = reports.filter((r) => r.error !== undefined);
  const parts: string[] = [];
  if (failed.length > 0)
    parts.push(failed.map((r) => `✖ ${r.suite} failed: ${r.error?.split('\n', 1)[0] ?? ''}`).join('\n'));
  if (paired.length > 0) {
    parts.push(
      'Both backends side by side (PostgreSQL slower by: DESIGN.md §6 target ≤ 2×)',
      formatTable(
        ['suite', 'measure', 'SQLite', 'PostgreSQL', 'PG slower by', 'unit', 'note'],
        paired.map((p) => [
          p.suite,
          p.name,
          formatValue(p.sqlite),
          formatValue(p.postgres),
          p.postgresSlowerBy === undefined ? '–' : `${p.postgresSlowerBy.toFixed(2)}×`,
          p.unit,
          p.note ?? '',
        ]),
        new Set([2, 3, 4]),
      ),
    );
  }
  if (storeless.length > 0) {
    parts.push(
      'Figures without a backend pair (no store involved, one backend only, or a backend that did not run)',
      formatTable(
        ['suite', 'measure', 'value', 'unit', 'note'],
        storeless.map((r) => [r.suite, r.name, formatValue(r.value), r.unit, r.note ?? '']),
        new Set([2]),
      ),
    );
  }
  return parts.join('\n\n');
}

export function formatTable(head: string[], body: string[][], rightAligned: ReadonlySet<number>): string {
  const rows = [head, ...body];
  const widths = head.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function formatValue(v: number | undefined): string {
  if (v === undefined) return '–';
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}
