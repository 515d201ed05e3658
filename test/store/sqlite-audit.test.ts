import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { type AuditEntryDraft, verifyChain } from '../../src/audit/index.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import { manualClock } from '../contract/store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'cairn-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const draft = (event: string): AuditEntryDraft => ({
  at: 1,
  event,
  actor: { kind: 'operator' },
  target: {},
  details: { event },
});

const storeModule = fileURLToPath(new URL('../../src/store/sqlite/open-sqlite-store.ts', import.meta.url));

describe('sqlite audit log', () => {
  it('keeps one chain when two processes append to one file at once', async () => {
    const path = join(dir, `p${n++}.db`);
    await (await openSqliteStore({ path })).close();
    const script = join(dir, 'append.mts');
    writeFileSync(
      script,
      `import { openSqliteStore } from ${JSON.stringify(storeModule)};
const store = await openSqliteStore({ path: process.argv[2] });
for (let i = 0; i < 40; i++)
  await store.audit.append([{ at: i, event: 'w' + process.argv[3], actor: { kind: 'operator' }, target: {}, details: { i } }]);
await store.close();
`,
    );
    const run = promisify(execFile);
    await Promise.all(['1', '2'].map((w) => run(process.execPath, ['--import', 'tsx', script, path, w])));
    const store = await openSqliteStore({ path });
    try {
      const all = await store.audit.list({ limit: 1000 });
      expect(all).toHaveLength(80);
      expect(verifyChain(all)).toMatchObject({ ok: true, checked: 80 });
    } finally {
      await store.close();
    }
  }, 30_000);

  it('keeps one chain when two stores on one file append at once (server and CLI)', async () => {
    const path = join(dir, `a${n++}.db`);
    const [a, b] = await Promise.all([openSqliteStore({ path }), openSqliteStore({ path })]);
    try {
      // Interleave single appends from both connections; each IMMEDIATE transaction re-reads the head.
      for (let i = 0; i < 30; i++) {
        await Promise.all([a.audit.append([draft(`a${i}`)]), b.audit.append([draft(`b${i}`)])]);
      }
      const all = await a.audit.list({ limit: 1000 });
      expect(all).toHaveLength(60);
      expect(verifyChain(all)).toMatchObject({ ok: true, checked: 60 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses UPDATE and DELETE of audit rows, even through raw SQL', async () => {
    const path = join(dir, `a${n++}.db`);
    const store = await openSqliteStore({ path, clock: manualClock() });
    await store.audit.append([draft('user.add'), draft('user.remove')]);
    await store.close();
    const db = new Database(path);
    try {
      expect(() => db.prepare("UPDATE audit_log SET details = '{}' WHERE seq = 1").run()).toThrow(
        /append-only/,
      );
      expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
      expect((db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(2);
      // With the trigger dropped the edit goes through, and verification catches it instead.
      db.exec('DROP TRIGGER audit_log_no_update');
      db.prepare("UPDATE audit_log SET actor_address = '10.9.9.9' WHERE seq = 2").run();
    } finally {
      db.close();
    }
    const reopened = await openSqliteStore({ path });
    try {
      expect(verifyChain(await reopened.audit.list())).toMatchObject({
        ok: false,
        seq: 2,
        reason: 'changed',
      });
    } finally {
      await reopened.close();
    }
  });
});
