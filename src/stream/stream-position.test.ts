import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPositionSeal, type StreamBinding } from './stream-position.js';

const binding: StreamBinding = { collectionId: 'c1', principal: 'user:u1', filters: 'digest' };

describe('stream resume tokens', () => {
  const seal = createPositionSeal(randomBytes(32));

  it('open what they sealed, for any position', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (dateAdded, seq) => {
        expect(seal.open(seal.seal(binding, { dateAdded, seq }), binding)).toEqual({ dateAdded, seq });
      }),
    );
  });

  it('reveal nothing: the same position seals differently every time, with no readable number', () => {
    const position = { dateAdded: 1_764_000_000_000_000, seq: 42 };
    const a = seal.seal(binding, position);
    expect(seal.seal(binding, position)).not.toBe(a);
    expect(Buffer.from(a, 'base64url').toString('latin1')).not.toContain('1764');
  });

  it('refuse another stream, another hub, any altered byte, and junk', () => {
    const token = seal.seal(binding, { dateAdded: 5, seq: 6 });
    for (const other of [
      { ...binding, collectionId: 'c2' },
      { ...binding, principal: 'token:t1' },
      { ...binding, filters: 'other' },
    ])
      expect(() => seal.open(token, other)).toThrow(/Last-Event-ID/);
    expect(() => createPositionSeal(randomBytes(32)).open(token, binding)).toThrow(/Last-Event-ID/);
    const raw = Buffer.from(token, 'base64url');
    for (let i = 0; i < raw.length; i++) {
      const altered = Buffer.from(raw);
      altered[i] = (altered[i] as number) ^ 1;
      expect(() => seal.open(altered.toString('base64url'), binding)).toThrow(/Last-Event-ID/);
    }
    for (const junk of ['', 'x', 'not base64!', 'A'.repeat(2000)])
      expect(() => seal.open(junk, binding)).toThrow(/Last-Event-ID/);
  });
});
