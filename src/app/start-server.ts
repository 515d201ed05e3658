import type { Hub } from './create-hub.js';

export interface RunningServer {
  /** The address actually bound, e.g. `http://127.0.0.1:6110`. */
  readonly url: string;
  /** Stops accepting connections, lets in-flight requests finish, then closes the store. */
  stop(): Promise<void>;
}

/** Listens on the configured host and port (port 0 picks a free one). */
export async function startServer(hub: Hub): Promise<RunningServer> {
  const address = await hub.http.listen({ host: hub.config.host, port: hub.config.port });
  // A serving node takes part in background jobs (the leader runs each; docs/scale-out.md).
  // CLI commands build a hub without serving it, and so run no jobs.
  hub.jobs.start();
  let stopping: Promise<void> | undefined;
  return {
    url: address,
    stop() {
      // fastify.close() waits for in-flight requests; the store closes after them, so nothing
      // acknowledged is lost and nothing is half-written.
      stopping ??= hub.close();
      return stopping;
    },
  };
}
