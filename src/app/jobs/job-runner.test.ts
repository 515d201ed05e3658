import { describe, expect, it } from 'vitest';
import type { LeaderLocks } from '../../store/index.js';
import { createJobRunner, type Job } from './job-runner.js';
import { createLocalLeaderLocks } from './local-leader-locks.js';

const until = async (what: string, check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`Timed out waiting for ${what}`);
};

const recordingLogger = () => {
  const lines: string[] = [];
  const log = (level: string) => (_obj: object, msg?: string) => void lines.push(`${level}: ${msg}`);
  return {
    lines,
    logger: { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
  };
};

describe('createJobRunner', () => {
  it('runs every job on a single-process hub (SQLite), at once and then every interval', async () => {
    const runs: string[] = [];
    const jobs: Job[] = ['a', 'b'].map((name) => ({
      name,
      intervalMs: 20,
      run: async () => void runs.push(name),
    }));
    const { logger } = recordingLogger();
    const runner = createJobRunner(jobs, { locks: createLocalLeaderLocks(), pollMs: 10, logger });
    runner.start();
    await until('repeated runs', () => runs.filter((r) => r === 'b').length >= 3);
    expect(runner.leading()).toEqual(['a', 'b']);
    await runner.stop();
    expect(runner.leading()).toEqual([]);
    const after = runs.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(runs.length).toBe(after);
  });

  it('logs a failing job and keeps running it (jobs are idempotent, so a retry is safe)', async () => {
    let attempts = 0;
    const { lines, logger } = recordingLogger();
    const failing: Job = {
      name: 'flaky',
      intervalMs: 10,
      run: async () => {
        attempts++;
        throw new Error('store unavailable');
      },
    };
    const runner = createJobRunner([failing], { locks: createLocalLeaderLocks(), pollMs: 10, logger });
    runner.start();
    await until('a retry', () => attempts >= 2);
    await runner.stop();
    expect(lines).toContain('error: Background job failed');
  });

  it('steps down when the locks say another node leads, and releases them on stop', async () => {
    let ours = true;
    let closed = 0;
    const locks: LeaderLocks = {
      hold: async () => ours,
      close: async () => void closed++,
    };
    const { lines, logger } = recordingLogger();
    const runner = createJobRunner([{ name: 'j', intervalMs: 1000, run: async () => undefined }], {
      locks,
      pollMs: 10,
      logger,
    });
    runner.start();
    await until('leadership', () => runner.leading().length === 1);
    ours = false;
    await until('step-down', () => runner.leading().length === 0);
    expect(lines).toEqual(['info: Leading background job', 'warn: No longer leading background job']);
    await Promise.all([runner.stop(), runner.stop()]);
    expect(closed).toBe(1);
  });
});
