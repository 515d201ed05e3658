import { describe, expect, it } from 'vitest';
import { parseFingerprint, tryParseFingerprint } from './certificate-fingerprint.js';

const CANONICAL = Array.from({ length: 32 }, (_, i) =>
  (i * 7 + 10).toString(16).toUpperCase().padStart(2, '0'),
).join(':');

describe('tryParseFingerprint (issue 7)', () => {
  it.each([
    ['the canonical form', CANONICAL],
    ['lowercase with colons', CANONICAL.toLowerCase()],
    ['without colons', CANONICAL.replaceAll(':', '')],
    ['lowercase without colons', CANONICAL.replaceAll(':', '').toLowerCase()],
    ['openssl output', `sha256 Fingerprint=${CANONICAL}\n`],
    ['openssl 1.1 output', `SHA256 Fingerprint=${CANONICAL}`],
  ])('accepts %s', (_name, text) => {
    expect(tryParseFingerprint(text)).toBe(CANONICAL);
  });

  it.each([
    ['too short', CANONICAL.slice(3)],
    ['a SHA-1 fingerprint', CANONICAL.slice(0, 59)],
    ['stray colons', CANONICAL.replace(':', '::')],
    ['a non-hex digit', `G${CANONICAL.slice(1)}`],
    ['empty', ''],
    ['huge', 'A'.repeat(10_000)],
  ])('refuses %s', (_name, text) => {
    expect(tryParseFingerprint(text)).toBeUndefined();
    expect(() => parseFingerprint(text)).toThrow(expect.objectContaining({ code: 'CAIRN_INVALID_INPUT' }));
  });
});
