import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** One `cairn serve` process of a multi-node hub. */
export interface CairnNode {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves when the process has exited (after a kill, or a crash). */
  readonly exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `cairn serve` (through tsx, as test/reliability/crash-safety.test.ts does) on a
 * free loopback port with `env` on top of the test's environment; resolves once it listens.
 * Each node has its own data directory, unused on PostgreSQL: nodes share nothing but the
 * database.
 */
export function startCairnNode(name: string, env: Record<string, string>): Promise<CairnNode> {
  const data = mkdtempSync(join(tmpdir(), `cairn-${name}-`));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--data', data, '--port', '0'],
    {
      cwd: root,
      env: { ...process.env, CAIRN_LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      rmSync(data, { recursive: true, force: true });
      resolve(code);
    }),
  );
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /serving TAXII 2\.1 at (http:\/\/\S+)\/taxii2\//.exec(err);
      if (m)
        resolve({
          name,
          url: m[1] as string,
          child,
          exited,
          async kill(signal) {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            await exited;
          },
        });
    });
    void exited.then((code) => reject(new Error(`${name} exited (${code}) before serving: ${err}`)));
  });
}
