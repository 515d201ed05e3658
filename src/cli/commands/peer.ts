import type { Hub } from '../../app/index.js';
import { DEFAULT_PEER_INTERVAL_MS } from '../../federation/index.js';
import type { PeerAuth, PeerRecord } from '../../store/index.js';
import { type CliCommand, type CliIo, EXIT } from '../cli-io.js';
import { configFor, output, parseCommandArgs, STORE_OPTIONS, table, UsageError } from '../command-support.js';
import { withHub } from '../with-hub.js';

/** Runs `work` on the hub of this invocation. */
function onHub<T>(io: CliIo, values: { data?: string; config?: string }, work: (hub: Hub) => Promise<T>) {
  return withHub(io, configFor(io, values), work);
}

function parseAuth(text: string | undefined): PeerAuth {
  if (text === undefined || text === 'bearer') return { scheme: 'bearer' };
  if (text.startsWith('basic:') && text.length > 6) return { scheme: 'basic', user: text.slice(6) };
  throw new UsageError('--auth must be "bearer" or "basic:USER"');
}

function parseInterval(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PEER_INTERVAL_MS;
  if (!/^\d{1,10}$/.test(text)) throw new UsageError('--interval-ms must be a whole number');
  return Number(text);
}

/** What the CLI shows of a peer: everything but nothing secret (the credential is a reference). */
function describePeer(p: PeerRecord): string {
  const when = (micros: number | undefined) =>
    micros === undefined ? 'never' : new Date(micros / 1000).toISOString();
  return [
    `Peer ${p.name} (${p.id})${p.enabled ? '' : ' [disabled]'}`,
    `  pulls ${p.apiRootUrl} collection ${p.remoteCollectionId} into ${p.collectionId}`,
    `  attributed to organisation ${p.orgId}; credential ${p.credentialRef} (${p.auth.scheme === 'basic' ? `basic as ${p.auth.user}` : 'bearer'})`,
    `  every ${p.intervalMs} ms; position added_after=${p.position.addedAfter ?? '(start)'}${p.position.next === undefined ? '' : ' (inside a walk)'}`,
    `  last attempt ${when(p.lastAttemptAt)}, last success ${when(p.lastSuccessAt)}`,
    ...(p.lastError === undefined ? [] : [`  last error ${p.lastError.code}: ${p.lastError.message}`]),
    `  received ${p.counters.received}, added ${p.counters.added}, duplicates ${p.counters.duplicates}, rejected ${p.counters.rejected}`,
    ...p.recentRejections.map((r) => `  rejected ${r.id} (${r.version}): ${r.message ?? ''}`),
  ].join('\n');
}

export const peerAddCommand: CliCommand = {
  path: ['peer', 'add'],
  summary: 'Add a federation peer to pull a collection from (docs/federation.md)',
  usage:
    'cairn peer add --name NAME --url API_ROOT_URL --collection REMOTE_ID --into LOCAL_COLLECTION --org ORG --credential env:VAR|file:PATH [--auth bearer|basic:USER] [--interval-ms MS] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      name: { type: 'string' },
      url: { type: 'string' },
      collection: { type: 'string' },
      into: { type: 'string' },
      org: { type: 'string' },
      credential: { type: 'string' },
      auth: { type: 'string' },
      'interval-ms': { type: 'string' },
    });
    const { name, url, collection, into, org, credential } = values;
    if (
      positionals.length > 0 ||
      [name, url, collection, into, org, credential].some((v) => v === undefined)
    ) {
      throw new UsageError('--name, --url, --collection, --into, --org and --credential are required');
    }
    const input = {
      name: name as string,
      url: url as string,
      remoteCollectionId: collection as string,
      into: into as string,
      org: org as string,
      credentialRef: credential as string,
      auth: parseAuth(values.auth),
      intervalMs: parseInterval(values['interval-ms']),
    };
    // hub.peers audits the change (peer.add), refused or not.
    const peer = await onHub(io, values, (hub) => hub.peers.add(input));
    output(io, values.json, peer, () => `Added peer "${peer.name}" (${peer.id}): ${peer.apiRootUrl}`);
    return EXIT.ok;
  },
};

export const peerListCommand: CliCommand = {
  path: ['peer', 'list'],
  summary: 'List federation peers',
  usage: 'cairn peer list [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, STORE_OPTIONS);
    const peers = await onHub(io, values, (hub) => hub.peers.list());
    output(io, values.json, peers, () =>
      table([
        ['NAME', 'URL', 'ADDED', 'LAST ERROR'],
        ...peers.map((p) => [p.name, p.apiRootUrl, String(p.counters.added), p.lastError?.code ?? '']),
      ]),
    );
    return EXIT.ok;
  },
};

export const peerShowCommand: CliCommand = {
  path: ['peer', 'show'],
  summary: "Show a federation peer's settings and pull state",
  usage: 'cairn peer show NAME [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, STORE_OPTIONS);
    const [name] = positionals;
    if (name === undefined || positionals.length > 1) throw new UsageError('NAME is required');
    const peer = await onHub(io, values, (hub) => hub.peers.show(name));
    output(io, values.json, peer, () => describePeer(peer));
    return EXIT.ok;
  },
};

export const peerRemoveCommand: CliCommand = {
  path: ['peer', 'remove'],
  summary: 'Remove a federation peer (what it pulled stays)',
  usage: 'cairn peer remove NAME [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, STORE_OPTIONS);
    const [name] = positionals;
    if (name === undefined || positionals.length > 1) throw new UsageError('NAME is required');
    const peer = await onHub(io, values, (hub) => hub.peers.remove(name));
    output(io, values.json, { removed: peer.id }, () => `Removed peer "${peer.name}"`);
    return EXIT.ok;
  },
};

export const peerPullCommand: CliCommand = {
  path: ['peer', 'pull'],
  summary: 'Run one pull round of a federation peer now',
  usage: 'cairn peer pull NAME [--restart] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      restart: { type: 'boolean', default: false },
    });
    const [name] = positionals;
    if (name === undefined || positionals.length > 1) throw new UsageError('NAME is required');
    const round = await onHub(io, values, (hub) =>
      hub.peers.pull(name, { env: io.env, restart: values.restart }),
    );
    output(io, values.json, round, () =>
      [
        `Pulled ${round.pages} pages from "${round.peer}": received ${round.received}, added ${round.added}, duplicates ${round.duplicates}, held ${round.held}, rejected ${round.rejected}`,
        round.caughtUp ? 'Caught up with the peer' : 'More remains: the next round continues',
        ...(round.error === undefined ? [] : [`${round.error.code}: ${round.error.message}`]),
      ].join('\n'),
    );
    return round.error === undefined ? EXIT.ok : EXIT.failure;
  },
};

/** Every `cairn peer` verb. */
export const PEER_COMMANDS: readonly CliCommand[] = [
  peerAddCommand,
  peerListCommand,
  peerShowCommand,
  peerRemoveCommand,
  peerPullCommand,
];
