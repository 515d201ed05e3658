import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, TAXII } from '../helpers/create-test-hub.js';
import { runCli } from '../helpers/run-cli.js';
import { indicator, indicators } from '../helpers/stix-fixtures.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN_PASSWORD = 'cli-admin-password-for-tests';
const ALICE_PASSWORD = 'alice password for the cli test';

/** Runs the real CLI in a child process, as the hub's operator with a known admin password. */
const cli = (
  args: readonly string[],
  options: { stdin?: string | Buffer; env?: Record<string, string> } = {},
) => runCli(args, { ...options, env: { CAIRN_ADMIN_PASSWORD: ADMIN_PASSWORD, ...options.env } });

describe('the cairn command', () => {
  let dir: string;
  let data: string;
  let collectionId: string;
  const imported = indicators(5);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-cli-'));
    data = join(dir, 'data');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const run = (args: readonly string[], options?: Parameters<typeof cli>[1]) =>
    cli([...args, '--data', data], options);
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('org add creates an organisation and prints it as JSON', async () => {
    const res = await run(['org', 'add', 'acme', '--class', 'private', '--json']);
    expect(res.code).toBe(0);
    const org = JSON.parse(res.stdout);
    expect(org).toMatchObject({
      name: 'acme',
      orgClass: 'private',
      identityId: expect.stringMatching(/^identity--/),
    });
    expect(res.stderr).toContain('Created the hub');
  }, 30_000);

  it('org add with an unknown class fails with exit 1 and the reason', async () => {
    const res = await run(['org', 'add', 'weird', '--class', 'alien']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/CAIRN_INVALID_INPUT: Organisation class must be one of/);
  }, 30_000);

  it('org list shows the organisations, as a table and as JSON', async () => {
    const json = await run(['org', 'list', '--json']);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { name: string }[]).map((o) => o.name)).toEqual([
      'hub-operator',
      'acme',
    ]);
    const text = await run(['org', 'list']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^NAME\s+CLASS\s+ID/);
    expect(text.stdout).toMatch(/acme\s+private/);
  }, 30_000);

  it('user add --password-stdin reads the password and never prints it', async () => {
    const res = await run(
      ['user', 'add', 'alice', '--org', 'acme', '--role', 'analyst', '--password-stdin', '--json'],
      {
        stdin: `${ALICE_PASSWORD}\n`,
      },
    );
    expect(res.code).toBe(0);
    const user = JSON.parse(res.stdout);
    expect(user).toMatchObject({ name: 'alice', roles: [{ role: 'analyst' }] });
    expect(user.password).toBeUndefined();
    expect(res.stdout + res.stderr).not.toContain(ALICE_PASSWORD);
  }, 30_000);

  it('user add without --password-stdin generates a password and shows it once', async () => {
    const res = await run(['user', 'add', 'bob', '--org', 'acme', '--json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).password).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  }, 30_000);

  it('token create prints the token once; token revoke revokes it, and again fails', async () => {
    const created = await run([
      'token',
      'create',
      '--org',
      'acme',
      '--scope',
      'write',
      '--name',
      'siem',
      '--json',
    ]);
    expect(created.code).toBe(0);
    const token = JSON.parse(created.stdout);
    expect(token).toMatchObject({
      name: 'siem',
      scope: 'write',
      token: expect.stringMatching(/^cairn_[0-9a-f]{32}_/),
    });
    const revoked = await run(['token', 'revoke', token.id, '--json']);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toEqual({ revoked: token.id });
    const again = await run(['token', 'revoke', token.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('CAIRN_NOT_FOUND');
  }, 30_000);

  it('community add, community list and community member add', async () => {
    const added = await run([
      'community',
      'add',
      'energy',
      '--title',
      'Energy ISAC',
      '--default-tlp',
      'green',
      '--json',
    ]);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({
      name: 'energy',
      title: 'Energy ISAC',
      defaultTlp: 'green',
    });
    const list = await run(['community', 'list', '--json']);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((c) => c.name)).toEqual(['hub', 'energy']);
    const member = await run(['community', 'member', 'add', 'energy', '--org', 'acme', '--json']);
    expect(member.code).toBe(0);
    const unknown = await run(['community', 'member', 'add', 'nope', '--org', 'acme']);
    expect(unknown.code).toBe(1);
  }, 30_000);

  it('collection add prints the new id; collection list shows it', async () => {
    const added = await run([
      'collection',
      'add',
      '--community',
      'energy',
      '--title',
      'Energy feed',
      '--read',
      'members',
      '--write',
      'org:acme',
    ]);
    expect(added.code).toBe(0);
    collectionId = added.stdout.trim();
    expect(collectionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const list = await run(['collection', 'list', '--json']);
    const found = (JSON.parse(list.stdout) as { id: string; title: string }[]).find(
      (c) => c.id === collectionId,
    );
    expect(found?.title).toBe('Energy feed');
  }, 30_000);

  it('import reads a bundle, NDJSON and gzip, and reports accepted objects', async () => {
    const bundle = file(
      'bundle.json',
      JSON.stringify(
        { type: 'bundle', id: 'bundle--6b1d0c1a-4a5e-4c64-9d6c-2f1b1c0e3a11', objects: imported.slice(0, 2) },
        null,
        2,
      ),
    );
    const ndjson = file(
      'objects.ndjson',
      `${imported
        .slice(2, 4)
        .map((o) => JSON.stringify(o))
        .join('\n')}\n`,
    );
    const gz = file('envelope.json.gz', gzipSync(JSON.stringify({ objects: imported.slice(4) })));
    for (const [path, n] of [
      [bundle, 2],
      [ndjson, 2],
      [gz, 1],
    ] as const) {
      const res = await run(['import', path, '--collection', collectionId, '--json']);
      expect(res.code, path).toBe(0);
      expect(JSON.parse(res.stdout), path).toMatchObject({
        collection: collectionId,
        accepted: n,
        rejected: 0,
      });
    }
    const stdin = await run(['import', '-', '--collection', collectionId], {
      stdin: JSON.stringify(imported[0]),
    });
    expect(stdin.code).toBe(0);
    expect(stdin.stdout).toMatch(/Accepted 1 objects, rejected 0/);
  }, 60_000);

  it('import of a file with invalid objects exits 1 and names each reason', async () => {
    const bad = indicator({ modified: '2025-01-01T00:00:00.000Z', created: '2026-01-01T00:00:00.000Z' });
    const noPattern = indicator();
    delete noPattern.pattern;
    const path = file('mixed.json', JSON.stringify({ objects: [indicator(), bad, noPattern] }));
    const res = await run(['import', path, '--collection', collectionId]);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/Accepted 1 objects, rejected 2/);
    expect(res.stdout).toContain(`rejected ${bad.id}`);
    expect(res.stdout).toContain(`rejected ${noPattern.id}`);
    expect(res.stdout).toMatch(/pattern/);
    const json = await run(['import', path, '--collection', collectionId, '--json']);
    expect(json.code).toBe(1);
    const summary = JSON.parse(json.stdout);
    expect(summary.failures.map((f: { id: string }) => f.id)).toEqual([bad.id, noPattern.id]);
    for (const f of summary.failures) expect(f.message).toEqual(expect.any(String));
  }, 30_000);

  it('import of something that is not STIX input fails with exit 1', async () => {
    const path = file('garbage.txt', 'this is { not json\nat all');
    const res = await run(['import', path, '--collection', collectionId]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('CAIRN_INVALID_INPUT');
    const missing = await run(['import', join(dir, 'missing.json'), '--collection', collectionId]);
    expect(missing.code).toBe(1);
  }, 30_000);

  it('export writes a bundle and NDJSON that round-trip through import', async () => {
    const bundle = await run(['export', '--collection', collectionId]);
    expect(bundle.code).toBe(0);
    const parsed = JSON.parse(bundle.stdout);
    expect(parsed.type).toBe('bundle');
    const ids = (parsed.objects as { id: string }[]).map((o) => o.id);
    for (const o of imported) expect(ids).toContain(o.id);
    const ndjson = await run(['export', '--collection', collectionId, '--format', 'ndjson']);
    expect(ndjson.code).toBe(0);
    const lines = ndjson.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(parsed.objects);
    // Re-importing the export is idempotent (T136): everything accepted, nothing new.
    const again = await run([
      'import',
      file('export.ndjson', ndjson.stdout),
      '--collection',
      collectionId,
      '--json',
    ]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ accepted: lines.length, rejected: 0 });
    const after = await run(['export', '--collection', collectionId, '--format', 'ndjson']);
    expect(after.stdout).toBe(ndjson.stdout);
  }, 60_000);

  it('usage errors exit 2 and print the usage', async () => {
    for (const args of [
      ['org', 'add'],
      ['org', 'add', 'x'],
      ['import', '--collection', 'x'],
      ['export'],
      ['export', '--collection', 'x', '--format', 'xml'],
      ['org', 'list', '--bogus'],
      ['token', 'create'],
      ['token', 'create', '--org', 'acme', '--expires-days', 'soon'],
    ]) {
      const res = await run(args);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr, args.join(' ')).toContain('Usage: cairn');
    }
  }, 60_000);

  it('an unknown verb exits 2 with the list of commands; --help exits 0', async () => {
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Usage: cairn <command>');
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('serve');
    const verbHelp = await cli(['org', 'add', '--help']);
    expect(verbHelp.code).toBe(0);
    expect(verbHelp.stdout).toContain('Usage: cairn org add');
  }, 30_000);

  it('serve starts on port 0, prints its URL, serves TAXII and exits 0 on SIGTERM', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--data', data, '--host', '127.0.0.1', '--port', '0'],
      {
        cwd: repoRoot,
        env: { ...process.env, CAIRN_ADMIN_PASSWORD: ADMIN_PASSWORD, CAIRN_LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stderr = '';
        child.stderr?.on('data', (c: Buffer) => {
          stderr += c.toString('utf8');
          const m = /serving TAXII 2\.1 at (http:\/\/[^\s]+)\/taxii2\//.exec(stderr);
          if (m !== null) resolve(m[1] as string);
        });
        child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const discovery = await fetch(`${url}/taxii2/`, {
        headers: { accept: TAXII, authorization: basic('admin', ADMIN_PASSWORD) },
      });
      expect(discovery.status).toBe(200);
      expect(discovery.headers.get('content-type')).toBe(TAXII);
      expect(((await discovery.json()) as { api_roots: string[] }).api_roots).toEqual(['/hub/', '/energy/']);
      // The store the CLI wrote is the one the server serves.
      const objects = await fetch(`${url}/energy/collections/${collectionId}/objects/?limit=100`, {
        headers: { accept: TAXII, authorization: basic('alice', ALICE_PASSWORD) },
      });
      expect(objects.status).toBe(200);
      const ids = ((await objects.json()) as { objects: { id: string }[] }).objects.map((o) => o.id);
      for (const o of imported) expect(ids).toContain(o.id);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(readFileSync(join(data, 'cairn.db')).length).toBeGreaterThan(0);
  }, 60_000);
});
