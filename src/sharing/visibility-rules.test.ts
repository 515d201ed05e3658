import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONSENT_LEVELS, ORG_CLASSES, TLP_LEVELS } from '../core/index.js';
import { PCII_STATES, type PciiState } from './pcii-state.js';
import { receivedInCollection } from './references.js';
import type { Reader, SharingEnvelope } from './sharing-envelope.js';
import { matchesFilter, seesAttributionBy } from './visibility-filter.js';
import {
  canReceive,
  compileAttribution,
  compileExportVisibility,
  compileVisibility,
  seesAttribution,
} from './visibility-rules.js';

// A small world where every user belongs to one organisation, as in the store.
const ORG_OF_USER: Record<string, string> = { a1: 'A', a2: 'A', b1: 'B', c1: 'C' };
const users = Object.keys(ORG_OF_USER);
const orgs = ['A', 'B', 'C'];
const readerArb: fc.Arbitrary<Reader> = fc.oneof(
  fc
    .record({
      kind: fc.constant('user' as const),
      id: fc.constantFrom(...users),
      orgClass: fc.constantFrom(...ORG_CLASSES),
      hubAdmin: fc.boolean(),
      reviewer: fc.boolean(),
      pciiOfficer: fc.boolean(),
      pciiCertified: fc.boolean(),
    })
    .map((r) => ({ ...r, orgId: ORG_OF_USER[r.id] as string })),
  fc.record({
    kind: fc.constant('token' as const),
    id: fc.constantFrom('t1', 't2'),
    orgId: fc.constantFrom(...orgs),
    orgClass: fc.constantFrom(...ORG_CLASSES),
    hubAdmin: fc.constant(false),
    // Never set for tokens by toReader; generated anyway to prove tokens get no protected content.
    pciiOfficer: fc.boolean(),
    pciiCertified: fc.boolean(),
  }),
);
const envelopeArb: fc.Arbitrary<SharingEnvelope> = fc
  .record({
    tlp: fc.constantFrom(...TLP_LEVELS),
    submitter: fc.oneof(fc.constantFrom(...users), fc.constantFrom(...orgs.map((o) => `token-of-${o}`))),
    consent: fc.constantFrom(...CONSENT_LEVELS),
    providersAllowed: fc.boolean(),
    recipients: fc.subarray(users),
    sourceIdentity: fc.boolean(),
    review: fc.constantFrom('absent', 'released', 'held'),
    pcii: fc.constantFrom('absent', ...PCII_STATES),
  })
  .map(({ submitter, review, pcii, ...rest }) => {
    const reviewed = review === 'absent' ? rest : { ...rest, reviewState: review as 'released' | 'held' };
    const e = pcii === 'absent' ? reviewed : { ...reviewed, pcii: pcii as PciiState };
    return submitter.startsWith('token-of-')
      ? { ...e, submitterOrgId: submitter.slice('token-of-'.length) }
      : { ...e, submitterOrgId: ORG_OF_USER[submitter] as string, submitterUserId: submitter };
  });

const reader = (over: Partial<Reader> = {}): Reader => ({
  kind: 'user',
  id: 'u1',
  orgId: 'o1',
  orgClass: 'private',
  hubAdmin: false,
  ...over,
});
const envelope = (over: Partial<SharingEnvelope> = {}): SharingEnvelope => ({
  tlp: 'green',
  submitterOrgId: 'o2',
  submitterUserId: 'u2',
  consent: 'none',
  providersAllowed: false,
  recipients: [],
  sourceIdentity: false,
  ...over,
});

