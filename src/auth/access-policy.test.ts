import { describe, expect, it } from 'vitest';
import type { Collection, Community } from '../store/store.js';
import { collectionAccess } from './access-policy.js';
import type { Principal } from './principal.js';

const community: Community = {
  id: 'c1',
  name: 'fin',
  title: 'Finance',
  kind: 'isac',
  defaultTlp: 'amber',
  maxContentLength: 1000,
  createdAt: 0,
};
const collection: Collection = {
  id: 'k1',
  communityId: 'c1',
  title: 'Indicators',
  readGrants: [{ kind: 'members' }],
  writeGrants: [
    { kind: 'role', role: 'analyst' },
    { kind: 'org', orgId: 'bank' },
  ],
  createdAt: 0,
};

function principal(overrides: Partial<Principal>): Principal {
  return {
    kind: 'user',
    id: 'u',
    name: 'u',
    orgId: 'org',
    orgClass: 'private',
    roles: [{ role: 'reader' }],
    communities: new Set(['c1']),
    pciiCertified: false,
    ...overrides,
  };
}

describe('collectionAccess', () => {
  it('gives members read, and write only by role or organisation grant', () => {
    expect(collectionAccess(principal({}), community, collection)).toEqual({
      canRead: true,
      canWrite: false,
    });
    expect(collectionAccess(principal({ roles: [{ role: 'analyst' }] }), community, collection)).toEqual({
      canRead: true,
      canWrite: true,
    });
    expect(collectionAccess(principal({ orgId: 'bank' }), community, collection)).toEqual({
      canRead: true,
      canWrite: true,
    });
  });

  it('gives nothing to organisations outside the community', () => {
    const outsider = principal({ communities: new Set(['other']), roles: [{ role: 'analyst' }] });
    expect(collectionAccess(outsider, community, collection)).toEqual({ canRead: false, canWrite: false });
  });

  it('applies community-scoped roles only in their community', () => {
    const scoped = principal({ roles: [{ role: 'analyst', communityId: 'other' }] });
    expect(collectionAccess(scoped, community, collection).canWrite).toBe(false);
    const admin = principal({ roles: [{ role: 'community-admin', communityId: 'c1' }] });
    expect(collectionAccess(admin, community, collection)).toEqual({ canRead: true, canWrite: true });
  });

  it('never lets a read-scoped token write, whatever its organisation is granted', () => {
    const token = principal({ kind: 'token', orgId: 'bank', tokenScope: 'read' });
    expect(collectionAccess(token, community, collection)).toEqual({ canRead: true, canWrite: false });
  });

  it('lets hub admins do everything, but not tokens posing as admins', () => {
    const hubAdmin = principal({ roles: [{ role: 'hub-admin' }], communities: new Set() });
    expect(collectionAccess(hubAdmin, community, collection)).toEqual({ canRead: true, canWrite: true });
    const token = principal({
      kind: 'token',
      roles: [{ role: 'hub-admin' }],
      communities: new Set(),
      tokenScope: 'write',
    });
    expect(collectionAccess(token, community, collection)).toEqual({ canRead: false, canWrite: false });
  });
});
