import { describe, expect, it } from 'vitest';
import { fixture } from './test-fixtures.js';
import { validateStixObject } from './validate-stix-object.js';

type Mutate = (o: Record<string, unknown>) => void;

/** [test name citing the checklist item, valid fixture, mutation that breaks it, expected code]. */
const RULES: readonly (readonly [string, Parameters<typeof fixture>[0], Mutate, string])[] = [
  [
    'S030 modified before created',
    'indicator',
    (o) => {
      o.modified = '2015-01-01T00:00:00.000Z';
    },
    'modified-before-created',
  ],
  [
    'S071 valid_until after valid_from',
    'indicator',
    (o) => {
      o.valid_until = '2016-01-01T00:00:00Z';
    },
    'valid-until-before-valid-from',
  ],
  [
    'S085 last_seen after first_seen',
    'sighting',
    (o) => {
      o.last_seen = '2015-01-01T00:00:00Z';
    },
    'timestamp-order',
  ],
  [
    'S012 closed vocabulary',
    'networkTraffic',
    (o) => {
      o.extensions = { 'socket-ext': { address_family: 'AF_NOPE' } };
    },
    'closed-vocabulary',
  ],
  [
    'S022 open vocabulary',
    'malware',
    (o) => {
      o.malware_types = ['not-a-type'];
    },
    'open-vocabulary',
  ],
  [
    'S074 location needs region, country or coordinates',
    'location',
    (o) => {
      delete o.region;
      delete o.latitude;
      delete o.longitude;
    },
    'missing-one-of',
  ],
  [
    'S078 objects and object_refs are exclusive',
    'observedData',
    (o) => {
      o.objects = { '0': { type: 'ipv4-addr', value: '1.2.3.4' } };
    },
    'mutually-exclusive',
  ],
  ['S074 latitude requires longitude', 'location', (o) => delete o.longitude, 'dependent-property'],
  [
    'S038 defanged only on SCOs',
    'indicator',
    (o) => {
      o.defanged = true;
    },
    'not-applicable-property',
  ],
  [
    'S053 SCOs carry no created',
    'ipv4',
    (o) => {
      o.created = '2016-04-06T20:03:48.000Z';
    },
    'not-applicable-property',
  ],
  [
    'S061 reserved property',
    'indicator',
    (o) => {
      o.severity = 'high';
    },
    'reserved-property',
  ],
  [
    'S021 deprecated objects container',
    'observedData',
    (o) => {
      delete o.object_refs;
      o.objects = { '0': { type: 'ipv4-addr', value: '1.2.3.4' } };
    },
    'deprecated-property',
  ],
  [
    'S142 custom property name',
    'indicator',
    (o) => {
      o.x_Bad = 1;
    },
    'custom-property-name',
  ],
  [
    'S142 custom properties should use x_',
    'indicator',
    (o) => {
      o.foo_bar = 1;
    },
    'custom-prefix',
  ],
  [
    'S141 x_ custom properties are deprecated',
    'indicator',
    (o) => {
      o.x_acme_score = 1;
    },
    'deprecated-custom-prefix',
  ],
  [
    'S039 extension key',
    'indicator',
    (o) => {
      o.extensions = { foo: { a: 1 } };
    },
    'extension-key',
  ],
  [
    'S039 extension_type required',
    'indicator',
    (o) => {
      o.extensions = { 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e': { rank: 5 } };
    },
    'extension-type',
  ],
  [
    'S063 predefined extensions carry no extension_type',
    'file',
    (o) => {
      o.extensions = { 'ntfs-ext': { sid: 'S-1', extension_type: 'property-extension' } };
    },
    'extension-type',
  ],
  [
    'S129 extension_properties only for toplevel extensions',
    'extensionDefinition',
    (o) => {
      o.extension_properties = ['x_foo'];
    },
    'extension-properties',
  ],
  [
    'S128 extension definitions should be described',
    'extensionDefinition',
    (o) => delete o.description,
    'extension-description',
  ],
  [
    'S065 CAPEC external ids',
    'malware',
    (o) => {
      o.external_references = [{ source_name: 'capec', external_id: 'T1068' }];
    },
    'external-reference-id',
  ],
];

describe('validateStixObject rules, part 2', () => {
  it.each(RULES)('%s', (_name, kind, mutate, code) => {
    const object = fixture(kind);
    mutate(object);
    expect(validateStixObject(object).map((i) => i.code)).toContain(code);
  });
});
