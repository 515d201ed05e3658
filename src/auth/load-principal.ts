import type { PrincipalKind, RoleGrant, Store } from '../store/store.js';
import type { Principal } from './principal.js';

/**
 * Builds the principal for a verified subject (`user:<id>`, `token:<id>`, or
 * `certificate:<fingerprint>` for a verified TLS client certificate) from the store, or null
 * when the user was removed or the token or certificate revoked or expired since. It runs on
 * every request and nothing of it is cached, so it is one store call (one statement).
 */
export async function loadPrincipal(
  store: Store,
  subject: string,
  nowMicros: number,
): Promise<Principal | null> {
  // Split at the first colon only: a certificate fingerprint holds colons itself.
  const colon = subject.indexOf(':');
  const prefix = subject.slice(0, colon);
  const kind: PrincipalKind = prefix === 'user' || prefix === 'certificate' ? prefix : 'token';
  const facts = await store.tenancy.loadPrincipalFacts(kind, subject.slice(colon + 1));
  if (facts === undefined) return null;
  const { organisation: org } = facts;
  const communities = new Set(facts.communities);
  if (facts.kind === 'user') {
    const { user } = facts;
    return {
      kind: 'user',
      id: user.id,
      name: user.name,
      orgId: org.id,
      orgClass: org.orgClass,
      roles: user.roles,
      communities,
      pciiCertified: user.pciiCertified,
    };
  }
  // A registered certificate is a machine credential exactly like a token (issue 7).
  const token = facts.credential;
  if (token.revokedAt !== undefined) return null;
  if (token.expiresAt !== undefined && token.expiresAt <= nowMicros) return null;
  // A token acts for its organisation: a reader, and an analyst too when it may write.
  const roles: RoleGrant[] =
    token.scope === 'write' ? [{ role: 'reader' }, { role: 'analyst' }] : [{ role: 'reader' }];
  return {
    kind: 'token',
    id: token.id,
    name: token.name,
    orgId: org.id,
    orgClass: org.orgClass,
    roles,
    communities,
    pciiCertified: false,
    tokenScope: token.scope,
  };
}