describe('sharing rules (DESIGN.md §3)', () => {
  it('gives CLEAR and GREEN to every reader, tokens included', () => {
    for (const tlp of ['clear', 'green'] as const) {
      expect(canReceive(reader({ kind: 'token', orgClass: 'provider' }), envelope({ tlp }))).toBe(true);
    }
  });

  it('gives AMBER to member organisations, and to providers only with the submitter’s leave', () => {
    expect(canReceive(reader(), envelope({ tlp: 'amber' }))).toBe(true);
    expect(canReceive(reader({ orgClass: 'provider' }), envelope({ tlp: 'amber' }))).toBe(false);
    expect(
      canReceive(reader({ orgClass: 'provider' }), envelope({ tlp: 'amber', providersAllowed: true })),
    ).toBe(true);
  });

  it('never gives AMBER+STRICT to providers, leave or not', () => {
    expect(
      canReceive(reader({ orgClass: 'provider' }), envelope({ tlp: 'amber+strict', providersAllowed: true })),
    ).toBe(false);
    expect(canReceive(reader({ orgClass: 'sltt' }), envelope({ tlp: 'amber+strict' }))).toBe(true);
  });

  it('gives RED to the submitting user and named recipients only, never to tokens', () => {
    expect(canReceive(reader({ id: 'u2', orgId: 'o2' }), envelope({ tlp: 'red' }))).toBe(true);
    expect(canReceive(reader({ id: 'u3' }), envelope({ tlp: 'red', recipients: ['u3'] }))).toBe(true);
    expect(canReceive(reader({ id: 'u4', orgId: 'o2' }), envelope({ tlp: 'red' }))).toBe(false);
    expect(
      canReceive(reader({ kind: 'token', id: 'u3' }), envelope({ tlp: 'red', recipients: ['u3'] })),
    ).toBe(false);
  });

  it('lets the submitting organisation see its own non-RED submissions', () => {
    expect(canReceive(reader({ orgId: 'o2', orgClass: 'provider' }), envelope({ tlp: 'amber+strict' }))).toBe(
      true,
    );
  });

  it('withholds the submitter’s identity object without consent, and shows attribution by consent', () => {
    const identity = envelope({ sourceIdentity: true, consent: 'government' });
    expect(canReceive(reader(), identity)).toBe(false);
    expect(canReceive(reader({ orgClass: 'government' }), identity)).toBe(true);
    expect(seesAttribution(reader(), envelope({ consent: 'none' }))).toBe(false);
    expect(seesAttribution(reader({ orgClass: 'government' }), envelope({ consent: 'government' }))).toBe(
      true,
    );
    expect(seesAttribution(reader(), envelope({ consent: 'everyone' }))).toBe(true);
    expect(seesAttribution(reader({ hubAdmin: true }), envelope({ consent: 'none' }))).toBe(true);
  });

  it('shows a held version only to hub admins, the community’s reviewers and the submitting organisation', () => {
    const held = envelope({ reviewState: 'held' });
    expect(canReceive(reader(), held)).toBe(false);
    expect(canReceive(reader({ reviewer: true }), held)).toBe(true);
    expect(canReceive(reader({ orgId: 'o2' }), held)).toBe(true);
    expect(canReceive(reader({ kind: 'token', orgId: 'o2' }), held)).toBe(true);
    expect(canReceive(reader({ hubAdmin: true }), held)).toBe(true);
    expect(
      canReceive(
        reader({ reviewer: true, orgClass: 'provider' }),
        envelope({ reviewState: 'held', tlp: 'amber+strict' }),
      ),
    ).toBe(false);
    expect(canReceive(reader(), envelope({ reviewState: 'released' }))).toBe(true);
  });

  it('PCII (DESIGN.md §3 protected): pending reaches the submitting organisation and officers only', () => {
    const pending = envelope({ pcii: 'pending' });
    expect(canReceive(reader({ orgId: 'o2' }), pending)).toBe(true);
    expect(canReceive(reader({ pciiOfficer: true }), pending)).toBe(true);
    expect(canReceive(reader({ pciiCertified: true }), pending)).toBe(false);
    expect(canReceive(reader(), pending)).toBe(false);
    expect(canReceive(reader({ hubAdmin: true }), pending)).toBe(false);
    expect(canReceive(reader({ kind: 'token', orgId: 'o2' }), pending)).toBe(false);
  });

  it('PCII: validated reaches certified users and officers, never tokens or uncertified admins', () => {
    const validated = envelope({ pcii: 'validated' });
    expect(canReceive(reader({ pciiCertified: true }), validated)).toBe(true);
    expect(canReceive(reader({ pciiOfficer: true }), validated)).toBe(true);
    expect(canReceive(reader({ hubAdmin: true, pciiCertified: true }), validated)).toBe(true);
    expect(canReceive(reader({ hubAdmin: true }), validated)).toBe(false);
    expect(canReceive(reader(), validated)).toBe(false);
    expect(canReceive(reader({ kind: 'token', pciiCertified: true }), validated)).toBe(false);
    // The TLP still applies: a certified provider does not get protected AMBER+STRICT.
    expect(
      canReceive(
        reader({ pciiCertified: true, orgClass: 'provider' }),
        envelope({ pcii: 'validated', tlp: 'amber+strict' }),
      ),
    ).toBe(false);
  });

  it('PCII: rejected stays with the submitting organisation and officers', () => {
    const rejected = envelope({ pcii: 'rejected' });
    expect(canReceive(reader({ pciiCertified: true }), rejected)).toBe(false);
    expect(canReceive(reader({ pciiOfficer: true }), rejected)).toBe(true);
    expect(canReceive(reader({ orgId: 'o2' }), rejected)).toBe(true);
  });

  it('PCII: exports never include a protected version, whatever its state', () => {
    fc.assert(
      fc.property(envelopeArb, (e) => {
        if (e.pcii !== undefined) expect(matchesFilter(compileExportVisibility(), e)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('compiles to a store filter that agrees with the rule for every reader and version', () => {
    fc.assert(
      fc.property(readerArb, envelopeArb, (r, e) => {
        expect(matchesFilter(compileVisibility(r), e)).toBe(canReceive(r, e));
        expect(seesAttributionBy(compileAttribution(r), e)).toBe(seesAttribution(r, e));
      }),
      { numRuns: 5000 },
    );
  });

  it('references (DESIGN.md §3): the compiled filter withholds exactly what the rule withholds', () => {
    const ids = ['malware--1', 'malware--2', 'relationship--3'];
    const versionArb = fc.record({
      stixId: fc.constantFrom(...ids),
      envelope: envelopeArb,
      references: fc.subarray([...ids, 'identity--outside']),
    });
    fc.assert(
      fc.property(readerArb, fc.array(versionArb, { maxLength: 10 }), (r, versions) => {
        const filter = compileVisibility(r);
        expect(receivedInCollection(versions, (e) => matchesFilter(filter, e))).toEqual(
          receivedInCollection(versions, (e) => canReceive(r, e)),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('references: hub admins are withheld only what references protected content they cannot see', () => {
    const admin = reader({ hubAdmin: true });
    const target = { stixId: 'malware--1', references: [] };
    const relationship = { stixId: 'relationship--2', envelope: envelope(), references: ['malware--1'] };
    for (const e of [envelope({ tlp: 'red' }), envelope({ reviewState: 'held' })])
      expect(
        receivedInCollection([{ ...target, envelope: e }, relationship], (x) => canReceive(admin, x)),
      ).toEqual([true, true]);
    const pending = { ...target, envelope: envelope({ pcii: 'pending' }) };
    expect(receivedInCollection([pending, relationship], (x) => canReceive(admin, x))).toEqual([
      false,
      false,
    ]);
  });

  it('references: an export leaves out what references a version it leaves out', () => {
    const exported = compileExportVisibility();
    const red = { stixId: 'malware--1', envelope: envelope({ tlp: 'red' }), references: [] };
    const relationship = { stixId: 'relationship--2', envelope: envelope(), references: ['malware--1'] };
    expect(receivedInCollection([red, relationship], (e) => matchesFilter(exported, e))).toEqual([
      false,
      false,
    ]);
  });
});
