import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPciiCipher, isSealed, sealedBodies } from './pcii-cipher.js';

const identity = { collectionId: 'c1', stixId: 'indicator--1', version: '2026-01-01T00:00:00.000Z' };

describe('PCII encryption at rest (AES-256-GCM)', () => {
  const cipher = createPciiCipher(randomBytes(32));

  it('round-trips a body and never stores its text', () => {
    const sealed = cipher.seal('{"name":"relay"}', identity);
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('relay');
    expect(cipher.open(sealed, identity)).toBe('{"name":"relay"}');
  });

  it('uses a fresh nonce per value', () => {
    expect(cipher.seal('{}', identity)).not.toBe(cipher.seal('{}', identity));
  });

  it('binds the ciphertext to its version: swapped between rows it fails', () => {
    const sealed = cipher.seal('{}', identity);
    for (const other of [
      { ...identity, collectionId: 'c2' },
      { ...identity, stixId: 'indicator--2' },
      { ...identity, version: '2026-01-02T00:00:00.000Z' },
    ]) {
      expect(() => cipher.open(sealed, other)).toThrow(expect.objectContaining({ code: 'CAIRN_INTERNAL' }));
    }
  });

  it('fails on tampering and on another key', () => {
    const sealed = cipher.seal('{"a":1}', identity);
    const raw = Buffer.from(sealed.slice('pcii1:'.length), 'base64');
    raw[14] = (raw[14] as number) ^ 1;
    expect(() => cipher.open(`pcii1:${raw.toString('base64')}`, identity)).toThrow();
    expect(() => createPciiCipher(randomBytes(32)).open(sealed, identity)).toThrow();
  });

  it('seals only protected versions, and refuses to store one without a key', () => {
    const plain = { json: '{}', envelope: {} };
    expect(sealedBodies(undefined, plain, identity)).toBe(plain);
    const prot = { json: '{}', anonymisedJson: '{"x":1}', envelope: { pcii: 'pending' } };
    const sealed = sealedBodies(cipher, prot, identity);
    expect(isSealed(sealed.json) && isSealed(sealed.anonymisedJson as string)).toBe(true);
    expect(() => sealedBodies(undefined, prot, identity)).toThrow(
      expect.objectContaining({ code: 'CAIRN_INTERNAL' }),
    );
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createPciiCipher(randomBytes(16))).toThrow(RangeError);
  });
});
