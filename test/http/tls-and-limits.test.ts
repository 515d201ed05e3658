import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestHub, type TestHub } from '../helpers/create-test-hub.js';

const AUTH = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
function makeCertificates(dir: string): void {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Test CA',
  );
  for (const name of ['server', 'client']) {
    run(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}`,
    );
    const ext = join(dir, `${name}.ext`);
    execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1\\n' > ${ext}`]);
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-extfile',
      ext,
    );
  }
}

function get(
  url: string,
  options: {
    ca: Buffer;
    cert?: Buffer;
    key?: Buffer;
    maxVersion?: 'TLSv1.2' | 'TLSv1.3' | 'TLSv1.1';
    minVersion?: 'TLSv1.1' | 'TLSv1.2';
  },
): Promise<{ status: number; protocol: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/taxii2/`,
      { ...options, headers: { authorization: AUTH, accept: 'application/taxii+json;version=2.1' } },
      (res) => {
        const protocol = (res.socket as unknown as { getProtocol(): string }).getProtocol();
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, protocol }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('TLS (T001–T006)', () => {
  let dir: string;
  let t: TestHub;
  let mutual: TestHub;
  let ca: Buffer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-tls-'));
    makeCertificates(dir);
    ca = readFileSync(join(dir, 'ca.pem'));
    const tls = { 'tls.certFile': join(dir, 'server.pem'), 'tls.keyFile': join(dir, 'server.key') };
    t = await startTestHub(tls);
    mutual = await startTestHub({ ...tls, 'tls.clientCaFile': join(dir, 'ca.pem') });
  }, 60_000);
  afterAll(async () => {
    await t.stop();
    await mutual.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('T001/T002/T003 serves TAXII over TLS 1.3 and TLS 1.2', async () => {
    expect(t.url.startsWith('https://')).toBe(true);
    expect(await get(t.url, { ca })).toEqual({ status: 200, protocol: 'TLSv1.3' });
    expect(await get(t.url, { ca, maxVersion: 'TLSv1.2' })).toEqual({ status: 200, protocol: 'TLSv1.2' });
  });

  it('refuses TLS 1.1', async () => {
    await expect(get(t.url, { ca, maxVersion: 'TLSv1.1', minVersion: 'TLSv1.1' })).rejects.toThrow();
  });

  it('T006 requires a client certificate signed by the configured CA when mutual TLS is on', async () => {
    await expect(get(mutual.url, { ca })).rejects.toThrow();
    const cert = readFileSync(join(dir, 'client.pem'));
    const key = readFileSync(join(dir, 'client.key'));
    expect((await get(mutual.url, { ca, cert, key })).status).toBe(200);
  });
});

describe('rate limits', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ 'limits.requestsPerSecondPerPrincipal': 1, 'limits.burstSeconds': 3 });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers 429 with Retry-After and a TAXII error once a principal exceeds its rate', async () => {
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<TestHub['request']>> | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await t.request('GET', '/taxii2/');
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(limited?.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(limited?.headers.get('content-type')).toBe('application/taxii+json;version=2.1');
    expect(limited?.json).toMatchObject({ error_code: 'CAIRN_TOO_MANY_REQUESTS', http_status: '429' });
  });
});
