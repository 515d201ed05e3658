/**
 * `cairn serve` as a separate process for the load test: the server must not share an event
 * loop or a heap with the clients that drive it, so its latency and memory are its own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Resident set size of the server process in MiB, read from /proc. */
  rssMiB(): number;
  stop(): Promise<void>;
}

/** Starts `cairn serve` on a free loopback port; resolves once it listens. */
export function startServerProcess(env: Readonly<Record<string, string>>): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--host', '127.0.0.1', '--port', '0'],
    {
      cwd: root,
      env: { ...process.env, CAIRN_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let stderr = '';
    const onExit = (code: number | null) => reject(new Error(`cairn serve exited (${code}): ${stderr}`));
    child.once('exit', onExit);
    child.stderr?.on('data', (chunk: Buffer) => {
      // Keep only the tail: a long run must not grow this string without bound.
      stderr = (stderr + chunk.toString()).slice(-16_384);
      const m = /serving TAXII 2\.1 at (http:\/\/\S+)\/taxii2\//.exec(stderr);
      if (m !== null && child.pid !== undefined) {
        child.off('exit', onExit);
        resolve(handle(child, m[1] as string, () => stderr));
      }
    });
  });
}

function handle(child: ChildProcess, url: string, stderr: () => string): ServerProcess {
  const pid = child.pid as number;
  return {
    url,
    pid,
    rssMiB() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
      return kb / 1024;
    },
    stop() {
      if (child.exitCode !== null) return Promise.reject(new Error(`the server had died: ${stderr()}`));
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
