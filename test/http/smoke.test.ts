import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { envelope, indicators } from '../helpers/stix-fixtures.js';

describe('TAXII server end to end', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('T042 serves discovery with the exact TAXII media type (T022)', async () => {
    const res = await t.request('GET', '/taxii2/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/taxii+json;version=2.1');
    expect(res.json).toEqual({
      title: 'Cairn threat-intelligence hub',
      default: '/hub/',
      api_roots: ['/hub/'],
    });
  });

  it('T049 stores posted objects and T048 returns them in added order', async () => {
    const objs = indicators(5);
    const post = await t.request('POST', `/hub/collections/${t.collectionId}/objects/`, {
      body: envelope(objs),
    });
    expect(post.status).toBe(202);
    expect(post.json).toMatchObject({
      status: 'complete',
      total_count: 5,
      success_count: 5,
      failure_count: 0,
      pending_count: 0,
    });
    const get = await t.request('GET', `/hub/collections/${t.collectionId}/objects/`);
    expect(get.status).toBe(200);
    expect(get.json.objects.map((o: { id: string }) => o.id)).toEqual(objs.map((o) => o.id));
    expect(get.headers.get('x-taxii-date-added-first')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });
});
