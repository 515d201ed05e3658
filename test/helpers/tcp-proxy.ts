import { once } from 'node:events';
import { createServer, type Socket, connect as tcpConnect } from 'node:net';

/**
 * A TCP proxy on a loopback port in front of a real server (PostgreSQL at 127.0.0.1:5432),
 * so a test can take the database away from one hub without touching the database that other
 * tests use at the same time.
 */
export interface TcpProxy {
  /** The loopback port clients connect to. */
  readonly port: number;
  /** Connections currently relayed. */
  readonly liveConnections: number;
  /**
   * The outage: resets every live connection (both sides see ECONNRESET) and, until
   * `restore`, resets each new one as soon as it is accepted.
   */
  cut(): void;
  /** Relays new connections again. */
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<readonly [Socket, Socket]>();
  let open = true;
  const server = createServer((client) => {
    if (!open) {
      client.resetAndDestroy();
      return;
    }
    const upstream = tcpConnect(target.port, target.host);
    const pair = [client, upstream] as const;
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The proxy has no TCP port');
  const proxy: TcpProxy = {
    port: address.port,
    get liveConnections() {
      return pairs.size;
    },
    cut() {
      open = false;
      for (const [client, upstream] of pairs) {
        client.resetAndDestroy();
        upstream.resetAndDestroy();
      }
      pairs.clear();
    },
    restore() {
      open = true;
    },
    async close() {
      proxy.cut();
      server.close();
      await once(server, 'close');
    },
  };
  return proxy;
}
