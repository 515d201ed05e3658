/**
 * Imports the shared STIX corpus (../shared/corpus, see its README.md) over TAXII POST and
 * checks the verdicts: everything is accepted except the upstream defects the README names
 * and the further findings of the STIX validator listed below; walking each collection
 * afterwards returns exactly what was accepted. Then the three ATT&CK Enterprise releases,
 * loaded in order into one collection, must give the README's version counts.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlpMarkingObject } from '../../src/sharing/index.js';
import {
  CORPUS_DIR,
  canonical,
  corpusFiles,
  corpusObjects,
  instantKey,
  type StixObject,
} from '../helpers/corpus.js';
import { CORPUS_VALIDATOR_FINDINGS } from '../helpers/corpus-findings.js';
import { startTestHub, type TestHub } from '../helpers/create-test-hub.js';
import { postAll, walk } from '../helpers/taxii-walk.js';
import { addCollection } from '../helpers/tenancy.js';

type Detail = { id: string; version: string; message?: string };
type Rules = Readonly<Record<string, number>>;

/** Upstream defects the corpus README names: rejected objects per rule. */
const README_DEFECTS: Readonly<Record<string, Rules>> = {
  // "2 objects modified < created, x-mitre-collection without created/modified,
  //  34 relationship ids repeated with the same modified but different content"
  // (34 ids, repeated 80 times with a body that differs from the first one stored).
  'atlas/stix-atlas.json': { 'modified-before-created': 2, 'required-property': 1, conflict: 80 },
  // "the incident carries spec_version only inside its extension", and a relationship that
  // references it with its non-RFC 4122 UUID (S040 holds for references too)
  'elevator/incident-malware.json': { 'spec-version': 1, 'id-format': 1 },
  // "a STIX 2.0 object inside the v21 test store"
  'oasis-examples/python-stix2/stix2_data/malware/malware--b42378e0-f147-496f-992a-26a49705395b/20170531213215263882.json':
    { 'spec-version': 1 },
  // "one malware lacks spec_version upstream"
  'oasis-examples/taxii-server/default_data.json': { 'spec-version': 1 },
  // README warning "uuid not RFC 4122 variant/version": a MUST of STIX 2.1 §2.9 for Cairn's validator,
  // for ids and for the references that repeat them (one relationship each in the last two files).
  'elevator/indicator-for-malicious-url.json': { 'id-format': 1 },
  'elevator/malware-characterization-using-maec.json': { 'id-format': 1 },
  'elevator/malware-indicator-for-file-hash.json': { 'id-format': 2 },
  'elevator/victim-targeting.json': { 'id-format': 3 },
  // README warning "same id+modified twice", here with different bodies: conflicts.
  'slider/defining-campaigns-threat-actors-intrusion-sets.json': { conflict: 2 },
  'slider/defining-campaigns-threat-actors.json': { conflict: 1 },
};

/**
 * Rejections the README does not name: the STIX validator's own findings (docs/validation.md,
 * "Corpus findings"), as the rule codes the failure messages name. Kept exact, so a change of
 * the validator shows up here.
 */
const VALIDATOR_FINDINGS: Readonly<Record<string, readonly string[]>> = {
  ...CORPUS_VALIDATOR_FINDINGS,
  // The pattern check adds what the validator alone cannot see: MATCHES regexes of Windows
  // paths such as '\\Com' and '\\Temp' (`\C`, `\T`) and "HKEY_CURRENT_CONFIG\\J@k3d" (`\J`)
  // use escapes RE2 (and PCRE) refuse.
  'elevator/Appendix_G_IOCs_Full.json': ['required-property', 'pattern-syntax'],
  'slider/coa_ind_malicious_file.json': ['pattern-syntax'],
  // S142/S156: custom properties `x_ID` and `x_PIVY_Password` in 364 indicator patterns.
  'elevator/fireeye-pivy-report-with-indicators.json.gz': ['custom-property-name'],
};

/** The chain test imports these three itself, into one collection. */
const CHAIN = ['16.1', '17.1', '18.1'].map((v) => `attack/enterprise-attack-${v}.json.gz`);

const files = corpusFiles().filter(
  (f) => !f.startsWith('invalid/') && !f.startsWith('stix20/') && !CHAIN.slice(0, 2).includes(f),
);

/** The rule codes a failure message names (`code at $.path: …`), or `conflict`. */
function rulesOf(message: string | undefined): string[] {
  if (message === undefined) return ['(no message)'];
  if (/\(conflict\)$/.test(message)) return ['conflict'];
  return [...new Set([...message.matchAll(/(?:^|; )([a-z0-9-]+) at \$/g)].map((m) => m[1] as string))];
}

