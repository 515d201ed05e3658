import { describe, expect, it } from 'vitest';
import { fixture } from './test-fixtures.js';
import { validateStixObject } from './validate-stix-object.js';

type Mutate = (o: Record<string, unknown>) => void;

/** [test name citing the checklist item, valid fixture, mutation that breaks it, expected code]. */
const RULES: readonly (readonly [string, Parameters<typeof fixture>[0], Mutate, string])[] = [
  ['S006 required property missing', 'indicator', (o) => delete o.pattern, 'required-property'],
  [
    'S160 wrong JSON type',
    'indicator',
    (o) => {
      o.name = 42;
    },
    'property-type',
  ],
  [
    'S020 empty list',
    'indicator',
    (o) => {
      o.indicator_types = [];
    },
    'empty-list',
  ],
  [
    'S011 empty dictionary',
    'file',
    (o) => {
      o.hashes = {};
    },
    'empty-dictionary',
  ],
  [
    'S103 empty nested object',
    'file',
    (o) => {
      o.extensions = { 'windows-pebinary-ext': { pe_type: 'exe', optional_header: {} } };
    },
    'empty-object',
  ],
  [
    'S011 dictionary key',
    'process',
    (o) => {
      o.environment_variables = { 'a b': 'x' };
    },
    'dictionary-key',
  ],
  [
    'S033 confidence range',
    'indicator',
    (o) => {
      o.confidence = 101;
    },
    'value-range',
  ],
  [
    'S024 timestamp format',
    'indicator',
    (o) => {
      o.valid_from = '2016-13-01T00:00:00Z';
    },
    'timestamp-format',
  ],
  [
    'S029 created millisecond precision',
    'indicator',
    (o) => {
      o.created = '2016-04-06T20:03:48Z';
    },
    'timestamp-precision',
  ],
  [
    'S016 hex',
    'networkTraffic',
    (o) => {
      o.extensions = { 'tcp-ext': { src_flags_hex: 'abc' } };
    },
    'hex-format',
  ],
  [
    'S009 binary',
    'file',
    (o) => {
      o.type = 'artifact';
      o.id = 'artifact--6f437177-6e48-5cf8-9d9e-872a2bddd641';
      o.payload_bin = 'no base64!';
      delete o.name;
      delete o.extensions;
      delete o.hashes;
    },
    'binary-format',
  ],
  [
    'S015 hash format',
    'file',
    (o) => {
      o.hashes = { MD5: 'xyz' };
    },
    'hash-format',
  ],
  [
    'S015 hash algorithm name',
    'file',
    (o) => {
      o.hashes = { SHA256: 'fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db' };
    },
    'hash-algorithm',
  ],
  [
    'S040 id prefix matches the type',
    'indicator',
    (o) => {
      o.id = 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
    },
    'id-format',
  ],
  [
    'S040 id is an RFC 4122 UUID',
    'indicator',
    (o) => {
      o.id = 'indicator--8e2e2d2b-17d4-6cbf-c38f-98ee46b3cd3f';
    },
    'id-format',
  ],
  [
    'S042 SDO ids should be UUIDv4',
    'indicator',
    (o) => {
      o.id = 'indicator--8e2e2d2b-17d4-5cbf-938f-98ee46b3cd3f';
    },
    'uuid-version',
  ],
  [
    'S044 process ids are UUIDv4',
    'process',
    (o) => {
      o.id = 'process--f52a906a-0dfc-50bd-92f1-e7778ead38a9';
    },
    'sco-uuid-version',
  ],
  [
    'S043 deterministic SCO id',
    'ipv4',
    (o) => {
      o.value = '198.51.100.4';
    },
    'sco-deterministic-id',
  ],
  [
    'S143 type name format',
    'indicator',
    (o) => {
      o.type = 'X_Bad';
    },
    'type-format',
  ],
  [
    'S026 spec_version 2.0',
    'indicator',
    (o) => {
      o.spec_version = '2.0';
    },
    'spec-version',
  ],
  [
    'S028 created_by_ref targets an identity',
    'indicator',
    (o) => {
      o.created_by_ref = 'malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061';
    },
    'ref-type',
  ],
];

describe('validateStixObject rules, part 1', () => {
  it.each(RULES)('%s', (_name, kind, mutate, code) => {
    const object = fixture(kind);
    mutate(object);
    expect(validateStixObject(object).map((i) => i.code)).toContain(code);
  });
});
