import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TLP_LEVELS } from '../core/index.js';
import { OBJECT_CATALOG, type PropertySpec } from '../stix/index.js';
import {
  type CollectionVersion,
  contentReferences,
  EXEMPT_REFERENCE_PROPERTIES,
  isContentReference,
  receivedInCollection,
  withholdingReferences,
} from './references.js';
import type { SharingEnvelope } from './sharing-envelope.js';

const id = (type: string) => `${type}--${randomUUID()}`;

/** Every property of the catalogue, nested ones and SCO extensions included, with its spec. */
function catalogProperties(): [string, PropertySpec][] {
  const out: [string, PropertySpec][] = [];
  const walk = (props: ReadonlyMap<string, PropertySpec>) => {
    for (const [name, spec] of props) {
      out.push([name, spec]);
      for (let s: PropertySpec | undefined = spec; s !== undefined; s = s.of)
        if (s.properties !== undefined) walk(s.properties);
    }
  };
  for (const spec of OBJECT_CATALOG.values()) {
    walk(spec.properties);
    for (const ext of spec.extensions?.values() ?? []) walk(ext.properties);
  }
  return out;
}

const isRefSpec = (s: PropertySpec) => s.kind === 'ref' || (s.kind === 'list' && s.of?.kind === 'ref');

describe('content references (DESIGN.md §3 references, issue 5)', () => {
  it('leaves to anonymisation the references its anonymised body replaces (the submitter’s identities)', () => {
    const [own, hub, other] = [id('identity'), id('identity'), id('identity')];
    const sighting = { type: 'sighting', sighting_of_ref: other, where_sighted_refs: [own] };
    const json = JSON.stringify(sighting);
    expect(withholdingReferences(sighting)).toEqual([other, own]);
    expect(withholdingReferences(sighting, json.split(own).join(hub))).toEqual([other]);
  });

  it('the suffix rule finds every reference property of the STIX 2.1 catalogue (checklist S005)', () => {
    const props = catalogProperties();
    const refs = props.filter(([, s]) => isRefSpec(s)).map(([name]) => name);
    expect(refs.length).toBeGreaterThan(40);
    for (const name of refs)
      expect(isContentReference(name) || EXEMPT_REFERENCE_PROPERTIES.includes(name), name).toBe(true);
    // …and nothing else: every catalogue property the suffix names is a reference.
    for (const [name, spec] of props) if (isContentReference(name)) expect(isRefSpec(spec), name).toBe(true);
  });

  it('takes relationship, sighting and report references; never created_by_ref or markings', () => {
    const source = id('malware');
    const target = id('identity');
    expect(
      contentReferences({
        type: 'relationship',
        id: id('relationship'),
        created_by_ref: id('identity'),
        object_marking_refs: [id('marking-definition')],
        granular_markings: [{ marking_ref: id('marking-definition'), selectors: ['name'] }],
        source_ref: source,
        target_ref: target,
      }),
    ).toEqual([source, target]);
    const [seen, data, where] = [id('indicator'), id('observed-data'), id('location')];
    expect(
      contentReferences({
        type: 'sighting',
        sighting_of_ref: seen,
        observed_data_refs: [data],
        where_sighted_refs: [where],
      }),
    ).toEqual([seen, data, where]);
    const members = [id('indicator'), id('malware'), id('indicator')];
    expect(contentReferences({ type: 'report', object_refs: [...members, members[0]] })).toEqual(members);
  });

  it('finds custom and nested references (SCO extensions, MIME parts), only with a STIX id shape', () => {
    const [custom, inner, part, listed] = [id('tool'), id('file'), id('artifact'), id('file')];
    expect(
      contentReferences({
        type: 'email-message',
        x_acme_origin_ref: custom,
        extensions: { 'archive-ext': { contains_refs: [inner] } },
        body_multipart: [{ body_raw_ref: part }],
        x_other_refs: [listed, 'not-an-id', 42, [id('file')]],
        description: `mentions ${id('malware')} in text`,
        name_ref: 'plain text',
      }),
    ).toEqual([custom, inner, part, listed]);
  });
});

const envelope = (over: Partial<SharingEnvelope> = {}): SharingEnvelope => ({
  tlp: 'green',
  submitterOrgId: 'o1',
  consent: 'everyone',
  providersAllowed: false,
  recipients: [],
  sourceIdentity: false,
  ...over,
});
const notRed = (e: SharingEnvelope) => e.tlp !== 'red';

describe('receivedInCollection: the referencing object is withheld (docs/sharing.md References)', () => {
  const red = id('malware');
  const green = id('malware');
  const absent = id('malware');

  it('withholds a visible version that references an object the reader sees no version of', () => {
    const versions: CollectionVersion[] = [
      { stixId: red, envelope: envelope({ tlp: 'red' }), references: [] },
      { stixId: green, envelope: envelope(), references: [] },
      { stixId: id('relationship'), envelope: envelope(), references: [green, red] },
      { stixId: id('relationship'), envelope: envelope(), references: [green, absent] },
    ];
    expect(receivedInCollection(versions, notRed)).toEqual([false, true, false, true]);
    expect(receivedInCollection(versions, () => true)).toEqual([true, true, true, true]);
  });

  it('one visible version of the target is enough', () => {
    const versions: CollectionVersion[] = [
      { stixId: red, envelope: envelope({ tlp: 'red' }), references: [] },
      { stixId: red, envelope: envelope(), references: [] },
      { stixId: id('report'), envelope: envelope(), references: [red] },
    ];
    expect(receivedInCollection(versions, notRed)).toEqual([false, true, true]);
  });

  it('never passes what the envelope alone would not, and withholds only for stored targets', () => {
    const ids = [red, green, absent];
    const versionArb = fc.record({
      stixId: fc.constantFrom(...ids),
      envelope: fc.constantFrom(...TLP_LEVELS).map((tlp) => envelope({ tlp })),
      references: fc.subarray(ids),
    });
    fc.assert(
      fc.property(fc.array(versionArb, { maxLength: 12 }), (versions) => {
        const received = receivedInCollection(versions, notRed);
        const stored = new Set(versions.map((v) => v.stixId));
        versions.forEach((v, i) => {
          if (received[i]) expect(notRed(v.envelope)).toBe(true);
          else if (notRed(v.envelope))
            expect(
              v.references.some(
                (r) => stored.has(r) && !versions.some((t) => t.stixId === r && notRed(t.envelope)),
              ),
            ).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });
});