const versionOf = (o: StixObject): string | undefined =>
  typeof o.modified === 'string' ? o.modified : typeof o.created === 'string' ? o.created : undefined;

/**
 * What the collection must hold after `objects` were posted in order, given which of them
 * failed validation: the first body of each (id, version), later different bodies being
 * conflicts; objects without a version are told apart by body.
 */
function expectedStore(
  objects: readonly StixObject[],
  invalid: ReadonlySet<number>,
  hubIdentity: StixObject,
) {
  const kept = new Map<string, string>();
  let conflicts = 0;
  objects.forEach((o, i) => {
    if (invalid.has(i)) return;
    const v = versionOf(o);
    const body = canonical(o);
    const key = v === undefined ? `${String(o.id)} ${body}` : `${String(o.id)} ${instantKey(v)}`;
    const seen = kept.get(key);
    if (seen === undefined) kept.set(key, body);
    else if (seen !== body) conflicts++;
  });
  // The hub serves the TLP marking definitions stored content references (DESIGN.md §7).
  const stored = objects.filter((_, i) => !invalid.has(i));
  const present = new Set(stored.map((o) => o.id));
  for (const o of stored) {
    const refs = [
      ...(Array.isArray(o.object_marking_refs) ? o.object_marking_refs : []),
      ...(Array.isArray(o.granular_markings)
        ? o.granular_markings.map((g: { marking_ref?: unknown }) => g?.marking_ref)
        : []),
    ];
    for (const ref of refs) {
      const definition = typeof ref === 'string' && !present.has(ref) ? tlpMarkingObject(ref) : undefined;
      if (definition === undefined) continue;
      present.add(ref as string);
      kept.set(`served ${ref}`, canonical(definition as StixObject));
    }
  }
  // …and its own identity, which anonymised copies name, when the file names a submitter
  // identity (AIS consent labels) that other objects refer to.
  const sources = stored.filter(
    (o) =>
      o.type === 'identity' &&
      Array.isArray(o.labels) &&
      o.labels.some((l: unknown) => String(l).startsWith('ais-consent-')),
  );
  const anonymised = sources.some((src) =>
    stored.some((o) => o !== src && JSON.stringify(o).includes(String(src.id))),
  );
  if (anonymised || sources.some((src) => JSON.stringify(src).split(String(src.id)).length > 2)) {
    kept.set('served hub identity', canonical(hubIdentity));
  }
  return { bodies: [...kept.values()].sort(), conflicts };
}

/** Posts `objects` in envelopes of 1000 and returns, per object, the index set of validation failures. */
async function importObjects(t: TestHub, collection: string, objects: readonly StixObject[]) {
  const statuses = await postAll(t, `/hub/collections/${collection}/`, objects, { size: 1000 });
  const invalid = new Set<number>();
  const failures: Detail[] = [];
  let accepted = 0;
  statuses.forEach((status, n) => {
    const offset = n * 1000;
    const list = (status.failures as Detail[] | undefined) ?? [];
    failures.push(...list);
    accepted += status.success_count as number;
    expect(status.total_count).toBe(Math.min(1000, objects.length - offset));
    expect(status.pending_count).toBe(0);
    // Validation failures come first, in envelope order; conflicts after them.
    const validation = list.filter((f) => !rulesOf(f.message).includes('conflict'));
    let next = 0;
    for (let i = offset; i < Math.min(offset + 1000, objects.length) && next < validation.length; i++) {
      const o = objects[i] as StixObject;
      const f = validation[next] as Detail;
      const idMatches = f.id === o.id || f.id === `(object ${i - offset} of the envelope)`;
      if (idMatches && f.version === (versionOf(o) ?? 'unknown')) {
        invalid.add(i);
        next++;
      }
    }
    expect(next, 'every validation failure matches an object of its envelope').toBe(validation.length);
  });
  return { failures, invalid, accepted };
}

