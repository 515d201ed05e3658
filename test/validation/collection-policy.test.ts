import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { indicator } from '../helpers/stix-fixtures.js';

/** Issue 3: validation policy per collection, enforced on TAXII POST. */
describe('collection validation policy', () => {
  let t: TestHub;
  let strict: string;
  let lenient: string;
  const custom = {
    type: 'x-acme-widget',
    spec_version: '2.1',
    id: `x-acme-widget--${randomUUID()}`,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
  };
  beforeAll(async () => {
    t = await startTestHub();
    const make = async (title: string, policy = {}) =>
      (await t.hub.admin.addCollection({ community: 'hub', title, read: [], write: [], policy })).id;
    strict = await make('Strict', {
      allowCustomObjects: false,
      allowCustomProperties: false,
      requireMarkings: true,
      requireCreatedByRef: true,
      maxObjectBytes: 2000,
    });
    lenient = await make('Lenient');
  });
  afterAll(async () => {
    await t.stop();
  });

  const post = (coll: string, objects: unknown[]) =>
    t.request('POST', `/hub/collections/${coll}/objects/`, { body: { objects } });
  const rules = (status: { failures?: { message: string }[] }) =>
    (status.failures ?? []).map((f) => f.message.split(' at ')[0]);

  it('accepts custom content and unmarked, unattributed objects by default', async () => {
    const res = await post(lenient, [custom, indicator({ x_acme_score: 5 })]);
    expect(res.json).toMatchObject({ success_count: 2, failure_count: 0 });
  });

  it('rejects each kind of object the strict policy forbids, naming the rule', async () => {
    const marked = { object_marking_refs: ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'] };
    const by = { created_by_ref: `identity--${randomUUID()}` };
    const res = await post(strict, [
      { ...custom, ...marked, ...by },
      indicator({ ...marked, ...by, x_acme_score: 5 }),
      indicator({ ...by }),
      indicator({ ...marked }),
      indicator({ ...marked, ...by, description: 'x'.repeat(3000) }),
      indicator({ ...marked, ...by }),
    ]);
    expect(res.json.success_count).toBe(1);
    expect(res.json.failure_count).toBe(5);
    expect(rules(res.json).length).toBe(5);
    expect(res.json.failures.map((f: { message: string }) => f.message).join('\n')).toMatch(/custom/i);
  });
});
