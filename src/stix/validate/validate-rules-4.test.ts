/**
 * The STIX 2.1 rules a side-by-side run with the OASIS validator showed missing (issue 3,
 * docs/validation.md): reference UUIDs (S040), `software.languages` (S099), registry hives
 * (S102) and empty lists in properties the catalogue does not type (S020). Each rule has a
 * valid and an invalid example; the pattern-path half (S142/S156) is in
 * test/validation/pattern-property-names.test.ts, since stix/ cannot load the pattern checker.
 */
import { describe, expect, it } from 'vitest';
import { fixture } from './test-fixtures.js';
import { validateStixObject } from './validate-stix-object.js';

const CREATED = '2016-04-06T20:03:48.000Z';
const EXTENSION_ID = 'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e';

/** `code path` of every error, for exact comparisons. */
function errors(object: unknown): string[] {
  return validateStixObject(object)
    .filter((i) => i.severity === 'error')
    .map((i) => `${i.code} ${i.path}`);
}

function software(languages: unknown): Record<string, unknown> {
  return {
    type: 'software',
    spec_version: '2.1',
    id: 'software--3f53a829-6307-4006-b7a2-ff53dace4159',
    name: 'Word',
    languages,
  };
}

function registryKey(key: string): Record<string, unknown> {
  return {
    type: 'windows-registry-key',
    spec_version: '2.1',
    id: 'windows-registry-key--91ae0a21-c7ae-4c7f-b84b-b84a7ce53d1f',
    key,
  };
}

/** An object of a type declared by an extension definition (§7.3), like Attack Flow's. */
function extensionObject(properties: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'attack-flow',
    spec_version: '2.1',
    id: 'attack-flow--676c8c5c-1b96-4043-89a0-aab775bc0f92',
    created: CREATED,
    modified: CREATED,
    extensions: { [EXTENSION_ID]: { extension_type: 'new-sdo' } },
    ...properties,
  };
}

describe('S040 references hold RFC 4122 identifiers, as ids do', () => {
  it('S040 accepts references whose UUIDs are version 1-5 with the RFC 4122 variant', () => {
    const relationship = fixture('relationship');
    relationship.target_ref = 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd'; // UUIDv5 (SCO)
    relationship.source_ref = 'indicator--a932fcc6-e032-11e6-926f-0800200c9a66'; // UUIDv1
    expect(errors(relationship)).toEqual([]);
  });

  it.each([
    ['relationship', 'source_ref', 'campaign--c831ab93-ff84-9cda-2bd8-b094004da969', '$.source_ref'],
    ['relationship', 'target_ref', 'identity--4fde045a-b25f-f035-e8d0-29c9d5130cd9', '$.target_ref'],
    ['sighting', 'sighting_of_ref', 'indicator--a932fcc6-e032-176c-126f-cb970a5a1ade', '$.sighting_of_ref'],
    [
      'sighting',
      'where_sighted_refs',
      ['identity--4fde045a-b25f-4035-08d0-29c9d5130cd9'],
      '$.where_sighted_refs[0]',
    ],
    ['indicator', 'created_by_ref', 'identity--f431f809-377b-05e0-aa1c-6a4751cae5ff', '$.created_by_ref'],
  ] as const)('S040 rejects a %s %s whose UUID is not RFC 4122', (kind, property, value, path) => {
    const object = fixture(kind);
    object[property] = value;
    expect(errors(object)).toEqual([`id-format ${path}`]);
  });

  it('S040 checks references inside predefined SCO extensions', () => {
    const file = fixture('file');
    file.extensions = { 'archive-ext': { contains_refs: ['file--23625c13-d92b-4e65-cf82-91a4820319ee'] } };
    expect(errors(file)).toEqual(['id-format $.extensions["archive-ext"].contains_refs[0]']);
    file.extensions = { 'archive-ext': { contains_refs: ['file--23625c13-d92b-4e65-8f82-91a4820319ee'] } };
    expect(errors(file)).toEqual([]);
  });

  it('S040 reports a non-RFC 4122 own id once', () => {
    const indicator = fixture('indicator');
    indicator.id = 'indicator--a932fcc6-e032-176c-126f-cb970a5a1ade';
    expect(errors(indicator)).toEqual(['id-format $.id']);
  });
});

