import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PeerInput } from '../../src/federation/index.js';
import { startTestHub, type TestHub } from '../helpers/create-test-hub.js';

/** `hub.peers.add` (behind `cairn peer add`) checks what it stores before storing it. */
describe('adding a federation peer', () => {
  let t: TestHub;
  let input: PeerInput;
  beforeAll(async () => {
    t = await startTestHub({ 'jobs.enabled': false });
    await t.hub.admin.addOrganisation('isac', 'international');
    input = {
      name: 'isac',
      url: 'https://isac.example/api1',
      remoteCollectionId: '91a7b528-80eb-42ed-a74d-c6fbd5a26116',
      into: t.collectionId,
      org: 'isac',
      credentialRef: 'env:ISAC_TOKEN',
      auth: { scheme: 'basic', user: 'cairn' },
      intervalMs: 60_000,
    };
  });
  afterAll(async () => {
    await t.stop();
  });

  it('stores the API root with a trailing slash, the local ids, and the reference', async () => {
    const peer = await t.hub.peers.add(input);
    expect(peer).toMatchObject({
      apiRootUrl: 'https://isac.example/api1/',
      collectionId: t.collectionId,
      credentialRef: 'env:ISAC_TOKEN',
      enabled: true,
      position: {},
    });
    expect(peer.orgId).toBe((await t.hub.store.tenancy.findOrganisation('isac'))?.id);
    await expect(t.hub.peers.add(input)).rejects.toMatchObject({ code: 'CAIRN_CONFLICT' });
    expect((await t.hub.peers.remove('isac')).id).toBe(peer.id);
  });

  it('refuses what it must not store or cannot use', async () => {
    const refused: [Partial<PeerInput>, string][] = [
      [{ url: 'https://user:secret@isac.example/api1/' }, 'CAIRN_INVALID_INPUT'],
      [{ url: 'ftp://isac.example/' }, 'CAIRN_INVALID_INPUT'],
      [{ url: 'https://isac.example/api1/?token=x' }, 'CAIRN_INVALID_INPUT'],
      [{ url: 'not a url' }, 'CAIRN_INVALID_INPUT'],
      [{ credentialRef: 'the-secret-itself' }, 'CAIRN_INVALID_INPUT'],
      [{ name: 'has space' }, 'CAIRN_INVALID_INPUT'],
      [{ intervalMs: 10 }, 'CAIRN_INVALID_INPUT'],
      [{ auth: { scheme: 'basic', user: 'a:b' } }, 'CAIRN_INVALID_INPUT'],
      [{ org: 'nobody' }, 'CAIRN_NOT_FOUND'],
      [{ into: 'no-such-collection' }, 'CAIRN_COLLECTION_NOT_FOUND'],
    ];
    for (const [i, [change, code]] of refused.entries()) {
      await expect(
        t.hub.peers.add({ ...input, name: `p${i}`, ...change }),
        JSON.stringify(change),
      ).rejects.toMatchObject({ code });
    }
    expect(await t.hub.peers.list()).toEqual([]);
  });
});
