import type { Reader } from '../sharing/index.js';
import type { OrgClass, Role, RoleGrant, TokenScope } from '../store/store.js';

/** Who is calling: a user of an organisation, or a machine token of one. */
export interface Principal {
  readonly kind: 'user' | 'token';
  readonly id: string;
  readonly name: string;
  readonly orgId: string;
  readonly orgClass: OrgClass;
  readonly roles: readonly RoleGrant[];
  /** Ids of the communities the principal's organisation is a member of. */
  readonly communities: ReadonlySet<string>;
  readonly pciiCertified: boolean;
  readonly tokenScope?: TokenScope;
}

/** Hub admins see and manage everything; tokens are never admins. */
export function isHubAdmin(principal: Principal): boolean {
  return principal.kind === 'user' && principal.roles.some((g) => g.role === 'hub-admin');
}

/** The roles a principal holds in one community (global grants included). */
export function rolesIn(principal: Principal, communityId: string): ReadonlySet<Role> {
  const roles = new Set<Role>();
  for (const g of principal.roles) {
    if (g.communityId === undefined || g.communityId === communityId) roles.add(g.role);
  }
  return roles;
}

/**
 * The principal as the sharing rules see it, reading a collection of `communityId` (which
 * decides whether it is a reviewer or pcii-officer there; tokens never are).
 */
export function toReader(principal: Principal, communityId?: string): Reader {
  const roles =
    principal.kind === 'user' && communityId !== undefined ? rolesIn(principal, communityId) : undefined;
  const reviewer = roles?.has('reviewer') === true;
  // PCII (docs/sharing.md "Protected submissions"): people only, never tokens.
  const pciiOfficer = roles?.has('pcii-officer') === true;
  const pciiCertified = principal.kind === 'user' && principal.pciiCertified;
  return {
    kind: principal.kind,
    id: principal.id,
    orgId: principal.orgId,
    orgClass: principal.orgClass,
    hubAdmin: isHubAdmin(principal),
    ...(reviewer ? { reviewer } : {}),
    ...(pciiOfficer ? { pciiOfficer } : {}),
    ...(pciiCertified ? { pciiCertified } : {}),
  };
}
