import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestResponse } from '../helpers/create-test-hub.js';
import { openSse } from '../helpers/sse-client.js';
import { indicator } from '../helpers/stix-fixtures.js';
import { walk } from '../helpers/taxii-walk.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { createPgTestSchema, describeWithPostgres, eventually, type PgTestSchema } from './pg-test-schema.js';

/**
 * Issue 6: the database goes away under a running hub and comes back. The hub talks to the
 * shared PostgreSQL through a TcpProxy that the test cuts (every live connection reset, new
 * ones refused) and restores; the database itself never stops, so other tests are untouched.
 */
describeWithPostgres('database outage', (base) => {
  let schema: PgTestSchema;
  let proxy: TcpProxy;
  let t: TestHub;
  let objectsPath: string;

  beforeAll(async () => {
    schema = createPgTestSchema(base, 'cairn_outage');
    proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(base).port || 5432) });
    // The database URL points at the proxy; the helper's own schema handling is not used.
    t = await startTestHub(
      {
        databaseUrl: schema.url({ port: proxy.port }),
        'database.connectTimeoutMs': 2000,
        'jobs.leaderPollMs': 100,
        // Streams must recover through the feed's own reconnection, not a periodic re-read.
        'streams.recheckMs': 3_600_000,
      },
      { backend: 'sqlite' },
    );
    objectsPath = `/hub/collections/${t.collectionId}/objects/`;
  }, 60_000);
  afterAll(async () => {
    proxy?.restore();
    await t?.stop();
    await proxy?.close();
    await schema?.drop();
  });

  const readyz = async () => t.rawRequest('GET', '/readyz', {});
  const leading = async (): Promise<string[]> => (await readyz()).json.jobs.leading;
  const bundle = (n: number) =>
    Array.from({ length: n }, () => indicator({ id: `indicator--${randomUUID()}` }));
  const storedIds = async () =>
    new Set((await walk<{ id: string }>(t, `${objectsPath}?limit=1000`)).items.map((o) => o.id));
  const expectUnavailable = (res: TestResponse) => {
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('content-type')).toBe('application/taxii+json;version=2.1');
    expect(res.json).toMatchObject({ http_status: '503', error_code: 'CAIRN_STORE_UNAVAILABLE' });
  };

  it('503 with Retry-After and a TAXII error resource while the database is gone; not ready; back afterwards', async () => {
    const before = bundle(20);
    expect((await t.request('POST', objectsPath, { body: { objects: before } })).status).toBe(202);
    await eventually('the node to lead its jobs', async () =>
      (await leading()).includes('status-purge') ? true : undefined,
    );

    proxy.cut();
    expectUnavailable(await t.request('GET', objectsPath));
    expectUnavailable(await t.request('GET', '/taxii2/'));
    const during = bundle(20);
    expectUnavailable(await t.request('POST', objectsPath, { body: { objects: during } }));
    const notReady = await readyz();
    expect(notReady.status).toBe(503);
    expect(notReady.json.status).toBe('unavailable');
    // A node that cannot see the database leads no job (another node may take them over).
    await eventually('the node to step down', async () =>
      (await leading()).length === 0 ? true : undefined,
    );

    proxy.restore();
    await eventually('readiness', async () => ((await readyz()).status === 200 ? true : undefined));
    await eventually('leadership again', async () =>
      (await leading()).includes('status-purge') ? true : undefined,
    );
    const stored = await storedIds();
    for (const o of before) expect(stored.has(o.id as string)).toBe(true);
    expect(during.filter((o) => stored.has(o.id as string))).toHaveLength(0);
    expect((await t.request('POST', objectsPath, { body: { objects: bundle(5) } })).status).toBe(202);
  }, 60_000);

  it('a live stream outlives the outage: the node listens again and the stream delivers what follows', async () => {
    const stream = await openSse(`${t.url}/api/v1/communities/hub/collections/${t.collectionId}/stream`, {
      authorization: t.adminAuth,
    });
    await stream.waitUntil(() => stream.lastEventId !== undefined);
    const ids = () => stream.events.filter((e) => e.data !== '').map((e) => JSON.parse(e.data).id);
    const before = bundle(5);
    expect((await t.request('POST', objectsPath, { body: { objects: before } })).status).toBe(202);
    await stream.waitUntil(() => ids().length === 5);

    proxy.cut();
    expectUnavailable(await t.request('POST', objectsPath, { body: { objects: bundle(5) } }));
    proxy.restore();
    await eventually('readiness', async () => ((await readyz()).status === 200 ? true : undefined));
    const after = bundle(5);
    expect((await t.request('POST', objectsPath, { body: { objects: after } })).status).toBe(202);
    await stream.waitUntil(() => ids().length === 10, 20_000);
    expect(ids()).toEqual([...before, ...after].map((o) => o.id));
    expect(stream.ended).toBe(false);
    stream.close();
  }, 60_000);

  it('POSTs in flight when the connections drop are stored whole or not at all; acknowledged ones survive', async () => {
    const acknowledged = new Set<string>();
    const bundles: string[][] = [];
    const statuses = new Set<number>();
    let stop = false;
    let failed = 0;
    const writer = async () => {
      while (!stop) {
        const objects = bundle(50);
        bundles.push(objects.map((o) => o.id as string));
        const res = await t.request('POST', objectsPath, { body: { objects } });
        statuses.add(res.status);
        if (res.status === 202) for (const s of res.json.successes) acknowledged.add(s.id);
        else failed++;
      }
    };
    const writers = [writer(), writer(), writer()];
    await eventually('writes before the outage', async () => (acknowledged.size >= 300 ? true : undefined));
    proxy.cut();
    await eventually('writes refused during the outage', async () => (failed >= 6 ? true : undefined));
    proxy.restore();
    const atRestore = acknowledged.size;
    await eventually('writes after the outage', async () =>
      acknowledged.size >= atRestore + 300 ? true : undefined,
    );
    stop = true;
    await Promise.all(writers);

    // Nothing but success or "retry later": no 500, no hang.
    expect([...statuses].sort()).toEqual([202, 503]);
    const stored = await storedIds();
    for (const id of acknowledged) expect(stored.has(id), id).toBe(true);
    for (const ids of bundles) expect([0, ids.length]).toContain(ids.filter((id) => stored.has(id)).length);
  }, 90_000);
});
