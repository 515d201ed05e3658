import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tryParseToken } from '../../src/auth/index.js';
import { basic, startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { indicator } from '../helpers/stix-fixtures.js';
import { addOrg, addUser, USER_PASSWORD } from '../helpers/tenancy.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const WRONG_PASSWORD = 'wrong-password-that-must-never-be-stored';

/** Runs the real CLI on the test hub's data directory (SQLite in WAL: safe beside the server). */
function cli(args: readonly string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, CAIRN_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the audit log over HTTP and the CLI', () => {
  let t: TestHub;
  let token: string;
  let dbPath: string;

  beforeAll(async () => {
    t = await startTestHub();
    dbPath = join(t.dataDir, 'cairn.db');
    await addOrg(t, 'bank');
    await addUser(t, 'bank-analyst', 'bank', ['analyst']);
    token = (await t.hub.admin.createToken({ org: 'bank', scope: 'read', name: 'siem' })).token;
    expect((await t.request('GET', '/taxii2/', { auth: basic('admin', WRONG_PASSWORD) })).status).toBe(401);
    expect((await t.request('GET', '/taxii2/', { auth: basic('nobody', WRONG_PASSWORD) })).status).toBe(401);
    for (let i = 0; i < 3; i++)
      expect((await t.request('GET', '/taxii2/', { auth: `Bearer ${token}` })).status).toBe(200);
    const posted = await t.request('POST', `/hub/collections/${t.collectionId}/objects/`, {
      body: { objects: [indicator({ name: 'exported' })] },
    });
    expect(posted.json.success_count).toBe(1);
    await t.hub.audit.flush();
  }, 60_000);
  afterAll(async () => {
    await t.stop();
  });

  it('records failed logins with the user name tried and the address, never the password', async () => {
    const failures = await t.hub.store.audit.list({ event: 'login.failure' });
    expect(failures.map((e) => e.actor)).toEqual([
      { kind: 'anonymous', name: 'admin', address: '127.0.0.1' },
      { kind: 'anonymous', name: 'nobody', address: '127.0.0.1' },
    ]);
    expect(failures[0]?.details).toEqual({ method: 'password', reason: 'invalid-credentials' });
  });

  it('records token creation, and token use once per cache window rather than per request', async () => {
    const [created] = await t.hub.store.audit.list({ event: 'token.create' });
    expect(created).toMatchObject({ actor: { kind: 'operator' }, details: { org: 'bank', scope: 'read' } });
    const tokenId = created?.target.tokenId as string;
    expect(token).toContain(tokenId);
    const uses = await t.hub.store.audit.list({ event: 'token.use' });
    expect(uses).toHaveLength(1);
    expect(uses[0]?.actor).toMatchObject({ kind: 'token', id: tokenId, name: 'siem', address: '127.0.0.1' });
    const logins = await t.hub.store.audit.list({ event: 'login.success', actor: 'admin' });
    expect(logins).toHaveLength(1);
  });

  it('records admin actions of the bootstrap and the tests as the operator', async () => {
    const events = (await t.hub.store.audit.list({ limit: 1000 }))
      .filter((e) => e.actor.kind === 'operator')
      .map((e) => e.event);
    expect(events).toEqual(
      expect.arrayContaining([
        'org.add',
        'community.add',
        'community.member.add',
        'collection.add',
        'user.add',
      ]),
    );
  });

  it('audits cairn export, verifies the chain, and fails verification after a raw SQL edit', async () => {
    const exported = await cli(['export', '--collection', t.collectionId, '--data', t.dataDir]);
    expect(exported.code).toBe(0);
    const [exportEntry] = await t.hub.store.audit.list({ event: 'export' });
    expect(exportEntry).toMatchObject({
      actor: { kind: 'operator' },
      target: { collectionId: t.collectionId },
      details: { format: 'bundle', count: 1, complete: true },
    });

    const ok = await cli(['audit', 'verify', '--json', '--data', t.dataDir]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true });
    const head = JSON.parse(
      (await cli(['audit', 'show', '--limit', '1', '--json', '--data', t.dataDir])).stdout,
    );
    expect(head).toHaveLength(1);
    expect(head[0]).toMatchObject({ event: 'export' });
    const shown = await cli(['audit', 'show', '--event', 'login.*', '--data', t.dataDir]);
    expect(shown.stdout).toContain('login.failure');
    expect(shown.stdout).not.toContain('export');

    const [target] = await t.hub.store.audit.list({ event: 'token.use' });
    const db = new Database(dbPath);
    try {
      expect(() => db.prepare("UPDATE audit_log SET actor_address = '10.0.0.1'").run()).toThrow(
        /append-only/,
      );
      db.exec('DROP TRIGGER audit_log_no_update');
      db.prepare("UPDATE audit_log SET actor_address = '10.0.0.1' WHERE seq = ?").run(target?.seq);
    } finally {
      db.close();
    }
    const broken = await cli(['audit', 'verify', '--json', '--data', t.dataDir]);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, seq: target?.seq, reason: 'changed' });
    const human = await cli(['audit', 'verify', '--data', t.dataDir]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`BROKEN at entry ${target?.seq}`);
  }, 60_000);

  it('keeps no password, token or Authorization header anywhere in the audit table', () => {
    const db = new Database(dbPath, { readonly: true });
    try {
      const dump = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
      const secret = tryParseToken(token)?.secret as string;
      for (const forbidden of [
        WRONG_PASSWORD,
        USER_PASSWORD,
        'admin-password-for-tests',
        token,
        secret,
        basic('admin', WRONG_PASSWORD).slice(6),
        'scrypt$',
      ]) {
        expect(dump).not.toContain(forbidden);
      }
      expect(dump).toContain('login.failure');
    } finally {
      db.close();
    }
  });
});
