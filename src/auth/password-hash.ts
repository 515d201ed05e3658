import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt hashing of passwords and token secrets (RFC 7914 parameters N=2^15, r=8, p=1,
 * about 100 ms here: the cost of one guess). The encoded form carries its parameters, so
 * they can be raised later without breaking stored hashes.
 */
const PARAMS = { N: 1 << 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const MAX_MEMORY = 128 * PARAMS.N * PARAMS.r * 2;

function derive(secret: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      secret,
      salt,
      KEY_LENGTH,
      { N, r, p, maxmem: Math.max(MAX_MEMORY, 128 * N * r * 2) },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

/** Hashes a secret into `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, PARAMS.N, PARAMS.r, PARAMS.p);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

/** Verifies a secret against an encoded hash in constant time; false on any malformed hash. */
export async function verifySecret(secret: string, encoded: string): Promise<boolean> {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0) || N > 1 << 20) return false;
  const salt = Buffer.from(parts[4] as string, 'base64url');
  const expected = Buffer.from(parts[5] as string, 'base64url');
  const actual = await derive(secret, salt, N, r, p);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
