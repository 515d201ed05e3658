/**
 * Property-based test: mutations of valid objects never make the validator throw or hang,
 * and a broken MUST is always reported as an error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateStixObject } from '../../src/stix/index.js';
import { fixture } from '../../src/stix/validate/test-fixtures.js';

const KINDS = [
  'indicator',
  'malware',
  'location',
  'relationship',
  'sighting',
  'observedData',
  'file',
  'networkTraffic',
  'tlpGreen',
  'languageContent',
  'extensionDefinition',
] as const;

/** Mutations that each break a MUST of the checklist. */
const BREAKERS: readonly ((o: Record<string, unknown>) => void)[] = [
  (o) => delete o.type, // S006
  (o) => delete o.id, // S006
  (o) => {
    o.id = 'not-an-id';
  }, // S040
  (o) => {
    o.spec_version = 42;
  }, // S026
  (o) => {
    o.object_marking_refs = [];
  }, // S020
  (o) => {
    o.granular_markings = [{ selectors: ['nope'], lang: 'en' }];
  }, // S126
  (o) => {
    o.extensions = { bad: {} };
  }, // S039
  (o) => {
    o.severity = 'x';
  }, // S061
];

const anyJson = fc.jsonValue({ maxDepth: 4 });

describe('validateStixObject under mutation', () => {
  it('never throws and reports a broken MUST', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.nat(BREAKERS.length - 1),
        fc.string(),
        anyJson,
        (kind, b, key, value) => {
          const object = fixture(kind);
          object[key] = value;
          expect(() => validateStixObject(object)).not.toThrow();
          const broken = fixture(kind);
          BREAKERS[b]?.(broken);
          const issues = validateStixObject(broken);
          expect(issues.some((i) => i.severity === 'error')).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary values in every property of every example', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), anyJson, fc.nat(), (kind, value, n) => {
        const object = fixture(kind);
        const keys = Object.keys(object);
        object[keys[n % keys.length] ?? 'type'] = value;
        const started = performance.now();
        expect(() => validateStixObject(object)).not.toThrow();
        expect(performance.now() - started).toBeLessThan(1000);
      }),
      { numRuns: 3000 },
    );
  });

  it('handles huge arrays and long strings quickly', () => {
    const object = fixture('indicator');
    object.labels = Array.from({ length: 200_000 }, (_, i) => (i % 2 === 0 ? 'x' : 1));
    object.lang = `${'a-'.repeat(5000)}!`;
    const started = performance.now();
    const issues = validateStixObject(object);
    expect(issues.length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
