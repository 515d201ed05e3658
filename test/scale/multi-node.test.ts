import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../src/app/index.js';
import { loadConfig } from '../../src/config/index.js';
import { openSse } from '../helpers/sse-client.js';
import { indicator } from '../helpers/stix-fixtures.js';
import { type CairnNode, startCairnNode } from './cairn-node.js';
import { createPgTestSchema, describeWithPostgres, eventually, type PgTestSchema } from './pg-test-schema.js';

const PASSWORD = 'multi-node-admin-password';
const TAXII = 'application/taxii+json;version=2.1';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ADMIN = basic('admin', PASSWORD);
// biome-ignore lint/suspicious/noExplicitAny: TAXII responses are read as loose JSON here.
type Json = any;

/** One HTTP exchange with a node; network failures (a killed node) come back as status 0. */
async function call(
  node: CairnNode,
  method: string,
  path: string,
  options: { auth?: string; body?: unknown } = {},
): Promise<{ status: number; headers: Headers; json: Json }> {
  try {
    const res = await fetch(node.url + path, {
      method,
      headers: {
        accept: TAXII,
        authorization: options.auth ?? ADMIN,
        ...(options.body === undefined ? {} : { 'content-type': TAXII }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text === '' ? undefined : JSON.parse(text) };
  } catch {
    return { status: 0, headers: new Headers(), json: undefined };
  }
}

const leadingOf = async (node: CairnNode): Promise<string[]> =>
  ((await (await fetch(`${node.url}/readyz`)).json()) as Json).jobs.leading;
const newIndicators = (n: number) =>
  Array.from({ length: n }, () => indicator({ id: `indicator--${randomUUID()}` }));

/**
 * A hub of three `cairn serve` processes on one fresh PostgreSQL schema, plus an in-process
 * hub on the same schema that plays the operator's `cairn` commands (users, tokens,
 * revocation). `env` is added to every node's environment.
 */
function useCluster(base: string, env: Record<string, string>) {
  const state = {} as {
    schema: PgTestSchema;
    nodes: CairnNode[];
    admin: Hub;
    collection: string;
    dataDir: string;
  };
  beforeAll(async () => {
    state.schema = createPgTestSchema(base, 'cairn_nodes');
    const nodeEnv = { CAIRN_DATABASE_URL: state.schema.url(), CAIRN_ADMIN_PASSWORD: PASSWORD, ...env };
    // The first node migrates and bootstraps the hub; the others then join it.
    const first = await startCairnNode('node-0', nodeEnv);
    const rest = await Promise.all([startCairnNode('node-1', nodeEnv), startCairnNode('node-2', nodeEnv)]);
    state.nodes = [first, ...rest];
    state.dataDir = mkdtempSync(join(tmpdir(), 'cairn-operator-'));
    state.admin = await createHub(
      loadConfig({
        env: { CAIRN_ADMIN_PASSWORD: PASSWORD },
        flags: { databaseUrl: state.schema.url(), dataDir: state.dataDir, logLevel: 'silent' },
      }),
    );
    state.collection = ((await state.admin.store.tenancy.listCollections())[0] as { id: string }).id;
  }, 120_000);
  afterAll(async () => {
    await Promise.all((state.nodes ?? []).map((n) => n.kill('SIGKILL')));
    await state.admin?.close();
    await state.schema?.drop();
    if (state.dataDir !== undefined) rmSync(state.dataDir, { recursive: true, force: true });
  });
  return state;
}

describeWithPostgres('several nodes on one PostgreSQL behave as one hub (issue 6)', (base) => {
  describe('data, revocation, crashes and jobs', () => {
    const c = useCluster(base, {
      CAIRN_JOBS_LEADER_POLL_MS: '200',
      CAIRN_JOBS_STATUS_PURGE_INTERVAL_MS: '200',
    });
    const objects = () => `/hub/collections/${c.collection}/objects/`;

    it('read-your-writes: what one node acknowledged, the others serve at once', async () => {
      for (const [i, writer] of c.nodes.entries()) {
        const batch = newIndicators(10);
        const posted = await call(writer, 'POST', objects(), { body: { objects: batch } });
        expect(posted.status).toBe(202);
        for (const reader of c.nodes.filter((_, j) => j !== i)) {
          const got = await call(reader, 'GET', `${objects()}${batch[9]?.id}/`);
          expect(got.status, `${writer.name} → ${reader.name}`).toBe(200);
          expect(got.json.objects[0].id).toBe(batch[9]?.id);
          const status = await call(reader, 'GET', `/hub/status/${posted.json.id}/`);
          expect(status.json).toEqual(posted.json);
        }
      }
    });

    it('live streams fan out: a write through one node reaches streams on the others, which resume anywhere', async () => {
      const path = `/api/v1/communities/hub/collections/${c.collection}/stream`;
      const [writer, a, b] = c.nodes as [CairnNode, CairnNode, CairnNode];
      const onA = await openSse(a.url + path, { authorization: ADMIN });
      const onB = await openSse(b.url + path, { authorization: ADMIN });
      await onA.waitUntil(() => onA.lastEventId !== undefined);
      await onB.waitUntil(() => onB.lastEventId !== undefined);
      const first = newIndicators(10);
      const second = newIndicators(10);
      for (const batch of [first, second])
        expect((await call(writer, 'POST', objects(), { body: { objects: batch } })).status).toBe(202);
      const ids = (events: readonly { data: string }[]) => events.map((e) => JSON.parse(e.data).id);
      const expected = [...first, ...second].map((o) => o.id);
      expect(ids(await onA.waitForData(20))).toEqual(expected);
      expect(ids(await onB.waitForData(20))).toEqual(expected);
      // A balancer moves a dropped client to another node: it resumes from its last event there.
      const resumeAt = (await onA.waitForData(20))[9]?.id as string;
      onA.close();
      onB.close();
      const third = newIndicators(5);
      expect((await call(writer, 'POST', objects(), { body: { objects: third } })).status).toBe(202);
      const moved = await openSse(b.url + path, { authorization: ADMIN, 'last-event-id': resumeAt });
      expect(ids(await moved.waitForData(15))).toEqual([...second, ...third].map((o) => o.id));
      moved.close();
    });

    it('each background job has exactly one leader among the nodes', async () => {
      await eventually('one leader per job', async () => {
        const led = (await Promise.all(c.nodes.map(leadingOf))).flat().sort();
        return led.join() === 'federation-pull,limit-sweep,status-purge' ? true : undefined;
      });
    });

    it('a token revoked through one node is refused by every node at once', async () => {
      const { record, token } = await c.admin.admin.createToken({ org: 'hub-operator', scope: 'read' });
      const bearer = `Bearer ${token}`;
      // Each node has now verified the secret and remembers it for five minutes.
      for (const node of c.nodes)
        expect((await call(node, 'GET', '/hub/collections/', { auth: bearer })).status).toBe(200);
      await c.admin.admin.revokeToken(record.id);
      for (const node of c.nodes)
        expect((await call(node, 'GET', '/hub/collections/', { auth: bearer })).status).toBe(401);
    });

    it('SIGKILL of a node during concurrent ingestion: every acknowledged object once, no half bundle', async () => {
      const storedOnce = async () => {
        const seen = new Map<string, number>();
        let next: string | undefined;
        do {
          const q = next === undefined ? '?limit=5000' : `?limit=5000&next=${encodeURIComponent(next)}`;
          const page = await call(c.nodes[0] as CairnNode, 'GET', `${objects()}${q}`);
          for (const o of page.json.objects ?? []) seen.set(o.id, (seen.get(o.id) ?? 0) + 1);
          next = page.json.more ? page.json.next : undefined;
        } while (next !== undefined);
        return seen;
      };
      const preexisting = new Set((await storedOnce()).keys());
      // A live stream on a surviving node watches the whole run.
      const watcher = await openSse(
        `${(c.nodes[0] as CairnNode).url}/api/v1/communities/hub/collections/${c.collection}/stream`,
        { authorization: ADMIN },
      );
      await watcher.waitUntil(() => watcher.lastEventId !== undefined);
      const acknowledged = new Set<string>();
      const bundles: string[][] = [];
      let stop = false;
      const writer = async (node: CairnNode) => {
        while (!stop) {
          const batch = newIndicators(100);
          bundles.push(batch.map((o) => o.id as string));
          const res = await call(node, 'POST', objects(), { body: { objects: batch } });
          if (res.status === 0) return; // the node died under us
          expect(res.status).toBe(202);
          for (const s of res.json.successes) acknowledged.add(s.id);
        }
      };
      const writers = c.nodes.map(writer);
      await eventually(
        'ingestion under way',
        async () => (acknowledged.size >= 600 ? true : undefined),
        60_000,
      );
      await c.nodes[1]?.kill('SIGKILL');
      const atKill = acknowledged.size;
      await eventually(
        'ingestion goes on',
        async () => (acknowledged.size >= atKill + 600 ? true : undefined),
        60_000,
      );
      stop = true;
      await Promise.all(writers);

      const seen = await storedOnce();
      for (const id of acknowledged) expect(seen.get(id), id).toBe(1);
      for (const ids of bundles) expect([0, ids.length]).toContain(ids.filter((id) => seen.has(id)).length);
      const duplicates = await c.schema.query(
        'SELECT stix_id FROM objects GROUP BY coll, stix_id, version HAVING count(*) > 1',
      );
      expect(duplicates).toEqual([]);
      // The stream sent exactly what was stored during the run: each object once, none lost,
      // whichever node wrote it, the killed one included.
      const added = [...seen.keys()].filter((id) => !preexisting.has(id));
      const streamed = () =>
        watcher.events.filter((e) => e.data !== '').map((e) => JSON.parse(e.data).id as string);
      await watcher.waitUntil(() => streamed().length >= added.length, 30_000);
      expect(streamed().length).toBe(added.length);
      expect(new Set(streamed())).toEqual(new Set(added));
      watcher.close();
    }, 150_000);

    it('the job leader killed: a survivor takes the job over and runs it', async () => {
      const alive = c.nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);
      const leader = await eventually('a status-purge leader among the survivors', async () => {
        const led = await Promise.all(alive.map(leadingOf));
        const holders = alive.filter((_, i) => led[i]?.includes('status-purge'));
        return holders.length === 1 ? holders[0] : undefined;
      });
      await leader.kill('SIGKILL');
      // A status completed 100 hours ago, past the default retention of 72 hours (T123).
      const hour = 3_600_000_000;
      const now = Date.now() * 1000;
      await c.schema.query(
        `INSERT INTO statuses (id, community_id, collection_id, submitter_org_id, request_timestamp, status,
          total_count, details, completed_at) VALUES ($1, 'c', 'k', 'o', $2, 'complete', 0, '{}', $2)`,
        ['status-expired', now - 100 * hour],
      );
      const survivor = alive.find((n) => n !== leader) as CairnNode;
      await eventually('the survivor to lead', async () =>
        (await leadingOf(survivor)).includes('status-purge') ? true : undefined,
      );
      await eventually('the survivor to purge', async () =>
        (await c.schema.query("SELECT id FROM statuses WHERE id = 'status-expired'")).length === 0
          ? true
          : undefined,
      );
    }, 60_000);
  });

  describe('login slow-down and rate limits', () => {
    // One request a second per principal, bursts of five.
    const c = useCluster(base, { CAIRN_LIMITS_PER_PRINCIPAL: '1', CAIRN_LIMITS_BURST_SECONDS: '5' });

    it('failed logins spread over the nodes are counted together; a success clears them', async () => {
      await c.admin.admin.addUser('target', {
        org: 'hub-operator',
        roles: ['reader'],
        password: 'the-right-password',
      });
      for (let i = 0; i < 6; i++) {
        const res = await call(c.nodes[i % 3] as CairnNode, 'GET', '/taxii2/', {
          auth: basic('target', `wrong ${i}`),
        });
        expect(res.status).toBe(401);
      }
      const counted = await c.schema.query<{ failures: number }>(
        "SELECT failures FROM login_failures WHERE key = 'user:target'",
      );
      expect(counted).toEqual([{ failures: 6 }]);
      const ok = await call(c.nodes[2] as CairnNode, 'GET', '/taxii2/', {
        auth: basic('target', 'the-right-password'),
      });
      expect(ok.status).toBe(200);
      expect(await c.schema.query("SELECT key FROM login_failures WHERE key = 'user:target'")).toEqual([]);
    });

    it('a per-principal rate limit is one budget across nodes, not one per node', async () => {
      const { token } = await c.admin.admin.createToken({ org: 'hub-operator', scope: 'read' });
      const started = Date.now();
      const answers = [];
      for (let i = 0; i < 30; i++) {
        answers.push(
          await call(c.nodes[i % 3] as CairnNode, 'GET', '/hub/collections/', { auth: `Bearer ${token}` }),
        );
      }
      const seconds = (Date.now() - started) / 1000;
      const allowed = answers.filter((a) => a.status === 200).length;
      // Burst 5 plus 1/s refill for the whole hub; per-node buckets would allow 5 on each node.
      expect(allowed).toBeGreaterThanOrEqual(5);
      expect(allowed).toBeLessThanOrEqual(5 + Math.ceil(seconds) + 1);
      const refused = answers.filter((a) => a.status === 429);
      expect(refused.length + allowed).toBe(30);
      expect(refused[0]?.json).toMatchObject({ error_code: 'CAIRN_TOO_MANY_REQUESTS', http_status: '429' });
      expect(Number(refused[0]?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    });
  });
});