function tally(failures: readonly Detail[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of failures) {
    const rules = rulesOf(f.message);
    // README defects are counted by the one rule they break.
    const key = rules.length === 1 ? (rules[0] as string) : rules.sort().join('+');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('corpus import over TAXII', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ logLevel: 'silent' });
    // The corpus checks a byte-exact round trip; personal-data redaction is tested in test/sharing.
    await t.hub.admin.setCommunityPiiMode('hub', 'off');
  });
  afterAll(async () => {
    await t.stop();
  });

  it('finds the corpus', () => {
    expect(files.length, `no corpus at ${CORPUS_DIR}`).toBeGreaterThan(200);
  });

  it.each(files)(
    '%s imports: every object accepted except named defects, and a walk returns exactly the accepted set',
    async (file) => {
      const objects = corpusObjects(file);
      const collection = await addCollection(t, 'hub', file.slice(-190));
      const { failures, invalid } = await importObjects(t, collection, objects);

      const readme = README_DEFECTS[file];
      const findings = VALIDATOR_FINDINGS[file];
      if (readme !== undefined) {
        expect(tally(failures)).toEqual(readme);
        if (file === 'atlas/stix-atlas.json') {
          const conflicting = failures.filter((f) => rulesOf(f.message).includes('conflict'));
          expect(new Set(conflicting.map((f) => f.id)).size).toBe(34);
        }
      } else if (findings !== undefined) {
        const seen = new Set(failures.flatMap((f) => rulesOf(f.message)));
        expect([...seen].sort()).toEqual([...findings].sort());
      } else {
        expect(
          failures.map((f) => `${f.id} ${f.version}: ${f.message}`),
          'no object of this file is an upstream defect',
        ).toEqual([]);
      }

      const expected = expectedStore(objects, invalid, t.hub.taxii.hubIdentity as StixObject);
      expect(failures.filter((f) => rulesOf(f.message).includes('conflict'))).toHaveLength(
        expected.conflicts,
      );
      const { items } = await walk<StixObject>(
        t,
        `/hub/collections/${collection}/objects/?match[version]=all&limit=1000`,
      );
      expect(items.map(canonical).sort()).toEqual(expected.bodies);
    },
    60_000,
  );

  it('T081 the ATT&CK Enterprise 16.1 → 17.1 → 18.1 chain gives the README version counts', async () => {
    const collection = await addCollection(t, 'hub', 'ATT&CK Enterprise chain');
    const path = `/hub/collections/${collection}/`;
    const releases = CHAIN.map(corpusObjects);
    // Expected conflicts: an (id, modified) seen in an earlier release with another body.
    const bodies = new Map<string, string>();
    const conflictIds = new Set<string>();
    for (const objects of releases) {
      for (const o of objects) {
        const key = `${String(o.id)} ${instantKey(versionOf(o) as string)}`;
        const body = canonical(o);
        const seen = bodies.get(key);
        if (seen === undefined) bodies.set(key, body);
        else if (seen !== body) conflictIds.add(String(o.id));
      }
    }
    expect(conflictIds.size).toBe(1 + 103);

    const failures: Detail[] = [];
    for (const objects of releases) failures.push(...(await importObjects(t, collection, objects)).failures);
    expect(failures.every((f) => rulesOf(f.message)[0] === 'conflict')).toBe(true);
    expect(new Set(failures.map((f) => f.id))).toEqual(conflictIds);

    const all = await walk<{ id: string; version: string }>(
      t,
      `${path}manifest/?match[version]=all&limit=1000`,
    );
    const perId = new Map<string, string[]>();
    for (const r of all.items) perId.set(r.id, [...(perId.get(r.id) ?? []), r.version]);
    expect(perId.size).toBe(26_909);
    expect(all.items).toHaveLength(49_123);
    expect(new Set(all.items.map((r) => `${r.id} ${r.version}`)).size).toBe(49_123);
    const distribution = [0, 0, 0, 0];
    for (const versions of perId.values())
      distribution[versions.length] = (distribution[versions.length] ?? 0) + 1;
    expect(distribution.slice(1)).toEqual([5_874, 19_856, 1_179]);

    const byInstant = (a: string, b: string) => Date.parse(a) - Date.parse(b) || (a < b ? -1 : a > b ? 1 : 0);
    for (const [which, pick] of [
      ['first', (v: string[]) => [...v].sort(byInstant)[0]],
      ['last', (v: string[]) => [...v].sort(byInstant).at(-1)],
    ] as const) {
      const page = await walk<{ id: string; version: string }>(
        t,
        `${path}manifest/?match[version]=${which}&limit=1000`,
      );
      expect(page.items, which).toHaveLength(26_909);
      const got = new Map(page.items.map((r) => [r.id, r.version]));
      for (const [id, versions] of perId) expect(got.get(id), `${which} of ${id}`).toBe(pick(versions));
    }
    const latest = await walk<{ id: string }>(t, `${path}manifest/?limit=1000`);
    expect(latest.items).toHaveLength(26_909);
  }, 240_000);
});
