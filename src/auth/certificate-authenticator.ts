import type { AuditLog } from '../audit/index.js';
import type { Store } from '../store/store.js';
import { tryParseFingerprint } from './certificate-fingerprint.js';
import { loadPrincipal } from './load-principal.js';
import type { Principal } from './principal.js';

export interface CertificateAuthenticatorOptions {
  /** How long a certificate's use or refusal is audited only once (ms). */
  readonly auditTtlMs: number;
  readonly now: () => number;
  readonly audit?: AuditLog;
}

/** Turns a TLS client certificate the server verified into a principal, or null. */
export interface CertificateAuthenticator {
  authenticate(fingerprint: string, clientAddress: string): Promise<Principal | null>;
}

/** Distinct certificates remembered for audit de-duplication before the memory starts over. */
const MAX_REMEMBERED = 50_000;

/**
 * Client certificates mapped to organisations (issue 7, docs/security.md). The TLS
 * handshake already proved that the client holds the certificate's private key and that
 * the configured CA signed it, so there is no secret to verify here: the registration is
 * looked up by fingerprint on every request (an indexed read, as cheap as reloading a
 * token), which makes revocation and expiry apply at once. Registered certificates are
 * machine credentials of their organisation: principals of kind `token` with the
 * certificate's scope, which never receive TLP:RED or protected content (DESIGN.md §3).
 *
 * Audit: `certificate.use` the first time a certificate authenticates in each `auditTtlMs`
 * (as `token.use`), and `login.failure` (method `certificate`) once per period for a
 * verified certificate that is not registered, revoked or expired, so a machine polling
 * every second does not flood the log.
 */
export function createCertificateAuthenticator(
  store: Store,
  options: CertificateAuthenticatorOptions,
): CertificateAuthenticator {
  const audited = new Map<string, number>();
  /** True when `key` was not audited within the period, and remembers it now. */
  const dueForAudit = (key: string): boolean => {
    const until = audited.get(key);
    if (until !== undefined && until > options.now()) return false;
    if (audited.size >= MAX_REMEMBERED) audited.clear();
    audited.set(key, options.now() + options.auditTtlMs);
    return true;
  };

  return {
    async authenticate(presented, clientAddress) {
      const fingerprint = tryParseFingerprint(presented);
      if (fingerprint === undefined) return null;
      const principal = await loadPrincipal(store, `certificate:${fingerprint}`, options.now() * 1000);
      if (principal === null) {
        if (dueForAudit(`refused:${fingerprint}`))
          options.audit?.recordSoon({
            event: 'login.failure',
            actor: { kind: 'anonymous', address: clientAddress },
            details: { method: 'certificate', reason: 'not-registered-or-inactive', fingerprint },
          });
        return null;
      }
      if (dueForAudit(`used:${principal.id}`))
        options.audit?.recordSoon({
          event: 'certificate.use',
          actor: {
            kind: 'token',
            id: principal.id,
            name: principal.name,
            orgId: principal.orgId,
            address: clientAddress,
          },
          details: { fingerprint },
        });
      return principal;
    },
  };
}
