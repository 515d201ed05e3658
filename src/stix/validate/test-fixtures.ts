/**
 * Valid STIX 2.1 objects written from the specification's examples, used by the validator
 * tests as the starting point of each invalid variant. Test-only.
 */

/** A fresh copy of a valid object of `kind`. */
export function fixture(kind: keyof typeof FIXTURES): Record<string, unknown> {
  return structuredClone(FIXTURES[kind]) as Record<string, unknown>;
}

const CREATED = '2016-04-06T20:03:48.000Z';
const SDO = { spec_version: '2.1', created: CREATED, modified: CREATED };

const FIXTURES = {
  indicator: {
    type: 'indicator',
    id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    ...SDO,
    created_by_ref: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
    name: 'Poison Ivy Malware',
    description: 'This file is part of Poison Ivy',
    indicator_types: ['malicious-activity'],
    pattern: "[ file:hashes.'SHA-256' = '4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877' ]",
    pattern_type: 'stix',
    valid_from: '2016-01-01T00:00:00Z',
    object_marking_refs: ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'],
  },
  malware: {
    type: 'malware',
    id: 'malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
    ...SDO,
    name: 'Cryptolocker',
    is_family: true,
    malware_types: ['ransomware'],
    external_references: [
      {
        source_name: 'capec',
        external_id: 'CAPEC-163',
        url: 'https://capec.mitre.org/data/definitions/163.html',
      },
    ],
    kill_chain_phases: [{ kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'exploitation' }],
  },
  location: {
    type: 'location',
    id: 'location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64',
    ...SDO,
    latitude: 48.8566,
    longitude: 2.3522,
    region: 'western-europe',
  },
  relationship: {
    type: 'relationship',
    id: 'relationship--57b56a43-b8b0-4cba-9deb-34e3e1faed9e',
    ...SDO,
    relationship_type: 'indicates',
    source_ref: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    target_ref: 'malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
  },
  sighting: {
    type: 'sighting',
    id: 'sighting--ee20065d-2555-424f-ad9e-0f8428623c75',
    ...SDO,
    sighting_of_ref: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    where_sighted_refs: ['identity--f431f809-377b-45e0-aa1c-6a4751cae5ff'],
    first_seen: '2016-01-01T00:00:00Z',
    last_seen: '2016-01-02T00:00:00Z',
  },
  observedData: {
    type: 'observed-data',
    id: 'observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf',
    ...SDO,
    first_observed: '2015-12-21T19:00:00Z',
    last_observed: '2015-12-21T19:00:00Z',
    number_observed: 50,
    object_refs: ['ipv4-addr--efcd5e80-570d-5131-b213-62cb18eaa6a8'],
  },
  ipv4: {
    type: 'ipv4-addr',
    spec_version: '2.1',
    id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd',
    value: '198.51.100.3',
  },
  file: {
    type: 'file',
    spec_version: '2.1',
    id: 'file--5a27d487-c542-5f97-a131-a8866b477b46',
    hashes: { 'SHA-256': 'fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db' },
    name: 'foo.exe',
    extensions: { 'windows-pebinary-ext': { pe_type: 'exe', sections: [{ name: '.text', entropy: 6.1 }] } },
  },
  networkTraffic: {
    type: 'network-traffic',
    id: 'network-traffic--2568d22a-8998-58eb-99ec-3c8ca74f527d',
    src_ref: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd',
    protocols: ['tcp'],
    extensions: { 'tcp-ext': { src_flags_hex: '00000002' } },
  },
  process: { type: 'process', id: 'process--f52a906a-0dfc-40bd-92f1-e7778ead38a9', pid: 1221 },
  tlpGreen: {
    type: 'marking-definition',
    spec_version: '2.1',
    id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name: 'TLP:GREEN',
    definition: { tlp: 'green' },
  },
  tlp2Amber: {
    type: 'marking-definition',
    spec_version: '2.1',
    id: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
    created: '2022-10-01T00:00:00.000Z',
    name: 'TLP:AMBER',
    extensions: {
      'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': {
        extension_type: 'property-extension',
        tlp_2_0: 'amber',
      },
    },
  },
  statement: {
    type: 'marking-definition',
    spec_version: '2.1',
    id: 'marking-definition--d81f86b9-975b-4c0b-875e-810c5ad45a4f',
    created: '2016-04-06T20:03:48.000Z',
    definition_type: 'statement',
    definition: { statement: 'Copyright 2016, Example Corp' },
  },
  languageContent: {
    type: 'language-content',
    id: 'language-content--b86bd89f-98bb-4fa9-8cb2-9ad421da981d',
    ...SDO,
    object_ref: 'campaign--12a111f0-b824-4baf-a224-83b80237a094',
    object_modified: '2017-02-08T21:31:22.007Z',
    contents: { de: { name: 'Bank Angriff 1', description: 'Weitere Informationen über Banküberfall' } },
  },
  extensionDefinition: {
    type: 'extension-definition',
    id: 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e',
    ...SDO,
    created_by_ref: 'identity--11b76a96-5d2b-45e0-8a5a-f6994f370731',
    name: 'Extension Foo Bar',
    description: 'This schema creates a new object type called my-favorite-sdo-1',
    schema: 'https://www.example.com/schema-my-favorite-sdo-1/v1/',
    version: '1.2.1',
    extension_types: ['new-sdo'],
  },
} as const;
