/**
 * `cairn migrate-store` copy rate (docs/scale-out.md, "Moving a hub from SQLite to
 * PostgreSQL"): seeds a SQLite store with N objects (default 100,000) in 1,000-object
 * submissions, then runs the real command into a fresh PostgreSQL schema under
 * `/usr/bin/time` and prints the copy and verify rates and the command's peak memory.
 *
 *   npx tsx bench/migrate-store.bench.ts [--objects N]
 *   npm run bench -- migrate-store [--quick]      (100,000 objects; quick: 10,000)
 *
 * It copies SQLite into PostgreSQL, so its figures belong to neither backend alone.
 * PostgreSQL is TEST_PG_URL (default the local server .ci/run uses); the schema and the
 * SQLite directory are removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createAdminService } from '../src/app/index.js';
import { createSystemClock } from '../src/core/index.js';
import { openSqliteStore } from '../src/store/sqlite/open-sqlite-store.js';
import { prepareObject } from './generate-objects.js';

const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BATCH = 1000;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

async function seed(path: string, total: number): Promise<void> {
  const store = await openSqliteStore({ path, migrate: 'auto' });
  try {
    const admin = createAdminService(store, createSystemClock());
    const community = await admin.addCommunity('bench', { title: 'Bench', maxContentLength: 100_000_000 });
    const collection = await admin.addCollection({ community: 'bench', title: 'Bench', read: [], write: [] });
    for (let i = 0; i < total; i += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, total - i) }, (_, j) => prepareObject(i + j, 0));
      await store.objects.add(collection.id, batch, {
        id: randomUUID(),
        communityId: community.id,
        collectionId: collection.id,
        submitterOrgId: 'bench',
        requestTimestamp: Date.now() * 1000,
        status: 'complete',
        totalCount: batch.length,
        successes: batch.map((o) => ({ id: o.stixId, version: o.version })),
        failures: [],
        pendings: [],
      });
    }
  } finally {
    await store.close();
  }
}

interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export async function run(options: { quick?: boolean } = {}): Promise<BenchResult[]> {
  return measureMigration(options.quick === true ? 10_000 : 100_000);
}

async function measureMigration(total: number): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-migrate-'));
  const schema = `cairn_bench_${randomBytes(6).toString('hex')}`;
  const url = new URL(PG_URL);
  url.searchParams.set('schema', schema);
  try {
    await seed(join(dir, 'cairn.db'), total);
    const command = ['migrate-store', '--from', `sqlite:${dir}`, '--to', url.toString(), '--json'];
    process.stderr.write(`cairn ${command.join(' ')}\n`);
    // GNU time prints the peak resident set (KiB) as the last line of stderr.
    const timed = existsSync('/usr/bin/time');
    const node = [process.execPath, '--import', 'tsx', 'src/cli/main.ts', ...command];
    const copy = spawnSync(
      timed ? '/usr/bin/time' : (node[0] as string),
      timed ? ['-f', '%M', ...node] : node.slice(1),
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, CAIRN_LOG_LEVEL: 'silent' },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (copy.status !== 0)
      throw new Error(`migrate-store exited ${copy.status}: ${copy.stderr.slice(-2000)}`);
    const report = JSON.parse(copy.stdout) as {
      ok: boolean;
      copiedRows: number;
      copyMs: number;
      verifyMs: number;
      tables: { table: string; copied: number }[];
    };
    const objects = report.tables.find((t) => t.table === 'objects')?.copied ?? 0;
    const peakKiB = timed ? Number(copy.stderr.trim().split('\n').at(-1)) : Number.NaN;
    if (!report.ok) throw new Error('migrate-store did not verify the copy');
    const note = `SQLite → PostgreSQL, ${objects} objects (${report.copiedRows} rows in all)`;
    return [
      { name: 'migrate-store copy', value: objects / (report.copyMs / 1000), unit: 'objects/s', note },
      {
        name: 'migrate-store verify (digest of both sides + audit chain)',
        value: report.copiedRows / (report.verifyMs / 1000),
        unit: 'rows/s',
        note,
      },
      { name: 'migrate-store peak RSS', value: peakKiB / 1024, unit: 'MiB', note: 'the command alone' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { objects: { type: 'string', default: '100000' } } });
  for (const r of await measureMigration(Number(values.objects)))
    process.stdout.write(`${r.name}: ${r.value.toFixed(0)} ${r.unit} (${r.note})\n`);
}
