import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_PULL_SETTINGS,
  type PullRound,
  type PullSettings,
  pullPeer,
} from '../../src/federation/index.js';
import type { PeerRecord } from '../../src/store/index.js';
import { STORE_TABLES } from '../../src/store/sql/store-tables.js';
import { startTestHub, type TestHub } from '../helpers/create-test-hub.js';

export const TOKEN_VAR = 'PEER_A_TOKEN';

/** Hub A (the remote, always SQLite) with a read token, and hub B (the local store under test). */
export interface FederationWorld {
  readonly a: TestHub;
  readonly b: TestHub;
  /** A's read token: the secret the peer credential names. */
  readonly token: string;
  readonly env: Record<string, string>;
  /** The organisation of B the peer's content is attributed to. */
  readonly peerOrgId: string;
  stop(): Promise<void>;
}

export async function startFederationWorld(
  bConfig: Record<string, string | number | boolean> = { 'jobs.enabled': false },
): Promise<FederationWorld> {
  const a = await startTestHub({}, { backend: 'sqlite' });
  const b = await startTestHub(bConfig);
  const { token } = await a.hub.admin.createToken({ org: 'hub-operator', scope: 'read' });
  const org = await b.hub.admin.addOrganisation('peer-a', 'international');
  return {
    a,
    b,
    token,
    env: { [TOKEN_VAR]: token },
    peerOrgId: org.id,
    async stop() {
      await Promise.all([a.stop(), b.stop()]);
    },
  };
}

/** Adds a peer on B pulling `url` (A's API root by default) into B's bootstrap collection. */
export async function addPeer(
  world: FederationWorld,
  options: {
    readonly url?: string;
    readonly remoteCollectionId?: string;
    readonly credentialRef?: string;
    readonly into?: string;
  } = {},
): Promise<PeerRecord> {
  return world.b.hub.peers.add({
    name: `a-${randomUUID().slice(0, 8)}`,
    url: options.url ?? `${world.a.url}/hub/`,
    remoteCollectionId: options.remoteCollectionId ?? world.a.collectionId,
    into: options.into ?? world.b.collectionId,
    org: 'peer-a',
    credentialRef: options.credentialRef ?? `env:${TOKEN_VAR}`,
    auth: { scheme: 'bearer' },
    intervalMs: 1000,
  });
}

/** One round of `peer` on B, read afresh, with these bounds. */
export async function pullRound(
  world: FederationWorld,
  peer: PeerRecord,
  settings: Partial<PullSettings> = {},
): Promise<PullRound> {
  const fresh = (await world.b.hub.store.peers.get(peer.id)) as PeerRecord;
  return pullPeer(
    { taxii: world.b.hub.taxii, env: world.env, settings: { ...DEFAULT_PULL_SETTINGS, ...settings } },
    fresh,
  );
}

export interface StoredRow {
  readonly stixId: string;
  readonly version: string;
  readonly tlp: string;
  readonly submitterOrgId: string;
  readonly json: string;
}

/** Every stored version of a hub, read through the engine-neutral table copy port. */
export async function storedRows(hub: TestHub): Promise<StoredRow[]> {
  const rows: StoredRow[] = [];
  await hub.hub.store.tableCopy.read(
    { name: 'objects', key: ['seq'] },
    { columns: ['seq', 'stix_id', 'version', 'tlp', 'submitter_org_id', 'json'], batchSize: 1000 },
    async (batch) => {
      for (const [, stixId, version, tlp, submitterOrgId, json] of batch) {
        rows.push({
          stixId: stixId as string,
          version: version as string,
          tlp: tlp as string,
          submitterOrgId: submitterOrgId as string,
          json: json as string,
        });
      }
    },
  );
  return rows;
}

/** Every text cell of every table of a hub's store, for secret scans. */
export async function everyStoredText(hub: TestHub): Promise<string> {
  const { tableCopy } = hub.hub.store;
  const parts: string[] = [];
  for (const table of STORE_TABLES) {
    const columns = await tableCopy.columns(table.name);
    await tableCopy.read(table, { columns: columns.map((c) => c.name), batchSize: 1000 }, async (batch) => {
      for (const row of batch) for (const cell of row) if (typeof cell === 'string') parts.push(cell);
    });
  }
  return parts.join('\n');
}

/** A tiny TAXII impostor on loopback: `handle` answers every request; requests are recorded. */
export interface CraftedServer {
  readonly url: string;
  readonly requests: IncomingMessage[];
  close(): Promise<void>;
}

export async function startCraftedServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<CraftedServer> {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req);
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const TAXII_TYPE = 'application/taxii+json;version=2.1';
