/**
 * A small coverage-guided fuzzer for Cairn's parsers (issue 7), in the style of libFuzzer and
 * AFL but in-process and dependency-free: V8's precise block coverage (node:inspector, the
 * same data `c8` reads) tells which branches of Cairn's own code an input reached; inputs that
 * reach a new branch, or a branch a new number of times (AFL's hit-count buckets), join the
 * corpus and are mutated further.
 *
 * Why our own: jazzer.js 4 ships a native addon that needs glibc 2.38 (Debian 12 has 2.36) and
 * jazzer.js 2 downloads its addon from GitHub at install time, which CI cannot reach.
 *
 * A target decides what a defect is: it throws {@link FuzzDefect} (or anything other than the
 * errors its contract allows). Hangs are caught by a per-input time budget.
 */
import { Session } from 'node:inspector/promises';
import { rng } from '../../bench/generate-objects.js';

export interface FuzzTarget {
  readonly name: string;
  /** Valid and nearly valid inputs to start from. */
  readonly seeds: readonly string[];
  /** Tokens of the input language that mutation inserts whole (keywords, operators, names). */
  readonly dictionary: readonly string[];
  readonly maxLength: number;
  /** Runs one input; returns normally for accepted or properly rejected input, throws on a defect. */
  run(input: string): void | Promise<void>;
}

/** A broken invariant found by a target (as opposed to an expected rejection). */
export class FuzzDefect extends Error {
  override readonly name = 'FuzzDefect';
}

export interface FuzzFinding {
  readonly input: string;
  readonly error: string;
}

export interface FuzzReport {
  readonly target: string;
  readonly executions: number;
  readonly corpus: number;
  /** Distinct (branch, hit-count bucket) features reached in Cairn's code. */
  readonly features: number;
  readonly findings: readonly FuzzFinding[];
}

export interface FuzzOptions {
  readonly seconds: number;
  /** Seed of the mutation random numbers, so a run can be repeated. */
  readonly seed?: number;
  /** An input slower than this is a finding (a hang in the making). */
  readonly slowInputMs?: number;
  /** Only coverage of scripts whose URL contains this counts (default: Cairn's `/src/`). */
  readonly coverageScope?: string;
}

/** Fuzzes `target` for `seconds` and reports what it found; never throws for a finding. */
export async function fuzz(target: FuzzTarget, options: FuzzOptions): Promise<FuzzReport> {
  const random = rng(options.seed ?? 1);
  const slowMs = options.slowInputMs ?? 2_000;
  const coverage = await openCoverage(options.coverageScope ?? '/src/');
  const corpus: string[] = [];
  const findings: FuzzFinding[] = [];
  const seen = new Set<string>();
  let executions = 0;

  const execute = async (input: string): Promise<boolean> => {
    executions++;
    const started = performance.now();
    try {
      await target.run(input);
    } catch (error) {
      if (findings.length < 20) findings.push({ input, error: describe(error) });
    }
    const elapsed = performance.now() - started;
    if (elapsed > slowMs && findings.length < 20)
      findings.push({ input, error: `took ${Math.round(elapsed)} ms (budget ${slowMs} ms)` });
    return coverage.collectNew(seen);
  };

  try {
    await coverage.collectNew(seen); // discard what loading the modules covered
    for (const s of target.seeds) if (await execute(s)) corpus.push(s);
    if (corpus.length === 0) corpus.push(...target.seeds.slice(0, 1), '');
    const deadline = performance.now() + options.seconds * 1000;
    while (performance.now() < deadline) {
      const parent = corpus[Math.floor(random() * corpus.length)] as string;
      const child = mutate(parent, corpus, target, random);
      if (await execute(child)) corpus.push(child);
    }
  } finally {
    await coverage.close();
  }
  return { target: target.name, executions, corpus: corpus.length, features: seen.size, findings };
}

interface Coverage {
  /** Adds the features reached since the last call to `seen`; true when any was new. */
  collectNew(seen: Set<string>): Promise<boolean>;
  close(): Promise<void>;
}

async function openCoverage(scope: string): Promise<Coverage> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  return {
    async collectNew(seen) {
      // takePreciseCoverage also resets the counters, so each call covers one input.
      const { result } = await session.post('Profiler.takePreciseCoverage');
      let fresh = false;
      for (const script of result) {
        if (!script.url.includes(scope) || script.url.includes('node_modules')) continue;
        for (const fn of script.functions) {
          for (const range of fn.ranges) {
            if (range.count === 0) continue;
            const key = `${script.url}#${range.startOffset}#${bucket(range.count)}`;
            if (!seen.has(key)) {
              seen.add(key);
              fresh = true;
            }
          }
        }
      }
      return fresh;
    },
    async close() {
      await session.post('Profiler.stopPreciseCoverage');
      await session.post('Profiler.disable');
      session.disconnect();
    },
  };
}

/** AFL's hit-count classes: 1, 2, 3, 4–7, 8–15, 16–31, 32–127, 128+. */
function bucket(count: number): number {
  if (count <= 3) return count;
  if (count < 8) return 4;
  if (count < 16) return 8;
  if (count < 32) return 16;
  return count < 128 ? 32 : 128;
}

const SPECIAL = ['\\', "'", '"', '\u0000', '\u00e9', '\ud83d\ude00', '\ud800', '\n', ' ', '-', '.', '9', 'e'];

/** One to four stacked mutations of `parent`, bounded by the target's maximum length. */
function mutate(parent: string, corpus: readonly string[], target: FuzzTarget, random: () => number): string {
  let s = parent;
  const rounds = 1 + Math.floor(random() * 4);
  for (let r = 0; r < rounds; r++) {
    const at = Math.floor(random() * (s.length + 1));
    const span = 1 + Math.floor(random() * 8);
    switch (Math.floor(random() * 7)) {
      case 0:
        s = s.slice(0, at) + pick(target.dictionary, random) + s.slice(at);
        break;
      case 1:
        s = s.slice(0, at) + pick(SPECIAL, random) + s.slice(at);
        break;
      case 2:
        s = s.slice(0, at) + s.slice(at + span);
        break;
      case 3:
        s = s.slice(0, at) + s.slice(at, at + span).repeat(2) + s.slice(at + span);
        break;
      case 4:
        s = s.slice(0, at) + String.fromCharCode(32 + Math.floor(random() * 95)) + s.slice(at + 1);
        break;
      case 5: {
        const other = pick(corpus, random);
        const cut = Math.floor(random() * (other.length + 1));
        s = s.slice(0, at) + other.slice(cut);
        break;
      }
      default: {
        // Replace one dictionary token by another: keeps inputs near the grammar.
        const from = pick(target.dictionary, random);
        const i = s.indexOf(from);
        if (i >= 0) s = s.slice(0, i) + pick(target.dictionary, random) + s.slice(i + from.length);
      }
    }
  }
  return s.length > target.maxLength ? s.slice(0, target.maxLength) : s;
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)] as T;
}

function describe(error: unknown): string {
  if (error instanceof Error)
    return `${error.name}: ${error.message}\n${error.stack?.split('\n').slice(1, 4).join('\n') ?? ''}`;
  return String(error);
}
