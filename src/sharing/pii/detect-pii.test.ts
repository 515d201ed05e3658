import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPiiDetector } from './detect-pii.js';
import { redactPii } from './redact-pii.js';

const detector = createPiiDetector({ ownDomains: ['bank.example'], ownNames: ['Example Bank'] });

describe('createPiiDetector', () => {
  it('examines free text of every type, external reference descriptions, with paths and offsets', () => {
    const findings = detector.detect({
      type: 'x-custom-report',
      name: 'Report for jo@victim.example',
      description: 'ok',
      external_references: [{ source_name: 'ticket', description: 'called +44 20 7946 0958' }],
    });
    expect(findings).toEqual([
      { kind: 'email', path: '$.name', keys: ['name'], start: 11, end: 28 },
      {
        kind: 'phone',
        path: '$.external_references[0].description',
        keys: ['external_references', 0, 'description'],
        start: 7,
        end: 23,
      },
    ]);
  });

  it('never examines an indicator’s pattern', () => {
    const findings = detector.detect({
      type: 'indicator',
      name: 'Phishing sender',
      pattern: "[email-addr:value = 'ceo@victim.example']",
    });
    expect(findings).toEqual([]);
  });

  it('examines note content and abstract, and opinion explanation', () => {
    expect(
      detector
        .detect({ type: 'note', abstract: 'SSN 123-45-6789', content: 'card 4111 1111 1111 1111' })
        .map((f) => f.kind),
    ).toEqual(['payment-card', 'national-id']);
    expect(detector.detect({ type: 'opinion', explanation: 'ask Example Bank' }).map((f) => f.path)).toEqual([
      '$.explanation',
    ]);
  });

  it('examines identity-revealing observables', () => {
    expect(detector.detect({ type: 'email-addr', value: 'jo@victim.example' }).map((f) => f.path)).toEqual([
      '$.value',
    ]);
    expect(
      detector
        .detect({ type: 'user-account', account_login: 'jo@victim.example', user_id: '1001' })
        .map((f) => f.path),
    ).toEqual(['$.account_login']);
    expect(
      detector
        .detect({
          type: 'email-message',
          is_multipart: false,
          additional_header_fields: {
            From: 'Jo <jo@victim.example>',
            Cc: ['a@victim.example', 'b@victim.example'],
            'X-Mailer': 'x@y.example',
          },
        })
        .map((f) => f.path),
    ).toEqual([
      '$.additional_header_fields.From',
      '$.additional_header_fields.Cc[0]',
      '$.additional_header_fields.Cc[1]',
    ]);
    expect(
      detector
        .detect({ type: 'identity', name: 'Example Bank', contact_information: 'soc@bank.example' })
        .map((f) => f.kind),
    ).toEqual(['email']);
  });

  it('reports an e-mail at the submitter’s domain once, as an e-mail', () => {
    expect(detector.detect({ type: 'note', content: 'jo@bank.example' })).toMatchObject([
      { kind: 'email', start: 0, end: 15 },
    ]);
  });

  it('scans long adversarial strings in linear time', () => {
    const pieces = [
      'a',
      '1',
      '.',
      '-',
      ' ',
      '@',
      '+',
      '(',
      ')',
      'GB',
      '4111',
      'bank.example',
      'Example Bank',
      '0',
      'x@y',
      '555-',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1000, max: 5000 }),
        (unit, times) => {
          const text = unit.join('').repeat(times).slice(0, 60_000);
          const started = performance.now();
          detector.detect({ type: 'note', content: text });
          expect(performance.now() - started).toBeLessThan(1000);
        },
      ),
      { numRuns: 40 },
    );
    for (const evil of [
      '1'.repeat(100_000),
      'a.'.repeat(50_000),
      '1-'.repeat(50_000),
      `${'a'.repeat(100_000)}@`,
      '+1 '.repeat(30_000),
    ]) {
      const started = performance.now();
      detector.detect({ type: 'note', content: evil });
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});

describe('redactPii', () => {
  it('replaces each finding with its kind and leaves the input alone', () => {
    const object = {
      type: 'note',
      content: 'Mail jo@victim.example or call 555-123-4567.',
      external_references: [{ source_name: 's', description: 'SSN 123-45-6789' }],
      object_refs: ['indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'],
    };
    const before = structuredClone(object);
    const redacted = redactPii(object, detector.detect(object));
    expect(redacted).toEqual({
      ...object,
      content: 'Mail [REDACTED:email] or call [REDACTED:phone].',
      external_references: [{ source_name: 's', description: 'SSN [REDACTED:national-id]' }],
    });
    expect(object).toEqual(before);
  });

  it('redacts everything it finds: nothing detected remains', () => {
    const arb = fc.array(
      fc.constantFrom(
        'jo@victim.example',
        '555-123-4567',
        '4111 1111 1111 1111',
        'AB123456C',
        ' ',
        'text',
        ', ',
      ),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(arb, (parts) => {
        const object = { type: 'note', content: parts.join('') || 'x' };
        const redacted = redactPii(object, detector.detect(object));
        expect(detector.detect(redacted)).toEqual([]);
      }),
    );
  });
});