describe('S099 software.languages are RFC 5646 language tags', () => {
  it('S099 accepts language tags', () => {
    expect(errors(software(['en', 'zh-Hant', 'haw', 'de-CH-1996']))).toEqual([]);
  });

  it.each([
    ['ENG', 'an ISO 639-2 code of a language that has the ISO 639-1 code "en"'],
    ['Python', 'a 6-letter language subtag, which is never registered'],
    ['C#', 'not a language tag at all'],
  ])('S099 rejects %s (%s)', (tag) => {
    const issues = validateStixObject(software(['en', tag]));
    expect(issues.filter((i) => i.severity === 'error')).toMatchObject([
      { code: 'language-tag', path: '$.languages[1]', checklist: 'S099' },
    ]);
  });
});

describe('S102 windows-registry-key.key starts with the full hive name', () => {
  it.each([
    'HKEY_LOCAL_MACHINE\\System\\Foo\\Bar',
    'hkey_local_machine\\software\\microsoft',
    'HKEY_CURRENT_USER',
    'HKEY_USERS\\S-1-5-18',
  ])('S102 accepts %s', (key) => {
    expect(errors(registryKey(key))).toEqual([]);
  });

  it.each(['HKLM\\Software\\mthjk', 'HKCU\\Software', 'hkcr\\.exe', 'Software\\Microsoft\\Windows'])(
    'S102 rejects %s',
    (key) => {
      const issues = validateStixObject(registryKey(key));
      expect(issues.filter((i) => i.severity === 'error')).toMatchObject([
        { code: 'observable-value', path: '$.key', checklist: 'S102' },
      ]);
    },
  );
});

describe('S020 no empty list anywhere, typed by the catalogue or not', () => {
  it('S020 accepts non-empty lists in custom, extension and untyped values', () => {
    const indicator = fixture('indicator');
    indicator.x_example_tags = [{ names: ['a'] }];
    indicator.extensions = { [EXTENSION_ID]: { extension_type: 'property-extension', rank_refs: ['x'] } };
    expect(errors(indicator)).toEqual([]);
    expect(
      errors(extensionObject({ start_refs: ['attack-action--72fb79b5-4821-4d61-b6b7-272851b57205'] })),
    ).toEqual([]);
  });

  it.each([
    ['a property of an extension-defined object', extensionObject({ start_refs: [] }), '$.start_refs'],
    [
      'a list nested in a custom property',
      { ...fixture('indicator'), x_related: [{ sectors: [] }] },
      '$.x_related[0].sectors',
    ],
    [
      'a property of an extension-definition extension',
      {
        ...fixture('indicator'),
        extensions: { [EXTENSION_ID]: { extension_type: 'property-extension', effect_refs: [] } },
      },
      `$.extensions[${JSON.stringify(EXTENSION_ID)}].effect_refs`,
    ],
    [
      'a custom property of a predefined extension',
      { ...fixture('file'), extensions: { 'ntfs-ext': { sid: '1', x_streams: [] } } },
      '$.extensions["ntfs-ext"].x_streams',
    ],
    [
      'a property of a custom SCO extension',
      { ...fixture('file'), extensions: { 'x-example-ext': { x_names: [] } } },
      '$.extensions["x-example-ext"].x_names',
    ],
    [
      'a property of a custom object',
      {
        type: 'x-mitre-asset',
        spec_version: '2.1',
        id: 'x-mitre-asset--75f810ad-b678-4c57-b93b-fdc79bba0c04',
        created: CREATED,
        modified: CREATED,
        x_mitre_related_assets: [{ name: 'a', related_asset_sectors: [] }],
      },
      '$.x_mitre_related_assets[0].related_asset_sectors',
    ],
    [
      'a value of an untyped dictionary',
      {
        type: 'email-message',
        id: 'email-message--cf9b4b7f-14c8-4955-8065-020e0316b559',
        is_multipart: false,
        additional_header_fields: { 'X-Mailer': [] },
      },
      '$.additional_header_fields["X-Mailer"]',
    ],
  ])('S020 rejects an empty list in %s', (_where, object, path) => {
    expect(errors(object)).toEqual([`empty-list ${path}`]);
  });

  it('S020 walks hostile nesting without exhausting the stack', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const indicator = { ...fixture('indicator'), x_deep: deep };
    expect(() => validateStixObject(indicator)).not.toThrow();
  });
});
