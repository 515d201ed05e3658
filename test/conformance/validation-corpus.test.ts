/**
 * Validates every file of the shared STIX corpus (../shared/corpus, see its README.md).
 * Files are valid except for the upstream defects listed below: those the corpus README names,
 * and those Cairn finds beyond the README (each a MUST of the checklist, explained in
 * docs/validation.md "Corpus findings"). `invalid/` is rejected and `stix20/` is STIX 2.0.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type ObjectValidationResult, validateBundle, validateObjectList } from '../../src/stix/index.js';
import { CORPUS_VALIDATOR_FINDINGS } from '../helpers/corpus-findings.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const corpus = join(repoRoot, '..', 'shared', 'corpus');

type Codes = Readonly<Record<string, readonly string[]>>;

/** Upstream defects the corpus README names, with the rule that must flag them. */
const README_DEFECTS: Codes = {
  // "2 objects modified < created, x-mitre-collection without created/modified, 34 relationship ids
  // repeated with the same modified but different content"
  'atlas/stix-atlas.json': ['modified-before-created', 'required-property', 'conflicting-version'],
  // "the incident carries spec_version only inside its extension"; "uuid not RFC 4122 variant/version"
  // (the incident's id, which a relationship references: S040 holds for references too)
  'elevator/incident-malware.json': ['id-format', 'spec-version'],
  // "a STIX 2.0 object inside the v21 test store"
  'oasis-examples/python-stix2/stix2_data/malware/malware--b42378e0-f147-496f-992a-26a49705395b/20170531213215263882.json':
    ['spec-version'],
  // "uuid not RFC 4122 variant/version" (S040)
  'elevator/indicator-for-malicious-url.json': ['id-format'],
  'elevator/malware-characterization-using-maec.json': ['id-format'],
  'elevator/malware-indicator-for-file-hash.json': ['id-format'],
  'elevator/victim-targeting.json': ['id-format'],
};

/** Defects Cairn finds that the README does not name (docs/validation.md, "Corpus findings"). */
const FURTHER_DEFECTS: Codes = {
  ...CORPUS_VALIDATOR_FINDINGS,
  // Bundle-level: the same (id, modified) twice with different content in one file.
  'slider/defining-campaigns-threat-actors-intrusion-sets.json': ['conflicting-version'],
  'slider/defining-campaigns-threat-actors.json': ['conflicting-version'],
};

/** `invalid/`: the reasons the README gives. */
const INVALID: Codes = {
  'invalid/stix-validator/invalid_identity.json': ['required-property'],
  'invalid/stix-validator/invalid_timestamp.json': ['modified-before-created'],
};

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.json(\.gz)?$/.test(name)) yield path;
  }
}

function read(path: string): unknown {
  const bytes = readFileSync(path);
  return JSON.parse((path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
}

/** Per-object results of a file: a bundle, a list, the medallion data file or one object. */
function validateFile(data: unknown): {
  bundleIssues: readonly { code: string; severity: string }[];
  objects: ObjectValidationResult[];
} {
  if (Array.isArray(data)) return { bundleIssues: [], objects: validateObjectList(data) };
  const record = data as Record<string, unknown>;
  if (record.type === 'bundle') {
    const result = validateBundle(record);
    return { bundleIssues: result.issues, objects: result.objects };
  }
  if (typeof record.type === 'string') return { bundleIssues: [], objects: validateObjectList([record]) };
  // medallion's memory-backend file: API roots → collections → objects.
  const objects: unknown[] = [];
  for (const root of Object.values(record)) {
    const collections = (root as { collections?: unknown[] } | null)?.collections ?? [];
    for (const c of collections) objects.push(...((c as { objects?: unknown[] }).objects ?? []));
  }
  return { bundleIssues: [], objects: validateObjectList(objects) };
}

function errorCodes(result: ReturnType<typeof validateFile>): string[] {
  const codes = new Set<string>();
  for (const i of result.bundleIssues) if (i.severity === 'error') codes.add(i.code);
  for (const o of result.objects) for (const i of o.issues) if (i.severity === 'error') codes.add(i.code);
  return [...codes].sort();
}

const files = existsSync(corpus) ? [...walk(corpus)].map((p) => relative(corpus, p)) : [];

describe('validation corpus (../shared/corpus)', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(200);
  });

  const regular = files.filter((f) => !f.startsWith('invalid/') && !f.startsWith('stix20/'));
  it.each(regular)('%s validates except for its listed upstream defects (S160)', (file) => {
    const data = read(join(corpus, file));
    const result = validateFile(data);
    const medallionMalware = file === 'oasis-examples/taxii-server/default_data.json' ? ['spec-version'] : [];
    const expected = [...(README_DEFECTS[file] ?? FURTHER_DEFECTS[file] ?? medallionMalware)].sort();
    expect(errorCodes(result)).toEqual(expected);
  });

  it('flags the README-named ATLAS defects with the right rules (S030, S143, S057)', () => {
    const result = validateFile(read(join(corpus, 'atlas/stix-atlas.json')));
    const byCode = (code: string) =>
      result.objects.filter((o) => o.issues.some((i) => i.code === code && i.severity === 'error'));
    expect(byCode('modified-before-created')).toHaveLength(2);
    expect(byCode('required-property').map((o) => o.type)).toEqual(['x-mitre-collection']);
    expect(new Set(byCode('conflicting-version').map((o) => o.id)).size).toBe(34);
  });

  it('rejects the medallion malware that lacks spec_version (S026, B5)', () => {
    const result = validateFile(read(join(corpus, 'oasis-examples/taxii-server/default_data.json')));
    const invalid = result.objects.filter((o) => !o.valid);
    expect(invalid.map((o) => [o.type, o.specVersion])).toEqual([['malware', '2.0']]);
  });

  it.each(Object.entries(INVALID))('rejects %s for the README reason', (file, codes) => {
    const result = validateFile(read(join(corpus, file)));
    expect(result.objects.every((o) => o.valid)).toBe(false);
    expect(errorCodes(result)).toEqual([...codes]);
  });

  it.each(['invalid/stix-validator/invalid_braces.json', 'invalid/stix-validator/invalid_comma.json'])(
    'rejects %s as JSON (S001)',
    (file) => {
      expect(() => read(join(corpus, file))).toThrow(SyntaxError);
    },
  );

  it.each(['invalid/attack-flow/badflow1.json', 'invalid/attack-flow/badflow2.json'])(
    '%s is plausible STIX whose only fault is dangling references (S047: allowed by STIX)',
    (file) => {
      const result = validateFile(read(join(corpus, file)));
      expect(errorCodes(result)).toEqual([]);
    },
  );

  it('reports stix20/ as STIX 2.0 (B5, B6)', () => {
    const data = read(join(corpus, 'stix20/stix-visualization-test.json'));
    const result = validateBundle(data);
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => i.code)).toContain('spec-version');
    expect(result.objects.every((o) => o.specVersion === '2.0')).toBe(true);
    for (const o of result.objects) expect(o.issues.map((i) => i.code)).toEqual(['spec-version']);
  });
});
