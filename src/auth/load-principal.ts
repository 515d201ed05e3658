import type { RoleGrant, Store } from '../store/store.js';
import type { Principal } from './principal.js';

/**
 * Builds the principal for a verified subject (`user:<id>`, `token:<id>`, or
 * `certificate:<fingerprint>` for a verified TLS client certificate) from the store, or null
 * when the user was removed or the token or certificate revoked or expired since.
 */
export async function loadPrincipal(
  store: Store,
  subject: string,
  nowMicros: number,
): Promise<Principal | null> {
  // Split at the first colon only: a certificate fingerprint holds colons itself.
  const colon = subject.indexOf(':');
  const kind = subject.slice(0, colon) as 'user' | 'token' | 'certificate';
  const id = subject.slice(colon + 1);
  if (kind === 'user') {
    const user = await store.tenancy.findUser(id);
    if (user === undefined) return null;
    const org = await store.tenancy.findOrganisation(user.orgId);
    if (org === undefined) return null;
    return {
      kind: 'user',
      id: user.id,
      name: user.name,
      orgId: org.id,
      orgClass: org.orgClass,
      roles: user.roles,
      communities: new Set(await store.tenancy.memberships(org.id)),
      pciiCertified: user.pciiCertified,
    };
  }
  // A registered certificate is a machine credential exactly like a token (issue 7).
  const token =
    kind === 'certificate'
      ? await store.tenancy.findClientCertificate(id)
      : await store.tenancy.findToken(id);
  if (token === undefined || token.revokedAt !== undefined) return null;
  if (token.expiresAt !== undefined && token.expiresAt <= nowMicros) return null;
  const org = await store.tenancy.findOrganisation(token.orgId);
  if (org === undefined) return null;
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
    communities: new Set(await store.tenancy.memberships(org.id)),
    pciiCertified: false,
    tokenScope: token.scope,
  };
}
