import type { RoleGrant, Store } from '../store/store.js';
import type { Principal } from './principal.js';

/**
 * Builds the principal for a verified subject (`user:<id>` or `token:<id>`) from the store,
 * or null when the user was removed or the token revoked or expired since verification.
 */
export async function loadPrincipal(
  store: Store,
  subject: string,
  nowMicros: number,
): Promise<Principal | null> {
  const [kind, id] = subject.split(':') as ['user' | 'token', string];
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
  const token = await store.tenancy.findToken(id);
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
