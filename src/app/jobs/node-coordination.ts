import {
  createLoginThrottle,
  createSharedLoginThrottle,
  LOGIN_FAILURE_WINDOW_MS,
  type LoginThrottle,
} from '../../auth/index.js';
import type { Config } from '../../config/index.js';
import type { Clock, Logger } from '../../core/index.js';
import { createFederationPullJob, DEFAULT_PULL_SETTINGS, type PullDeps } from '../../federation/index.js';
import type { LeaderLocks, LimitCounters, RateBucketStore, Store } from '../../store/index.js';
import { createJobRunner, type Job, type JobRunner } from './job-runner.js';
import { createLimitSweepJob } from './limit-sweep-job.js';
import { createLocalLeaderLocks } from './local-leader-locks.js';
import { createStatusPurgeJob } from './status-purge-job.js';

/** What a store shared by several nodes (PostgreSQL) offers them to agree on. */
export interface SharedCoordination {
  readonly counters: LimitCounters;
  openLeaderLocks(): LeaderLocks;
}

/** How this node takes part in the hub: limits, login slow-down and background jobs. */
export interface NodeCoordination {
  readonly throttle: LoginThrottle;
  /** Shared rate-limit buckets; absent: the HTTP app keeps them in memory. */
  readonly rateBuckets?: RateBucketStore;
  readonly jobs: JobRunner;
}

/** How often refilled buckets and stale login failures are swept from the shared tables. */
const LIMIT_SWEEP_INTERVAL_MS = 10 * 60_000;

/**
 * Picks the shared implementations when the store is shared (several nodes on PostgreSQL)
 * and the in-memory ones for a single SQLite process, and lists the background jobs.
 * Jobs start with `jobs.start()` (the server does it), never on their own.
 */
export function createNodeCoordination(
  config: Config,
  store: Store,
  options: {
    readonly shared?: SharedCoordination;
    readonly clock: Clock;
    readonly logger: Logger;
    /** What the federation-pull job pulls with; absent: no federation job. */
    readonly federation?: Omit<PullDeps, 'settings'>;
  },
): NodeCoordination {
  const { shared, clock } = options;
  const jobs: Job[] = [
    createStatusPurgeJob(store.statuses, {
      clock,
      retentionHours: config.taxii.statusRetentionHours,
      intervalMs: config.jobs.statusPurgeIntervalMs,
    }),
  ];
  if (options.federation !== undefined) {
    jobs.push(
      createFederationPullJob(
        { ...options.federation, settings: DEFAULT_PULL_SETTINGS },
        { intervalMs: config.federation.pullIntervalMs, logger: options.logger },
      ),
    );
  }
  if (shared !== undefined) {
    jobs.push(
      createLimitSweepJob(shared.counters, {
        loginWindowMs: LOGIN_FAILURE_WINDOW_MS,
        intervalMs: LIMIT_SWEEP_INTERVAL_MS,
      }),
    );
  }
  const runner = createJobRunner(config.jobs.enabled ? jobs : [], {
    locks: shared === undefined ? createLocalLeaderLocks() : shared.openLeaderLocks(),
    pollMs: config.jobs.leaderPollMs,
    logger: options.logger,
  });
  if (shared === undefined) return { throttle: createLoginThrottle(), jobs: runner };
  return {
    throttle: createSharedLoginThrottle(shared.counters.loginFailures),
    rateBuckets: shared.counters.rateBuckets,
    jobs: runner,
  };
}
