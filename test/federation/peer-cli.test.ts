import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { runCli } from '../helpers/run-cli.js';
import { indicators } from '../helpers/stix-fixtures.js';

/**
 * `cairn peer …` as an operator runs it: the real CLI in a child process on its own data
 * directory, pulling from a real hub over loopback, with the secret only in its environment.
 */
describe('cairn peer', () => {
  let remote: TestHub;
  let token: string;
  const dir = mkdtempSync(join(tmpdir(), 'cairn-peer-cli-'));
  const cli = (args: readonly string[], env: Record<string, string> = {}) =>
    runCli([...args, '--data', dir], { env: { CAIRN_ADMIN_PASSWORD: 'peer-cli-admin-password', ...env } });

  beforeAll(async () => {
    remote = await startTestHub({}, { backend: 'sqlite' });
    ({ token } = await remote.hub.admin.createToken({ org: 'hub-operator', scope: 'read' }));
    const res = await remote.request('POST', `/hub/collections/${remote.collectionId}/objects/`, {
      body: { objects: indicators(3) },
    });
    expect(res.status).toBe(202);
  });
  afterAll(async () => {
    await remote.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds, shows, pulls and removes a peer, auditing each change, with the secret never printed or stored', async () => {
    expect((await cli(['org', 'add', 'peer-org', '--class', 'international'])).code).toBe(0);
    const collections = JSON.parse((await cli(['collection', 'list', '--json'])).stdout) as { id: string }[];
    const into = (collections[0] as { id: string }).id;
    const addArgs = [
      'peer',
      'add',
      '--name',
      'remote-a',
      '--url',
      `${remote.url}/hub`,
      '--collection',
      remote.collectionId,
      '--into',
      into,
      '--org',
      'peer-org',
      '--auth',
      'basic:cairn',
    ];
    const refused = await cli([...addArgs, '--credential', token]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('CAIRN_INVALID_INPUT');
    const added = await cli([...addArgs, '--credential', 'env:REMOTE_A_TOKEN', '--json']);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({
      name: 'remote-a',
      apiRootUrl: `${remote.url}/hub/`,
      credentialRef: 'env:REMOTE_A_TOKEN',
    });

    const unset = await cli(['peer', 'pull', 'remote-a', '--json']);
    expect(unset.code).toBe(1);
    expect(JSON.parse(unset.stdout).error.code).toBe('CAIRN_PEER_CREDENTIAL_UNAVAILABLE');
    const pulled = await cli(['peer', 'pull', 'remote-a', '--json'], { REMOTE_A_TOKEN: token });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(JSON.parse(pulled.stdout)).toMatchObject({
      peer: 'remote-a',
      received: 3,
      added: 3,
      caughtUp: true,
    });
    const again = await cli(['peer', 'pull', 'remote-a', '--restart'], { REMOTE_A_TOKEN: token });
    expect(again.stdout).toContain('added 0, duplicates 3');

    const shown = await cli(['peer', 'show', 'remote-a']);
    expect(shown.stdout).toContain('credential env:REMOTE_A_TOKEN (basic as cairn)');
    expect(shown.stdout).toContain('received 6, added 3, duplicates 3, rejected 0');
    expect((await cli(['peer', 'list'])).stdout).toContain('remote-a');
    expect((await cli(['peer', 'remove', 'remote-a'])).code).toBe(0);
    expect((await cli(['peer', 'show', 'remote-a'])).stderr).toContain('CAIRN_NOT_FOUND');

    const audit = JSON.parse((await cli(['audit', 'show', '--event', 'peer.*', '--json'])).stdout) as {
      event: string;
      details: { outcome: string; error?: string };
    }[];
    expect(audit.map((e) => [e.event, e.details.outcome, e.details.error])).toEqual([
      ['peer.add', 'failure', 'CAIRN_INVALID_INPUT'],
      ['peer.add', 'success', undefined],
      ['peer.remove', 'success', undefined],
    ]);
    const everything = [refused, added, pulled, shown].map((r) => r.stdout + r.stderr).join('\n');
    expect(everything).not.toContain(token);
    expect(JSON.stringify(audit)).not.toContain(token);
  });
});
