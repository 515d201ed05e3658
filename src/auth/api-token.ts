import { randomBytes, randomUUID } from 'node:crypto';

/**
 * API tokens have the form `cairn_<id>_<secret>`: the id finds the stored hash in one
 * lookup, the 256-bit secret is what is verified. Only the hash of the secret is stored.
 */
const TOKEN_RE = /^cairn_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export interface IssuedToken {
  readonly id: string;
  readonly secret: string;
  /** The full token to hand to the client, shown once. */
  readonly token: string;
}

export function issueToken(): IssuedToken {
  const id = randomUUID().replace(/-/g, '');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, token: `cairn_${id}_${secret}` };
}

/** Splits a token into id and secret, or undefined when it is not a Cairn token. */
export function tryParseToken(text: string): { id: string; secret: string } | undefined {
  const m = TOKEN_RE.exec(text);
  return m === null ? undefined : { id: m[1] as string, secret: m[2] as string };
}
