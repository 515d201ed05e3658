import type { Clock } from '../../core/index.js';
import type { StatusRepository } from '../../store/index.js';
import type { Job } from './job-runner.js';

const MICROS_PER_HOUR = 3_600_000_000;

/**
 * Deletes completed status resources older than the retention (`taxii.statusRetentionHours`,
 * at least 24: checklist T123, a status id keeps answering for 24 h after it completed). Pending
 * statuses are never purged. Idempotent: a second run finds nothing left to delete.
 */
export function createStatusPurgeJob(
  statuses: StatusRepository,
  options: { readonly clock: Clock; readonly retentionHours: number; readonly intervalMs: number },
): Job {
  return {
    name: 'status-purge',
    intervalMs: options.intervalMs,
    async run() {
      await statuses.expire(options.clock.nowMicros() - options.retentionHours * MICROS_PER_HOUR);
    },
  };
}
