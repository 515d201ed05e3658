import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

/** Per connection: parsing the peer certificate once serves every request on a keep-alive socket. */
const fingerprints = new WeakMap<Socket, string | null>();

/**
 * The SHA-256 fingerprint of the client certificate of a TLS connection, only when the
 * server verified it against the configured client CA (`socket.authorized`). An unverified
 * certificate (optional mode, another CA, expired) yields undefined and never
 * authenticates anything (issue 7).
 */
export function verifiedClientCertificate(socket: Socket): string | undefined {
  if (!(socket instanceof TLSSocket) || socket.authorized !== true) return undefined;
  let fingerprint = fingerprints.get(socket);
  if (fingerprint === undefined) {
    const presented = socket.getPeerCertificate().fingerprint256;
    fingerprint = typeof presented === 'string' && presented !== '' ? presented : null;
    fingerprints.set(socket, fingerprint);
  }
  return fingerprint ?? undefined;
}
