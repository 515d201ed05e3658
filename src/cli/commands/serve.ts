import { once } from 'node:events';
import { createHub, startServer } from '../../app/index.js';
import type { CliCommand } from '../cli-io.js';
import { configFor, parseCommandArgs, STORE_OPTIONS } from '../command-support.js';
import { announceBootstrap } from '../with-hub.js';

export const serveCommand: CliCommand = {
  path: ['serve'],
  summary: 'Start the TAXII 2.1 server',
  usage: 'cairn serve [--data DIR] [--host H] [--port P] [--config FILE]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      host: { type: 'string' },
      port: { type: 'string' },
    });
    const config = configFor(io, values, { host: values.host, port: values.port });
    const hub = await createHub(config, { env: io.env });
    announceBootstrap(io, hub);
    const server = await startServer(hub);
    io.stderr.write(`Cairn is serving TAXII 2.1 at ${server.url}/taxii2/\n`);
    // Graceful shutdown: stop accepting, finish in-flight requests, close the store.
    await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
    io.stderr.write('Shutting down\n');
    await server.stop();
    return 0;
  },
};
