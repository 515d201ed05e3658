import type { PeerAuth } from '../store/store.js';

/** The `Authorization` header for a peer: Basic with the configured user, or Bearer. */
export function peerAuthorization(auth: PeerAuth, secret: string): string {
  if (auth.scheme === 'bearer') return `Bearer ${secret}`;
  return `Basic ${Buffer.from(`${auth.user}:${secret}`).toString('base64')}`;
}
