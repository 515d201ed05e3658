import { HubError } from '../core/index.js';

const PLAIN = /^[0-9a-f]{64}$/i;
const PAIRS = /^([0-9a-f]{2}:){31}[0-9a-f]{2}$/i;
/** What `openssl x509 -noout -fingerprint -sha256` prints before the value. */
const OPENSSL_PREFIX = /^sha-?256 fingerprint=/i;

/**
 * The canonical form of a certificate's SHA-256 fingerprint: 32 uppercase hex pairs joined
 * by colons, which is what Node's `getPeerCertificate().fingerprint256` and openssl print.
 * Accepts the same with or without colons, in any case, and openssl's whole output line;
 * anything else is undefined.
 */
export function tryParseFingerprint(text: string): string | undefined {
  if (text.length > 200) return undefined;
  const value = text.trim().replace(OPENSSL_PREFIX, '');
  if (!PLAIN.test(value) && !PAIRS.test(value)) return undefined;
  const hex = value.replaceAll(':', '').toUpperCase();
  return hex.match(/../g)?.join(':');
}

/**
 * Like tryParseFingerprint, for input a person typed.
 * @throws HubError CAIRN_INVALID_INPUT when it is not a SHA-256 fingerprint
 */
export function parseFingerprint(text: string): string {
  const fingerprint = tryParseFingerprint(text);
  if (fingerprint === undefined)
    throw new HubError(
      'CAIRN_INVALID_INPUT',
      'A certificate fingerprint is the SHA-256 of the DER certificate: 64 hex digits, with or without colons (openssl x509 -noout -fingerprint -sha256)',
    );
  return fingerprint;
}
