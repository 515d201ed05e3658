import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeerRecord } from '../../src/store/index.js';
import { indicator } from '../helpers/stix-fixtures.js';
import {
  addPeer,
  type CraftedServer,
  type FederationWorld,
  pullRound,
  startCraftedServer,
  startFederationWorld,
  storedRows,
  TAXII_TYPE,
} from './federation-world.js';

const LAST = '2026-03-01T00:00:00.000000Z';

function sendEnvelope(res: ServerResponse, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': TAXII_TYPE, 'x-taxii-date-added-last': LAST, ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * Peers that misbehave, served by a tiny node:http server on loopback: each failure is a
 * clear error recorded on the peer, the hub keeps running, nothing of the page is stored
 * and the position does not move.
 */
describe('federation pull from a misbehaving peer', () => {
  let w: FederationWorld;
  const servers: CraftedServer[] = [];
  beforeAll(async () => {
    w = await startFederationWorld();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await w.stop();
  });

  const serve = async (handle: Parameters<typeof startCraftedServer>[0]) => {
    const server = await startCraftedServer(handle);
    servers.push(server);
    return { server, peer: await addPeer(w, { url: `${server.url}/api1/`, remoteCollectionId: 'c1' }) };
  };

  const expectFailedCleanly = async (peer: PeerRecord, code: string, message: RegExp) => {
    const before = (await storedRows(w.b)).length;
    const round = await pullRound(w, peer, { timeoutMs: 500, maxResponseBytes: 10_000 });
    expect(round.error?.code).toBe(code);
    expect(round.error?.message).toMatch(message);
    expect(round.added).toBe(0);
    const state = (await w.b.hub.store.peers.get(peer.id)) as PeerRecord;
    expect(state.lastError).toMatchObject({ code });
    expect(state.position).toEqual({});
    expect(state.lastSuccessAt).toBeUndefined();
    expect((await storedRows(w.b)).length).toBe(before);
    // The hub still answers.
    expect((await w.b.request('GET', '/taxii2/')).status).toBe(200);
  };

  it('asks with the TAXII media type and the bearer credential, and stores the valid objects of a page', async () => {
    const good = indicator();
    const bad = { type: 'indicator', id: 'indicator--not-a-uuid', spec_version: '2.1' };
    const { server, peer } = await serve((_req, res) =>
      sendEnvelope(res, { more: false, objects: [good, bad] }),
    );
    const round = await pullRound(w, peer);
    expect(round).toMatchObject({ received: 2, added: 1, rejected: 1, caughtUp: true });
    const [req] = server.requests;
    expect(req?.headers.accept).toBe(TAXII_TYPE);
    expect(req?.headers.authorization).toBe(`Bearer ${w.token}`);
    expect(req?.url).toBe('/api1/collections/c1/objects/?limit=1000&match%5Bversion%5D=all');
    const state = (await w.b.hub.store.peers.get(peer.id)) as PeerRecord;
    expect(state.position).toEqual({ addedAfter: LAST });
    expect(state.recentRejections.map((r) => r.id)).toEqual(['indicator--not-a-uuid']);
    expect((await storedRows(w.b)).map((r) => r.stixId)).toContain(good.id);
  });

  it('refuses a body that is not JSON', async () => {
    const { peer } = await serve((_req, res) =>
      sendEnvelope(res, `{"objects": [${JSON.stringify(indicator())}`),
    );
    await expectFailedCleanly(peer, 'CAIRN_PEER_INVALID_RESPONSE', /not JSON/);
  });

  it('refuses another media type', async () => {
    const { peer } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ objects: [indicator()] }));
    });
    await expectFailedCleanly(peer, 'CAIRN_PEER_INVALID_RESPONSE', /application\/json/);
  });

  it('refuses a body that is not an envelope', async () => {
    const { peer } = await serve((_req, res) => sendEnvelope(res, { objects: { not: 'a list' } }));
    await expectFailedCleanly(peer, 'CAIRN_PEER_INVALID_RESPONSE', /"objects" is not a list/);
  });

  it('refuses a body over the size cap, declared or streamed without a length', async () => {
    const big = JSON.stringify({ objects: Array.from({ length: 40 }, () => indicator()) });
    expect(big.length).toBeGreaterThan(10_000);
    const declared = await serve((_req, res) => sendEnvelope(res, big));
    await expectFailedCleanly(declared.peer, 'CAIRN_PEER_INVALID_RESPONSE', /larger than 10000 bytes/);
    const streamed = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': TAXII_TYPE, 'transfer-encoding': 'chunked' });
      for (let i = 0; i < big.length; i += 1000) res.write(big.slice(i, i + 1000));
      res.end();
    });
    await expectFailedCleanly(streamed.peer, 'CAIRN_PEER_INVALID_RESPONSE', /larger than 10000 bytes/);
  });

  it('times out a peer that never answers, or stalls halfway through the body', async () => {
    const silent = await serve(() => undefined);
    await expectFailedCleanly(silent.peer, 'CAIRN_PEER_UNAVAILABLE', /did not answer within 500 ms/);
    const stalled = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': TAXII_TYPE });
      res.write('{"objects": [');
    });
    await expectFailedCleanly(stalled.peer, 'CAIRN_PEER_UNAVAILABLE', /did not answer within 500 ms/);
  });

  it('reports a refusal with its HTTP status, and a server error as unavailable', async () => {
    const refused = await serve((_req, res) => {
      res.writeHead(401, { 'content-type': TAXII_TYPE });
      res.end('{}');
    });
    await expectFailedCleanly(refused.peer, 'CAIRN_PEER_REFUSED', /HTTP 401/);
    const broken = await serve((_req, res) => {
      res.writeHead(503);
      res.end();
    });
    await expectFailedCleanly(broken.peer, 'CAIRN_PEER_UNAVAILABLE', /HTTP 503/);
  });

  it('never follows a redirect to another origin (the credential stays home), but follows one on the same origin', async () => {
    const elsewhere = await startCraftedServer((_req, res) => sendEnvelope(res, { objects: [] }));
    servers.push(elsewhere);
    const away = await serve((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/api1/collections/c1/objects/` });
      res.end();
    });
    await expectFailedCleanly(away.peer, 'CAIRN_PEER_REFUSED', /another origin/);
    expect(elsewhere.requests).toHaveLength(0);
    const moved = await serve((req, res) => {
      if (req.url?.startsWith('/api1/')) {
        res.writeHead(301, { location: (req.url ?? '').replace('/api1/', '/api2/') });
        res.end();
      } else sendEnvelope(res, { objects: [indicator()] });
    });
    const round = await pullRound(w, moved.peer);
    expect(round).toMatchObject({ received: 1, added: 1 });
    expect(moved.server.requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${w.token}`,
      `Bearer ${w.token}`,
    ]);
  });

  it('refuses objects it could never move past (no X-TAXII-Date-Added-Last, no next), storing none', async () => {
    const { peer } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': TAXII_TYPE });
      res.end(JSON.stringify({ objects: [indicator()] }));
    });
    await expectFailedCleanly(peer, 'CAIRN_PEER_INVALID_RESPONSE', /cannot move past/);
  });

  it('starts a fresh walk from the saved added_after when the peer no longer honours a saved next', async () => {
    const fresh = indicator();
    const { server, peer } = await serve((req, res) => {
      if (req.url?.includes('next=')) {
        res.writeHead(400, { 'content-type': TAXII_TYPE });
        res.end('{"title":"bad next"}');
      } else sendEnvelope(res, { objects: [fresh] });
    });
    await w.b.hub.store.peers.setPosition(peer.id, {
      addedAfter: '2026-01-01T00:00:00.000000Z',
      next: 'stale',
    });
    const round = await pullRound(w, peer);
    expect(round).toMatchObject({ received: 1, added: 1, caughtUp: true });
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api1/collections/c1/objects/?limit=1000&match%5Bversion%5D=all&next=stale',
      '/api1/collections/c1/objects/?limit=1000&match%5Bversion%5D=all&added_after=2026-01-01T00%3A00%3A00.000000Z',
    ]);
  });

  it('records an unresolvable credential without contacting the peer', async () => {
    const server = await startCraftedServer((_req, res) => sendEnvelope(res, { objects: [] }));
    servers.push(server);
    const peer = await addPeer(w, { url: `${server.url}/api1/`, credentialRef: 'file:/nonexistent/secret' });
    await expectFailedCleanly(
      peer,
      'CAIRN_PEER_CREDENTIAL_UNAVAILABLE',
      /file:\/nonexistent\/secret cannot be read/,
    );
    expect(server.requests).toHaveLength(0);
  });
});
