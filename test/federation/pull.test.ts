import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFederationPullJob, DEFAULT_PULL_SETTINGS } from '../../src/federation/index.js';
import type { PeerRecord } from '../../src/store/index.js';
import { indicator, indicators } from '../helpers/stix-fixtures.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import {
  addPeer,
  everyStoredText,
  type FederationWorld,
  pullRound,
  type StoredRow,
  startFederationWorld,
  storedRows,
} from './federation-world.js';

const GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';
const AMBER = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';
const CLEAR = 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487';

async function postToA(w: FederationWorld, objects: readonly unknown[], collectionId = w.a.collectionId) {
  const res = await w.a.request('POST', `/hub/collections/${collectionId}/objects/`, { body: { objects } });
  expect(res.status).toBe(202);
  expect(res.json.failure_count).toBe(0);
}

const indicatorsIn = (rows: readonly StoredRow[]) => rows.filter((r) => r.stixId.startsWith('indicator--'));

async function peerState(w: FederationWorld, peer: PeerRecord): Promise<PeerRecord> {
  return (await w.b.hub.store.peers.get(peer.id)) as PeerRecord;
}

describe('federation pull: hub B pulls a collection of hub A over real TAXII 2.1', () => {
  let w: FederationWorld;
  beforeEach(async () => {
    w = await startFederationWorld();
  });
  afterEach(async () => {
    await w.stop();
  });

  it('never loosens an unmarked object: it is at least AMBER in B, even in a CLEAR-by-default community', async () => {
    await w.b.hub.admin.addCommunity('open', { defaultTlp: 'clear', maxContentLength: 10_000_000 });
    await w.b.hub.admin.addMember('open', 'peer-a');
    const into = (
      await w.b.hub.admin.addCollection({ community: 'open', title: 'From A', read: [], write: [] })
    ).id;
    const unmarked = indicator();
    const red = indicator({
      object_marking_refs: ['marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1'],
    });
    await postToA(w, [unmarked, red]);
    const peer = await addPeer(w, { into });
    const round = await pullRound(w, peer);
    expect(round.error).toBeUndefined();
    const rows = indicatorsIn(await storedRows(w.b));
    // A's token never receives RED (DESIGN.md §3), so only the unmarked one crossed.
    expect(rows.map((r) => [r.stixId, r.tlp])).toEqual([[unmarked.id, 'amber']]);
  });

  it('stores what was posted to A in B, attributed to the peer organisation, markings exactly as sent', async () => {
    const sent = [
      indicator({ object_marking_refs: [GREEN] }),
      indicator({ object_marking_refs: [AMBER] }),
      indicator({ object_marking_refs: [CLEAR] }),
    ];
    await postToA(w, sent);
    const peer = await addPeer(w);
    const round = await pullRound(w, peer);
    // A serves the TLP marking definitions its objects reference with them (DESIGN.md §7): they cross too.
    expect(round).toMatchObject({ received: 6, added: 6, duplicates: 0, rejected: 0, caughtUp: true });
    expect(round.error).toBeUndefined();
    const rows = indicatorsIn(await storedRows(w.b));
    expect(rows.map((r) => JSON.parse(r.json))).toEqual(sent);
    expect(rows.map((r) => r.tlp)).toEqual(['green', 'amber', 'clear']);
    expect(new Set(rows.map((r) => r.submitterOrgId))).toEqual(new Set([w.peerOrgId]));
    const state = await peerState(w, peer);
    expect(state.lastError).toBeUndefined();
    expect(state.lastSuccessAt).toBeDefined();
    expect(state.position.next).toBeUndefined();
    expect(state.position.addedAfter).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('pages with a small limit, stops at the page bound, and the next round resumes from the saved position', async () => {
    const sent = indicators(7);
    await postToA(w, sent);
    const peer = await addPeer(w);
    const first = await pullRound(w, peer, { pageSize: 2, maxPagesPerRound: 2 });
    expect(first).toMatchObject({ pages: 2, received: 4, caughtUp: false });
    expect((await peerState(w, peer)).position.next).toBeDefined();
    expect(indicatorsIn(await storedRows(w.b))).toHaveLength(4);
    const second = await pullRound(w, peer, { pageSize: 2, maxPagesPerRound: 10 });
    expect(second).toMatchObject({ pages: 2, received: 3, duplicates: 0, caughtUp: true });
    const ids = indicatorsIn(await storedRows(w.b)).map((r) => r.stixId);
    expect(ids).toEqual(sent.map((o) => o.id));
    expect((await peerState(w, peer)).counters).toMatchObject({ received: 7, added: 7, duplicates: 0 });
  });

  it('an incremental round fetches only what was added since', async () => {
    await postToA(w, indicators(3));
    const peer = await addPeer(w);
    await pullRound(w, peer);
    const later = [...indicators(2), indicator({ id: 'indicator--00000000-0000-4000-8000-000000000001' })];
    await postToA(w, later);
    const round = await pullRound(w, peer);
    expect(round).toMatchObject({ received: 3, added: 3, duplicates: 0, caughtUp: true });
    const quiet = await pullRound(w, peer);
    expect(quiet).toMatchObject({ pages: 1, received: 0, added: 0, caughtUp: true });
    expect(indicatorsIn(await storedRows(w.b))).toHaveLength(6);
  });

  it('re-pulling everything after the position is reset duplicates nothing', async () => {
    const sent = indicators(5);
    // A second version of one object: every version crosses, and each is deduplicated.
    const revised = { ...sent[0], modified: '2026-02-01T00:00:00.000Z', name: 'Revised' };
    await postToA(w, [...sent, revised]);
    const peer = await addPeer(w);
    await pullRound(w, peer, { pageSize: 4 });
    const before = await storedRows(w.b);
    expect(indicatorsIn(before)).toHaveLength(6);
    await w.b.hub.store.peers.setPosition(peer.id, {});
    const again = await pullRound(w, peer, { pageSize: 4 });
    expect(again.added).toBe(0);
    expect(again.duplicates).toBe(again.received);
    expect(again.received).toBeGreaterThanOrEqual(6);
    expect(await storedRows(w.b)).toEqual(before);
  });

  it("keeps objects B's collection policy refuses out, counted and listed on the peer, and stores the rest", async () => {
    const strict = await w.b.hub.admin.addCollection({
      community: 'hub',
      title: 'Marked only',
      read: ['members'],
      write: ['members'],
      policy: { requireMarkings: true },
    });
    const unmarked = indicator();
    const marked = indicator({ object_marking_refs: [GREEN] });
    await postToA(w, [unmarked, marked]);
    const peer = await addPeer(w, { into: strict.id });
    const round = await pullRound(w, peer);
    // The marked indicator and the GREEN definition A serves with it are stored.
    expect(round).toMatchObject({ received: 3, added: 2, rejected: 1, caughtUp: true });
    expect(round.error).toBeUndefined();
    const state = await peerState(w, peer);
    expect(state.counters.rejected).toBe(1);
    expect(state.recentRejections.map((r) => r.id)).toEqual([unmarked.id]);
    const ids = indicatorsIn(await storedRows(w.b)).map((r) => r.stixId);
    expect(ids).toEqual([marked.id]);
  });

  it('records the error while the remote is down, and the next round succeeds once it is back', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(w.a.url).port) });
    try {
      const peer = await addPeer(w, { url: `http://127.0.0.1:${proxy.port}/hub/` });
      await postToA(w, indicators(2));
      proxy.cut();
      const down = await pullRound(w, peer);
      expect(down.error?.code).toBe('CAIRN_PEER_UNAVAILABLE');
      const failed = await peerState(w, peer);
      expect(failed.lastError?.code).toBe('CAIRN_PEER_UNAVAILABLE');
      expect(failed.position).toEqual({});
      expect(indicatorsIn(await storedRows(w.b))).toHaveLength(0);
      proxy.restore();
      const back = await pullRound(w, peer);
      expect(back.error).toBeUndefined();
      expect(back).toMatchObject({ received: 2, added: 2 });
      expect((await peerState(w, peer)).lastError).toBeUndefined();
    } finally {
      await proxy.close();
    }
  });

  it('the job pulls every due peer, one failing peer never stops the others, and the secret is in no table or log line', async () => {
    await postToA(w, indicators(3));
    const broken = await addPeer(w, { credentialRef: 'env:PEER_NOT_SET' });
    const good = await addPeer(w);
    const lines: string[] = [];
    const log = (level: string) => (obj: object, msg?: string) =>
      void lines.push(`${level} ${msg} ${JSON.stringify(obj)}`);
    const job = createFederationPullJob(
      { taxii: w.b.hub.taxii, env: w.env, settings: DEFAULT_PULL_SETTINGS },
      {
        intervalMs: 1000,
        logger: { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
      },
    );
    expect(job.name).toBe('federation-pull');
    await job.run();
    expect((await peerState(w, broken)).lastError?.code).toBe('CAIRN_PEER_CREDENTIAL_UNAVAILABLE');
    expect((await peerState(w, good)).counters.added).toBeGreaterThanOrEqual(3);
    expect(lines.some((l) => l.includes('CAIRN_PEER_CREDENTIAL_UNAVAILABLE'))).toBe(true);
    expect(lines.join('\n')).not.toContain(w.token);
    const stored = await everyStoredText(w.b);
    expect(stored).toContain(`env:PEER_A_TOKEN`);
    expect(stored).not.toContain(w.token);
  });
});

describe("federation pull by hub B's own job runner", () => {
  it('pulls a peer whose credential is a file, on the configured interval, with no operator action', async () => {
    const w = await startFederationWorld({ 'federation.pullIntervalMs': 200, 'jobs.leaderPollMs': 100 });
    const dir = mkdtempSync(join(tmpdir(), 'cairn-peer-secret-'));
    try {
      const secretFile = join(dir, 'token');
      writeFileSync(secretFile, `${w.token}\n`, { mode: 0o600 });
      const sent = indicators(4);
      await postToA(w, sent);
      const peer = await addPeer(w, { credentialRef: `file:${secretFile}` });
      for (let i = 0; i < 300 && (await peerState(w, peer)).lastAttemptAt === undefined; i++)
        await new Promise((r) => setTimeout(r, 50));
      const state = await peerState(w, peer);
      expect(state.lastError).toBeUndefined();
      expect(indicatorsIn(await storedRows(w.b)).map((r) => r.stixId)).toEqual(sent.map((o) => o.id));
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await w.stop();
    }
  });
});
