import { describe, expect, it } from 'vitest';
import type { Collection, Community } from '../store/store.js';
import { adminDecision, administersCommunity } from './admin-policy.js';
import type { Principal } from './principal.js';

const alpha: Community = {
  id: 'c-alpha',
  name: 'alpha',
  title: 'Alpha',
  kind: 'isac',
  defaultTlp: 'amber',
  maxContentLength: 1000,
  createdAt: 0,
};
const beta: Community = { ...alpha, id: 'c-beta', name: 'beta' };
const open: Collection = {
  id: 'k-open',
  communityId: 'c-alpha',
  title: 'Open',
  readGrants: [{ kind: 'members' }],
  writeGrants: [{ kind: 'role', role: 'analyst' }],
  createdAt: 0,
};
const secret: Collection = {
  ...open,
  id: 'k-secret',
  readGrants: [{ kind: 'org', orgId: 'other' }],
  writeGrants: [],
};

function principal(overrides: Partial<Principal>): Principal {
  return {
    kind: 'user',
    id: 'u',
    name: 'u',
    orgId: 'org',
    orgClass: 'private',
    roles: [],
    communities: new Set(['c-alpha']),
    pciiCertified: false,
    ...overrides,
  };
}

const hubAdmin = principal({ roles: [{ role: 'hub-admin' }], communities: new Set() });
const alphaAdmin = principal({ roles: [{ role: 'community-admin', communityId: 'c-alpha' }] });
const analyst = principal({ roles: [{ role: 'analyst', communityId: 'c-alpha' }] });
const outsider = principal({ roles: [{ role: 'analyst' }], communities: new Set() });
const adminToken = principal({ kind: 'token', roles: [{ role: 'community-admin' }], tokenScope: 'write' });

describe('adminDecision (issue 7, docs/admin-api.md)', () => {
  it.each([
    ['a hub admin', hubAdmin, 'allow'],
    ['a community admin', alphaAdmin, 'forbidden'],
    ['a token', adminToken, 'forbidden'],
  ] as const)('hub targets: %s → %s', (_who, p, expected) => {
    expect(adminDecision(p, { kind: 'hub' })).toBe(expected);
  });

  it.each([
    ['a hub admin', hubAdmin, alpha, 'allow'],
    ['its community admin', alphaAdmin, alpha, 'allow'],
    ['a community admin elsewhere', alphaAdmin, beta, 'hidden'],
    ['a member without the role', analyst, alpha, 'forbidden'],
    ['a non-member', outsider, alpha, 'hidden'],
    ['a token, whatever roles it carries', adminToken, alpha, 'forbidden'],
  ] as const)('community targets: %s → %s', (_who, p, community, expected) => {
    expect(adminDecision(p, { kind: 'community', community })).toBe(expected);
  });

  it('hides a collection a member cannot see, and refuses one it can see', () => {
    expect(adminDecision(analyst, { kind: 'collection', community: alpha, collection: open })).toBe(
      'forbidden',
    );
    expect(adminDecision(analyst, { kind: 'collection', community: alpha, collection: secret })).toBe(
      'hidden',
    );
    expect(adminDecision(alphaAdmin, { kind: 'collection', community: alpha, collection: secret })).toBe(
      'allow',
    );
  });

  it('lets the community list through for anyone administering one community', () => {
    expect(adminDecision(alphaAdmin, { kind: 'communities', communities: [alpha, beta] })).toBe('allow');
    expect(adminDecision(analyst, { kind: 'communities', communities: [alpha, beta] })).toBe('forbidden');
  });

  it('needs the admin role holder to be a member: a role alone is not enough', () => {
    const detached = principal({
      roles: [{ role: 'community-admin', communityId: 'c-alpha' }],
      communities: new Set(),
    });
    expect(administersCommunity(detached, alpha)).toBe(false);
  });
});
