import { createHub, type Hub } from '../app/index.js';
import type { Config } from '../config/index.js';
import type { CliIo } from './cli-io.js';

/**
 * Opens the hub's store for an administrative verb (no listening), runs `work` and closes
 * it. SQLite in WAL lets this run beside a live server on the same data directory.
 */
export async function withHub<T>(io: CliIo, config: Config, work: (hub: Hub) => Promise<T>): Promise<T> {
  const hub = await createHub({ ...config, logLevel: 'silent' });
  try {
    announceBootstrap(io, hub);
    return await work(hub);
  } finally {
    await hub.close();
  }
}

/** The generated admin password is shown once, on the terminal, never in the log. */
export function announceBootstrap(io: CliIo, hub: Hub): void {
  if (!hub.bootstrap.created) return;
  io.stderr.write(
    `Created the hub in ${hub.config.dataDir}: community "hub" (API root /hub/) and user "admin".\n`,
  );
  if (hub.bootstrap.generatedPassword !== undefined) {
    io.stderr.write(`Admin password (shown once, store it now): ${hub.bootstrap.generatedPassword}\n`);
  }
}
