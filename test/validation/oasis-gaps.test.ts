/**
 * Issue 3: the five classes a side-by-side run with the OASIS validator found Cairn accepting
 * (docs/validation.md), checked end to end: TAXII POST to a real hub, each rule with a valid
 * and an invalid example, the failure naming the rule code.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { indicator } from '../helpers/stix-fixtures.js';

const CREATED = '2026-01-01T00:00:00.000Z';

type Status = { success_count: number; failures?: { id: string; message: string }[] };

function relationship(sourceRef: string): Record<string, unknown> {
  return {
    type: 'relationship',
    spec_version: '2.1',
    id: `relationship--${randomUUID()}`,
    created: CREATED,
    modified: CREATED,
    relationship_type: 'targets',
    source_ref: sourceRef,
    target_ref: `identity--${randomUUID()}`,
  };
}

function software(languages: string[]): Record<string, unknown> {
  return { type: 'software', spec_version: '2.1', id: `software--${randomUUID()}`, name: 'Word', languages };
}

function registryKey(key: string): Record<string, unknown> {
  return {
    type: 'windows-registry-key',
    spec_version: '2.1',
    id: `windows-registry-key--${randomUUID()}`,
    key,
  };
}

function attackFlow(startRefs: string[]): Record<string, unknown> {
  return {
    type: 'attack-flow',
    spec_version: '2.1',
    id: `attack-flow--${randomUUID()}`,
    created: CREATED,
    modified: CREATED,
    extensions: {
      'extension-definition--fb9c968a-745b-4ade-9b25-c324172197f4': { extension_type: 'new-sdo' },
    },
    name: 'Flow',
    start_refs: startRefs,
  };
}

describe('issue 3: rules the OASIS comparison found missing, over TAXII POST', () => {
  let t: TestHub;
  let collection: string;
  beforeAll(async () => {
    t = await startTestHub({ logLevel: 'silent' });
    collection = (await t.hub.admin.addCollection({ community: 'hub', title: 'Gaps', read: [], write: [] }))
      .id;
  });
  afterAll(async () => {
    await t.stop();
  });

  /** Posts one valid and one invalid object; returns the rule codes of the one failure. */
  async function verdicts(valid: Record<string, unknown>, invalid: Record<string, unknown>) {
    const res = await t.request('POST', `/hub/collections/${collection}/objects/`, {
      body: { objects: [valid, invalid] },
    });
    const status = res.json as Status;
    expect(status.success_count).toBe(1);
    expect(status.failures?.map((f) => f.id)).toEqual([invalid.id]);
    return [...(status.failures?.[0]?.message ?? '').matchAll(/(?:^|; )([a-z0-9-]+) at (\$\S*)/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
  }

  it('S142/S156 rejects an upper-case custom property in a pattern path, as on an object', async () => {
    const rules = await verdicts(
      indicator({ pattern: "[file:x_pivy_password = 'admin']" }),
      indicator({ pattern: "[file:x_ID = 'a' OR file:hashes.MD5 = '0123456789abcdef0123456789abcdef']" }),
    );
    expect(rules).toEqual(['custom-property-name $.pattern:']);
  });

  it('S040 rejects a reference whose UUID is not RFC 4122', async () => {
    const rules = await verdicts(
      relationship(`campaign--${randomUUID()}`),
      relationship('campaign--c831ab93-ff84-9cda-2bd8-b094004da969'),
    );
    expect(rules).toEqual(['id-format $.source_ref:']);
  });

  it('S099 rejects software.languages that are not RFC 5646 tags', async () => {
    const rules = await verdicts(software(['en', 'zh-Hant']), software(['ENG', 'Python', 'C#']));
    expect(rules).toEqual([
      'language-tag $.languages[0]:',
      'language-tag $.languages[1]:',
      'language-tag $.languages[2]:',
    ]);
  });

  it('S102 rejects a registry key with an abbreviated hive', async () => {
    const rules = await verdicts(
      registryKey('HKEY_LOCAL_MACHINE\\Software\\mthjk'),
      registryKey('HKLM\\Software\\mthjk'),
    );
    expect(rules).toEqual(['observable-value $.key:']);
  });

  it('S020 rejects an empty list in a property of an extension-defined object', async () => {
    const rules = await verdicts(attackFlow([`attack-action--${randomUUID()}`]), attackFlow([]));
    expect(rules).toEqual(['empty-list $.start_refs:']);
  });
});
