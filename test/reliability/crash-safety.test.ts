import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { indicator } from '../helpers/stix-fixtures.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PASSWORD = 'crash-test-admin-password';
// biome-ignore lint/suspicious/noExplicitAny: TAXII responses are read as loose JSON here.
type Json = any;
const json = async (res: Response): Promise<Json> => res.json();
const HEADERS = {
  accept: 'application/taxii+json;version=2.1',
  'content-type': 'application/taxii+json;version=2.1',
  authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`,
};

/** Starts `cairn serve` on a free port over `data`; resolves with its URL once it listens. */
function serve(data: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--data', data, '--port', '0'],
    {
      cwd: root,
      env: { ...process.env, CAIRN_ADMIN_PASSWORD: PASSWORD, CAIRN_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /serving TAXII 2\.1 at (http:\/\/\S+)\/taxii2\//.exec(err);
      if (m) resolve({ child, url: m[1] as string });
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => child.on('exit', () => resolve()));

/**
 * Issue 7: `kill -9` at random moments during heavy ingestion, then a restart. Every object
 * whose status said success is there, no bundle is half-stored, and a `next` cursor issued
 * before the crash still pages after it.
 */
describe('crash safety (kill -9 during ingestion)', () => {
  const data = mkdtempSync(join(tmpdir(), 'cairn-crash-'));
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('keeps every acknowledged object and never half a bundle, across repeated crashes', async () => {
    const acknowledged = new Set<string>();
    const bundles: string[][] = [];
    let collection = '';
    let cursor: string | undefined;
    for (let round = 0; round < 3; round++) {
      const { child, url } = await serve(data);
      if (collection === '') {
        const list = await json(await fetch(`${url}/hub/collections/`, { headers: HEADERS }));
        collection = list.collections[0].id;
      }
      const base = `${url}/hub/collections/${collection}/objects/`;
      if (cursor !== undefined) {
        // A cursor issued before the previous crash still works after the restart.
        const page = await fetch(`${base}?limit=10&next=${encodeURIComponent(cursor)}`, { headers: HEADERS });
        expect(page.status).toBe(200);
      }
      const writers = [0, 1].map(async () => {
        for (;;) {
          const objects = Array.from({ length: 200 }, () => indicator({ id: `indicator--${randomUUID()}` }));
          bundles.push(objects.map((o) => o.id as string));
          try {
            const res = await fetch(base, {
              method: 'POST',
              headers: HEADERS,
              body: JSON.stringify({ objects }),
            });
            const status = await json(res);
            for (const s of status.successes ?? []) acknowledged.add(s.id);
          } catch {
            return; // the server died under us
          }
        }
      });
      await new Promise((r) => setTimeout(r, 400 + Math.random() * 800));
      const first = await json(await fetch(`${base}?limit=10`, { headers: HEADERS }));
      cursor = first.next ?? cursor;
      const exit = killed(child);
      child.kill('SIGKILL');
      await exit;
      await Promise.all(writers);
    }

    const { child, url } = await serve(data);
    try {
      const stored = new Set<string>();
      let next: string | undefined;
      do {
        const q = next === undefined ? '?limit=5000' : `?limit=5000&next=${encodeURIComponent(next)}`;
        const page = await json(
          await fetch(`${url}/hub/collections/${collection}/objects/${q}`, { headers: HEADERS }),
        );
        for (const o of page.objects ?? []) stored.add(o.id);
        next = page.more ? page.next : undefined;
      } while (next !== undefined);
      expect(acknowledged.size).toBeGreaterThan(0);
      for (const id of acknowledged) expect(stored.has(id), id).toBe(true);
      for (const ids of bundles) {
        const present = ids.filter((id) => stored.has(id)).length;
        expect([0, ids.length]).toContain(present);
      }
    } finally {
      const exit = killed(child);
      child.kill('SIGKILL');
      await exit;
    }
  }, 120_000);

  it('kill -9 during `cairn import`: whole batches only, and the audit chain still verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-crash-import-'));
    try {
      // A collection to import into: the first serve creates the hub.
      const { child, url } = await serve(dir);
      const list = await json(await fetch(`${url}/hub/collections/`, { headers: HEADERS }));
      const collection = list.collections[0].id as string;
      const exit = killed(child);
      child.kill('SIGTERM');
      await exit;

      // 60 batches of 1,000 (the import's transaction size), each batch's ids recorded.
      const file = join(dir, 'objects.ndjson');
      const batches: string[][] = [];
      const lines: string[] = [];
      for (let b = 0; b < 60; b++) {
        const objects = Array.from({ length: 1000 }, () => indicator({ id: `indicator--${randomUUID()}` }));
        batches.push(objects.map((o) => o.id as string));
        for (const o of objects) lines.push(JSON.stringify(o));
      }
      writeFileSync(file, `${lines.join('\n')}\n`);
      const importer = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'import', file, '--collection', collection, '--data', dir],
        { cwd: root, env: { ...process.env, CAIRN_LOG_LEVEL: 'silent' }, stdio: 'ignore' },
      );
      const importerExit = killed(importer);
      // Kill once some batches are committed (the WAL has grown), not before or after.
      const wal = readdirSync(dir).find((f) => f.endsWith('.db'));
      for (let waited = 0; waited < 60_000 && importer.exitCode === null; waited += 10) {
        const size =
          wal === undefined ? 0 : (statSync(join(dir, `${wal}-wal`), { throwIfNoEntry: false })?.size ?? 0);
        if (size > 8 * 2 ** 20) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      importer.kill('SIGKILL');
      await importerExit;

      const restarted = await serve(dir);
      try {
        const stored = new Set<string>();
        let next: string | undefined;
        do {
          const q = next === undefined ? '?limit=5000' : `?limit=5000&next=${encodeURIComponent(next)}`;
          const page = await json(
            await fetch(`${restarted.url}/hub/collections/${collection}/objects/${q}`, { headers: HEADERS }),
          );
          for (const o of page.objects ?? []) stored.add(o.id);
          next = page.more ? page.next : undefined;
        } while (next !== undefined);
        for (const ids of batches) {
          const present = ids.filter((id) => stored.has(id)).length;
          expect([0, ids.length]).toContain(present);
        }
        // The kill landed during the import: some batches in, not all.
        expect(stored.size).toBeGreaterThan(0);
        expect(stored.size).toBeLessThan(60_000);
      } finally {
        const stop = killed(restarted.child);
        restarted.child.kill('SIGTERM');
        await stop;
      }
      // The hash-chained audit log survived every crash intact.
      const verify = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'audit', 'verify', '--data', dir],
        {
          cwd: root,
          env: { ...process.env, CAIRN_LOG_LEVEL: 'silent' },
          stdio: 'ignore',
        },
      );
      const code = await new Promise<number | null>((resolve) => verify.on('exit', resolve));
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
