import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHub, type Hub } from '../../src/app/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { PeerRecord } from '../../src/store/index.js';
import { startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { indicator } from '../helpers/stix-fixtures.js';
import { type CairnNode, startCairnNode } from './cairn-node.js';
import { createPgTestSchema, describeWithPostgres, eventually, type PgTestSchema } from './pg-test-schema.js';

const PASSWORD = 'federation-takeover-admin-password';
const OBJECTS = 60;
const PAGE = 4;

/**
 * A relay in front of the remote hub that waits before each page, so a pull round lasts long
 * enough to be cut by a SIGKILL. It counts the pages it relayed.
 */
async function startSlowRelay(
  target: string,
  delayMs: number,
): Promise<{ url: string; pages(): number; close(): Promise<void> }> {
  let pages = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      await new Promise((r) => setTimeout(r, delayMs));
      const upstream = await fetch(target + (req.url ?? ''), {
        headers: { accept: req.headers.accept ?? '', authorization: req.headers.authorization ?? '' },
      });
      const body = await upstream.text();
      pages++;
      const headers: Record<string, string> = {};
      for (const h of ['content-type', 'x-taxii-date-added-first', 'x-taxii-date-added-last']) {
        const v = upstream.headers.get(h);
        if (v !== null) headers[h] = v;
      }
      res.writeHead(upstream.status, headers).end(body);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pages: () => pages,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describeWithPostgres('federation pull survives the death of the node pulling (issue 6)', (base) => {
  let schema: PgTestSchema;
  let remote: TestHub;
  let relay: Awaited<ReturnType<typeof startSlowRelay>>;
  let nodes: CairnNode[] = [];
  let operator: Hub;
  let dataDir: string;
  let token: string;

  beforeAll(async () => {
    remote = await startTestHub({ 'taxii.maxPageSize': PAGE }, { backend: 'sqlite' });
    ({ token } = await remote.hub.admin.createToken({ org: 'hub-operator', scope: 'read' }));
    const sent = Array.from({ length: OBJECTS }, () => indicator({ id: `indicator--${randomUUID()}` }));
    const posted = await remote.request('POST', `/hub/collections/${remote.collectionId}/objects/`, {
      body: { objects: sent },
    });
    expect(posted.status).toBe(202);
    relay = await startSlowRelay(remote.url, 150);
    schema = createPgTestSchema(base, 'cairn_federation');
    const env = {
      CAIRN_DATABASE_URL: schema.url(),
      CAIRN_ADMIN_PASSWORD: PASSWORD,
      CAIRN_JOBS_LEADER_POLL_MS: '200',
      CAIRN_FEDERATION_PULL_INTERVAL_MS: '200',
      PEER_REMOTE_TOKEN: token,
    };
    nodes = [await startCairnNode('fed-0', env)];
    nodes.push(await startCairnNode('fed-1', env));
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-federation-operator-'));
    operator = await createHub(
      loadConfig({
        env: { CAIRN_ADMIN_PASSWORD: PASSWORD },
        flags: { databaseUrl: schema.url(), dataDir, logLevel: 'silent', 'jobs.enabled': false },
      }),
    );
    await operator.admin.addOrganisation('remote-org', 'international');
  }, 120_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.kill('SIGKILL')));
    await operator?.close();
    await relay?.close();
    await remote?.stop();
    await schema?.drop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  const leaderOf = async (job: string) => {
    for (const node of nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null)) {
      const ready = (await (await fetch(`${node.url}/readyz`)).json()) as { jobs: { leading: string[] } };
      if (ready.jobs.leading.includes(job)) return node;
    }
    return undefined;
  };

  it('another node takes the job over and finishes the walk: nothing lost, nothing stored twice', async () => {
    const first = await eventually('a federation-pull leader', () => leaderOf('federation-pull'));
    const collection = ((await operator.store.tenancy.listCollections())[0] as { id: string }).id;
    const peer = await operator.peers.add({
      name: 'remote',
      url: `${relay.url}/hub/`,
      remoteCollectionId: remote.collectionId,
      into: collection,
      org: 'remote-org',
      credentialRef: 'env:PEER_REMOTE_TOKEN',
      auth: { scheme: 'bearer' },
      intervalMs: 1000,
    });
    // Cut the round a few pages in: some pages are committed, the walk is unfinished.
    await eventually('a few pages pulled', async () => (relay.pages() >= 4 ? true : undefined));
    await first.kill('SIGKILL');
    const mid = (await operator.store.peers.get(peer.id)) as PeerRecord;
    expect(mid.counters.received).toBeLessThan(OBJECTS);

    const second = await eventually('the surviving node leads federation-pull', async () => {
      const node = nodes.find((n) => n !== first) as CairnNode;
      return (await leaderOf('federation-pull')) === node ? node : undefined;
    });
    expect(second).not.toBe(first);
    const done = await eventually(
      'the walk finished by the new leader',
      async () => {
        const p = (await operator.store.peers.get(peer.id)) as PeerRecord;
        return p.lastSuccessAt !== undefined && p.position.next === undefined ? p : undefined;
      },
      60_000,
    );
    expect(done.lastError).toBeUndefined();
    // A page committed just before the kill, whose position was not saved yet, comes again:
    // its objects are duplicates then (the counters are per page, like the position).
    expect(done.counters.added).toBeLessThanOrEqual(OBJECTS);
    expect(done.counters.added + done.counters.duplicates).toBeGreaterThanOrEqual(OBJECTS);
    const rows = await schema.query<{ stix_id: string; n: string }>(
      `SELECT stix_id, count(*) AS n FROM objects WHERE stix_id LIKE 'indicator--%' GROUP BY stix_id`,
    );
    expect(rows).toHaveLength(OBJECTS);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
  }, 120_000);
});
