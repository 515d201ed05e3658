import type { Logger } from '../../core/index.js';
import type { LeaderLocks } from '../../store/index.js';

/**
 * A background job. It runs on one node of the hub at a time (its leader), every
 * `intervalMs`, and must be idempotent: a leader that loses its database connection stops
 * at once, but a run already under way may overlap the new leader's first run.
 */
export interface Job {
  /** Stable name; also the advisory lock the leader holds (`<schema>:<name>`). */
  readonly name: string;
  readonly intervalMs: number;
  run(): Promise<void>;
}

/** Runs jobs on this node while it leads them. */
export interface JobRunner {
  /** Starts polling for leadership (idempotent). */
  start(): void;
  /** Stops polling, waits for a running job, then releases every lock. Idempotent. */
  stop(): Promise<void>;
  /** Names of the jobs this node leads now, in job order. */
  leading(): readonly string[];
}

export interface JobRunnerOptions {
  readonly locks: LeaderLocks;
  /**
   * How often a node checks its leadership and tries to take over free jobs: a dead
   * leader's jobs move to another node within about this long (plus the database noticing
   * the dead connection, immediate when the process dies).
   */
  readonly pollMs: number;
  readonly logger: Logger;
  readonly now?: () => number;
}

/**
 * One timer per node: each tick asks `locks` for every job (take it if free, or confirm
 * it is still ours), then runs those that are due. A new leader runs a job at once, so a
 * takeover does not wait a whole interval. Ticks never overlap, job failures are logged and
 * retried at the next interval, and nothing here throws into the event loop.
 */
export function createJobRunner(jobs: readonly Job[], options: JobRunnerOptions): JobRunner {
  const now = options.now ?? Date.now;
  const led = new Set<string>();
  const dueAt = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;
  let running = false;
  let stopped: Promise<void> | undefined;

  const runIfDue = async (job: Job) => {
    if ((dueAt.get(job.name) ?? 0) > now()) return;
    dueAt.set(job.name, now() + job.intervalMs);
    try {
      await job.run();
    } catch (error) {
      options.logger.error({ err: error, job: job.name }, 'Background job failed');
    }
  };

  const tick = async () => {
    for (const job of jobs) {
      if (!running) return;
      const leader = await options.locks.hold(job.name);
      if (leader && !led.has(job.name)) {
        options.logger.info({ job: job.name }, 'Leading background job');
        dueAt.delete(job.name);
      } else if (!leader && led.has(job.name)) {
        options.logger.warn({ job: job.name }, 'No longer leading background job');
      }
      if (leader) led.add(job.name);
      else led.delete(job.name);
      if (leader && running) await runIfDue(job);
    }
  };

  // One poll, then the next one: never two at once, and never a rejection left unhandled.
  const cycle = () => {
    ticking = tick()
      .catch((error: unknown) => options.logger.error({ err: error }, 'Background job poll failed'))
      .finally(() => {
        ticking = undefined;
        schedule();
      });
  };
  const schedule = () => {
    if (!running) return;
    timer = setTimeout(cycle, options.pollMs);
    // Jobs never keep a process alive on their own (CLI commands, tests).
    timer.unref();
  };

  return {
    start() {
      if (running || stopped !== undefined) return;
      running = true;
      cycle();
    },
    stop() {
      stopped ??= (async () => {
        running = false;
        if (timer !== undefined) clearTimeout(timer);
        await ticking;
        led.clear();
        await options.locks.close();
      })();
      return stopped;
    },
    leading: () => jobs.filter((j) => led.has(j.name)).map((j) => j.name),
  };
}
