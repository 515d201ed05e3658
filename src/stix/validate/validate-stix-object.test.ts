import { describe, expect, it } from 'vitest';
import { fixture } from './test-fixtures.js';
import { validateStixObject } from './validate-stix-object.js';
import type { ValidationOptions } from './validation-issue.js';

function codes(object: unknown, options: ValidationOptions = {}): string[] {
  return validateStixObject(object, options).map((i) => i.code);
}

const VALID = [
  'indicator',
  'malware',
  'location',
  'relationship',
  'sighting',
  'observedData',
  'process',
  'tlpGreen',
  'tlp2Amber',
  'statement',
  'languageContent',
  'extensionDefinition',
] as const;

describe('validateStixObject', () => {
  it.each(VALID)('accepts the valid %s example without findings (S160)', (kind) => {
    expect(validateStixObject(fixture(kind))).toEqual([]);
  });

  it('computes deterministic SCO ids as python-stix2 does (S043, S050)', () => {
    // uuid5(00abedb4-…, '{"value":"198.51.100.3"}'), checked with Python's uuid module.
    const object = {
      type: 'ipv4-addr',
      id: 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4',
      value: '198.51.100.3',
    };
    expect(validateStixObject(object)).toEqual([]);
  });

  it('reports findings with path, object id and checklist (S030)', () => {
    const object = fixture('indicator');
    object.modified = '2015-01-01T00:00:00.000Z';
    expect(validateStixObject(object)).toEqual([
      {
        severity: 'error',
        code: 'modified-before-created',
        path: '$.modified',
        message: 'Property "modified" must not be earlier than "created"',
        objectId: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        checklist: 'S030',
      },
    ]);
  });

  it('applies collection policy options (S141, S051, S123)', () => {
    const custom = { ...fixture('indicator'), x_acme_score: 1 };
    expect(codes(custom, { allowCustomProperties: false })).toContain('custom-property');
    const object = {
      ...fixture('indicator'),
      type: 'x-acme-thing',
      id: 'x-acme-thing--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    };
    expect(codes(object, { allowCustomObjects: false })).toContain('custom-object');
    const bare = fixture('relationship');
    expect(codes(bare, { requireMarkings: true, requireCreatedByRef: true })).toEqual([
      'marking-required',
      'created-by-ref-required',
    ]);
    expect(codes(fixture('indicator'), { maxObjectBytes: 100 })).toEqual(['object-size']);
  });

  it('turns warnings into errors with strict', () => {
    const object = fixture('indicator');
    delete object.description;
    expect(validateStixObject(object, { strict: true }).map((i) => i.severity)).toEqual(['error']);
  });

  it('runs the injected pattern checker on STIX patterns only (S071)', () => {
    const checkPattern = (p: string) =>
      p.startsWith('[') ? [] : [{ message: 'Cannot parse pattern', code: 'E1' }];
    expect(codes({ ...fixture('indicator'), pattern: 'nope' }, { checkPattern })).toEqual(['pattern-syntax']);
    expect(
      codes({ ...fixture('indicator'), pattern: 'nope', pattern_type: 'yara' }, { checkPattern }),
    ).toEqual([]);
  });

  it('accepts extension-defined object types declared by a new-sdo extension (S131)', () => {
    const object = {
      ...fixture('indicator'),
      type: 'attack-action',
      id: 'attack-action--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      extensions: {
        'extension-definition--fb9c968a-745b-4ade-9b25-c324172197f4': { extension_type: 'new-sdo' },
      },
    };
    expect(codes(object).filter((c) => c !== 'indicator-content')).toEqual([]);
  });

  it('never throws on hostile input (prototype keys, deep nesting, wrong types)', () => {
    const hostile = JSON.parse('{"__proto__": {"x": 1}, "constructor": 5, "type": "indicator", "id": 7}');
    expect(() => validateStixObject(hostile)).not.toThrow();
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(() =>
      validateStixObject({ ...fixture('indicator'), x_deep: deep }, { maxObjectBytes: 10 }),
    ).not.toThrow();
    for (const value of [null, 1, 'x', [], [1], true]) expect(codes(value)).toEqual(['not-an-object']);
  });
});
