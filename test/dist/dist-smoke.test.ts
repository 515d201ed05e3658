import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The built output, run the way production runs it (plain node, no test-runner transform),
 * so ESM resolution mistakes cannot hide behind vitest (STYLE.md §11).
 */
describe('built server (dist)', () => {
  let outDir: string;
  let dataDir: string;
  beforeAll(() => {
    mkdirSync(join(root, '.tmp'), { recursive: true });
    outDir = mkdtempSync(join(root, '.tmp', 'dist-'));
    dataDir = mkdtempSync(join(root, '.tmp', 'data-'));
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], {
      cwd: root,
      stdio: 'pipe',
    });
  }, 120_000);
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, serves discovery over HTTP and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(outDir, 'cli/main.js'), 'serve', '--port', '0', '--data', dataDir], {
      cwd: root,
      env: { ...process.env, CAIRN_ADMIN_PASSWORD: 'dist-smoke-password', CAIRN_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const m = /serving TAXII 2\.1 at (http:\/\/\S+)\/taxii2\//.exec(stderr);
        if (m) resolve(m[1] as string);
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    });
    const res = await fetch(`${url}/taxii2/`, {
      headers: { accept: 'application/taxii+json;version=2.1', authorization: `Basic ${Buffer.from('admin:dist-smoke-password').toString('base64')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/taxii+json;version=2.1');
    expect(await res.json()).toMatchObject({ api_roots: ['/hub/'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
