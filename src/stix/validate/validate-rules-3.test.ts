import { describe, expect, it } from 'vitest';
import { fixture } from './test-fixtures.js';
import { validateStixObject } from './validate-stix-object.js';

type Mutate = (o: Record<string, unknown>) => void;

/** [test name citing the checklist item, valid fixture, mutation that breaks it, expected code]. */
const RULES: readonly (readonly [string, Parameters<typeof fixture>[0], Mutate, string])[] = [
  [
    'S034 lang is RFC 5646',
    'indicator',
    (o) => {
      o.lang = 'english!';
    },
    'language-tag',
  ],
  [
    'S095 MAC address format',
    'ipv4',
    (o) => {
      o.type = 'mac-addr';
      o.id = 'mac-addr--65cfcf98-8a6e-5a1b-8f61-379ac4f92d00';
      o.value = '00-00-AB-CD-EF-01';
    },
    'observable-value',
  ],
  [
    'S093 IPv4 value',
    'ipv4',
    (o) => {
      o.value = '300.1.1.1';
    },
    'observable-value',
  ],
  [
    'S078 object_refs reference an SCO',
    'observedData',
    (o) => {
      o.object_refs = ['indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'];
    },
    'observed-data-refs',
  ],
  [
    'S091 body not on multipart e-mail',
    'ipv4',
    (o) => {
      o.type = 'email-message';
      o.id = 'email-message--cf9b4b7f-14c8-4955-8065-020e0316b559';
      delete o.value;
      o.is_multipart = true;
      o.body = 'x';
    },
    'email-body',
  ],
  [
    'S097 active traffic has no end',
    'networkTraffic',
    (o) => {
      o.is_active = true;
      o.end = '2016-01-01T00:00:00Z';
    },
    'network-traffic-active',
  ],
  [
    'S084 relationship_type characters',
    'relationship',
    (o) => {
      o.relationship_type = 'Uses It';
    },
    'relationship-type',
  ],
  [
    'S084 relationship ends are SDOs or SCOs',
    'relationship',
    (o) => {
      o.target_ref = 'relationship--57b56a43-b8b0-4cba-9deb-34e3e1faed9e';
    },
    'ref-type',
  ],
  [
    'S085 sighting_of_ref is an SDO',
    'sighting',
    (o) => {
      o.sighting_of_ref = 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd';
    },
    'ref-type',
  ],
  [
    'S071 indicators should be named and described',
    'indicator',
    (o) => delete o.description,
    'indicator-content',
  ],
  [
    'S019 kill-chain names lowercase',
    'malware',
    (o) => {
      o.kill_chain_phases = [{ kill_chain_name: 'Kill Chain', phase_name: 'x' }];
    },
    'kill-chain-format',
  ],
  [
    'S124 granular marking needs one of marking_ref or lang',
    'indicator',
    (o) => {
      o.granular_markings = [{ selectors: ['name'] }];
    },
    'granular-marking',
  ],
  [
    'S126 selector resolves',
    'indicator',
    (o) => {
      o.granular_markings = [{ selectors: ['labels.[0]'], lang: 'en' }];
    },
    'granular-marking-selector',
  ],
  [
    'S126 selector index in range',
    'indicator',
    (o) => {
      o.granular_markings = [{ selectors: ['indicator_types.[1]'], lang: 'en' }];
    },
    'granular-marking-selector',
  ],
  [
    'S036 marking does not mark itself',
    'statement',
    (o) => {
      o.object_marking_refs = [o.id];
    },
    'marking-circular-ref',
  ],
  [
    'S121 statement marking needs statement',
    'statement',
    (o) => {
      o.definition = { text: 'x' };
    },
    'marking-definition',
  ],
  [
    'S122 only the four TLP 1.0 objects',
    'tlpGreen',
    (o) => {
      o.id = 'marking-definition--c1d9b56f-8ee4-4c8b-9f36-0d5b1a2b3c4d';
    },
    'tlp-marking',
  ],
  [
    'S122 TLP 2.0 id matches the level',
    'tlp2Amber',
    (o) => {
      o.name = 'TLP:RED';
    },
    'tlp-marking',
  ],
  [
    'S118 language-content keys are language tags',
    'languageContent',
    (o) => {
      o.contents = { 'not a tag': { name: 'x' } };
    },
    'language-tag',
  ],
];

describe('validateStixObject rules, part 3', () => {
  it.each(RULES)('%s', (_name, kind, mutate, code) => {
    const object = fixture(kind);
    mutate(object);
    expect(validateStixObject(object).map((i) => i.code)).toContain(code);
  });
});
