/**
 * The load test's store: a SQLite data directory, or a fresh schema on PostgreSQL
 * (CAIRN_DATABASE_URL or TEST_PG_URL) dropped afterwards. On PostgreSQL the hub's connections
 * carry an `application_name` of their own, so the CPU of the database backends serving this
 * run can be told apart from other work on the same server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { processCpuSeconds } from './cpu-usage.js';
import type { BackendEnv } from './load-setup.js';

/** Counts CPU seconds of the hub's PostgreSQL backends until stopped. */
export interface DatabaseCpuMeter {
  stop(): Promise<number>;
}

export interface LoadBackend {
  readonly env: BackendEnv;
  /** Starts counting the database's CPU for this run; absent on SQLite (it is in the nodes). */
  startDatabaseCpu?(): Promise<DatabaseCpuMeter>;
  dispose(): Promise<void>;
}

/** How often the list of the hub's database backends is refreshed (ms). */
const BACKEND_POLL_MS = 1_000;

export async function prepareLoadBackend(kind: 'sqlite' | 'postgres'): Promise<LoadBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-load-'));
  const removeDir = async () => rmSync(dir, { recursive: true, force: true });
  if (kind === 'sqlite') return { env: { CAIRN_DATA: dir }, dispose: removeDir };
  const url = process.env.CAIRN_DATABASE_URL ?? process.env.TEST_PG_URL;
  if (url === undefined) throw new Error('--backend postgres needs TEST_PG_URL or CAIRN_DATABASE_URL');
  const schema = `cairn_load_${process.pid}_${Date.now()}`;
  const applicationName = `cairn-load-${process.pid}`;
  const hubUrl = new URL(url);
  hubUrl.searchParams.set('schema', schema);
  hubUrl.searchParams.set('application_name', applicationName);
  return {
    env: { CAIRN_DATA: dir, CAIRN_DATABASE_URL: hubUrl.toString() },
    startDatabaseCpu: () => startDatabaseCpu(url, applicationName),
    async dispose() {
      await removeDir();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/**
 * Polls `pg_stat_activity` for the hub's backends and reads each one's CPU from /proc (the
 * database must run on this machine). A backend present at the start counts from there, one
 * that appears later from its start; one that ends between two polls loses at most a poll's
 * worth, so the figure is a slight underestimate.
 */
async function startDatabaseCpu(url: string, applicationName: string): Promise<DatabaseCpuMeter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const poll = async (atStart: boolean) => {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );
    for (const { pid } of rows) {
      const seconds = processCpuSeconds(pid);
      if (Number.isNaN(seconds)) continue;
      if (!first.has(pid)) first.set(pid, atStart ? seconds : 0);
      last.set(pid, seconds);
    }
  };
  await poll(true);
  let polling = Promise.resolve();
  const timer = setInterval(() => {
    polling = polling.then(() => poll(false)).catch(() => undefined);
  }, BACKEND_POLL_MS);
  return {
    async stop() {
      clearInterval(timer);
      await polling;
      await poll(false).catch(() => undefined);
      await client.end();
      let total = 0;
      for (const [pid, end] of last) total += end - (first.get(pid) ?? 0);
      return total;
    },
  };
}
