import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub, startServer } from '../../src/app/index.js';
import { tryParseToken } from '../../src/auth/index.js';
import { loadConfig } from '../../src/config/index.js';

const PASSWORD = 'a-very-secret-admin-password';

describe('logs', () => {
  let dir: string;
  let hub: Hub;
  let url: string;
  let stop: () => Promise<void>;
  let log = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-logs-'));
    const config = loadConfig({
      env: { CAIRN_ADMIN_PASSWORD: PASSWORD },
      flags: { dataDir: dir, port: 0, logLevel: 'trace' },
    });
    const logStream = new Writable({
      write(chunk, _enc, done) {
        log += chunk.toString();
        done();
      },
    });
    hub = await createHub(config, { logStream });
    const server = await startServer(hub);
    url = server.url;
    stop = () => server.stop();
  });
  afterAll(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never contain passwords or tokens, whatever clients send', async () => {
    const token = (await hub.admin.createToken({ org: 'hub-operator', scope: 'write' })).token;
    const basic = (user: string, pass: string) =>
      `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    const headers = { accept: 'application/taxii+json;version=2.1' };
    await fetch(`${url}/taxii2/`, { headers: { ...headers, authorization: basic('admin', PASSWORD) } });
    await fetch(`${url}/taxii2/`, {
      headers: { ...headers, authorization: basic('admin', 'wrong-but-secret-guess') },
    });
    await fetch(`${url}/taxii2/`, { headers: { ...headers, authorization: `Bearer ${token}` } });
    await fetch(`${url}/taxii2/?password=${PASSWORD}`, {
      headers: { ...headers, authorization: basic('admin', PASSWORD) },
    });
    await fetch(`${url}/hub/collections/nope/objects/`, {
      method: 'POST',
      headers: {
        ...headers,
        authorization: `Bearer ${token}`,
        'content-type': 'application/taxii+json;version=2.1',
      },
      body: '{"objects":[]}',
    });
    expect(log.length).toBeGreaterThan(0);
    expect(log).toContain('"statusCode":200');
    for (const secret of [
      PASSWORD,
      'wrong-but-secret-guess',
      token,
      tryParseToken(token)?.secret as string,
    ]) {
      expect(log.includes(secret), `log contains ${secret.slice(0, 6)}…`).toBe(false);
    }
    expect(log).not.toMatch(/authorization":"(Basic|Bearer) /i);
  });
});
