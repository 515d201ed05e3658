import type { LimitCounters } from '../../store/index.js';
import type { Job } from './job-runner.js';

/**
 * Deletes shared rate-limit buckets that have refilled and login failures past their window
 * (PostgreSQL only), so the counter tables hold only live keys. Idempotent.
 */
export function createLimitSweepJob(
  counters: LimitCounters,
  options: { readonly loginWindowMs: number; readonly intervalMs: number },
): Job {
  return {
    name: 'limit-sweep',
    intervalMs: options.intervalMs,
    async run() {
      await counters.sweep(options.loginWindowMs);
    },
  };
}
