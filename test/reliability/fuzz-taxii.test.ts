import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHubError } from '../../src/core/index.js';
import { parseObjectQuery } from '../../src/taxii/parse-object-query.js';
import { startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { indicator } from '../helpers/stix-fixtures.js';

const PARAMS = [
  'added_after',
  'limit',
  'next',
  'match[id]',
  'match[type]',
  'match[version]',
  'match[spec_version]',
  '__proto__',
  'constructor',
];
const limits = { defaultPageSize: 100, maxPageSize: 1000, maxMatchValues: 100 };

const valueArb = fc.oneof(
  fc.string(),
  fc.constantFrom(
    'first',
    'last',
    'all',
    'first,last',
    '2026-01-01T00:00:00Z',
    '2.1',
    'indicator',
    '0',
    '-1',
    '1e9',
    ',',
  ),
  fc.array(fc.string(), { minLength: 2, maxLength: 3 }),
);
const queryArb = fc.dictionary(fc.constantFrom(...PARAMS), valueArb, { maxKeys: 6 });

/** Issue 7: hostile input never crashes, hangs or answers 500. */
describe('fuzzing the TAXII surface', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
    await t.request('POST', `/hub/collections/${t.collectionId}/objects/`, {
      body: { objects: [indicator()] },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('parseObjectQuery throws nothing but its own 400 error', () => {
    fc.assert(
      fc.property(
        queryArb,
        fc.constantFrom('objects', 'object', 'versions', 'delete' as const),
        (query, set) => {
          try {
            parseObjectQuery(query as Record<string, string | string[]>, set, limits);
          } catch (error) {
            expect(isHubError(error) && error.code === 'CAIRN_BAD_QUERY_PARAMETER').toBe(true);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('answers random query strings with 200 or 400, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(queryArb, async (query) => {
        const search = new URLSearchParams();
        for (const [k, v] of Object.entries(query))
          for (const item of Array.isArray(v) ? v : [v]) search.append(k, item);
        const res = await t.request('GET', `/hub/collections/${t.collectionId}/objects/?${search}`);
        expect([200, 400]).toContain(res.status);
        expect(res.headers.get('content-type')).toBe('application/taxii+json;version=2.1');
      }),
      { numRuns: 150 },
    );
  });

  it('answers random and mutated envelopes with 202 or a 4xx error resource, never 500', async () => {
    const bodyArb = fc.oneof(
      fc.json(),
      fc.string(),
      fc.record({ objects: fc.array(fc.anything(), { maxLength: 5 }) }),
      fc.record({
        objects: fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { minLength: 1, maxLength: 5 }),
      }),
      fc.constant(JSON.stringify({ objects: [{ ...indicator(), __proto__: { polluted: true } }] })),
    );
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        const res = await t.request('POST', `/hub/collections/${t.collectionId}/objects/`, { body: text });
        expect(
          res.status === 202 || (res.status >= 400 && res.status < 500),
          `${res.status} ${res.text}`,
        ).toBe(true);
        if (res.status !== 202) expect(typeof res.json.title).toBe('string');
      }),
      { numRuns: 150 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
