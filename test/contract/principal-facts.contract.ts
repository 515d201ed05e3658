import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ClientCertificate, Token, User } from '../../src/store/index.js';
import type { ContractFixture } from './store-concurrency.contract.js';

const FINGERPRINT = Array.from({ length: 32 }, () => 'C4').join(':');

/**
 * `loadPrincipalFacts`: what every authenticated request is built from, in one statement. It
 * must agree with the separate lookups it replaces (findUser / findToken /
 * findClientCertificate, findOrganisation, memberships), and see a revocation at once.
 */
export function describePrincipalFactsContract(fixture: () => ContractFixture): void {
  describe('principal facts in one statement', () => {
    let orgId: string;
    let communities: string[];
    beforeEach(async () => {
      const { tenancy } = fixture().store;
      orgId = randomUUID();
      await tenancy.addOrganisation({
        id: orgId,
        name: `org-${orgId.slice(0, 8)}`,
        orgClass: 'government',
        identityId: `identity--${orgId}`,
        defaultConsent: 'government',
        createdAt: 3,
      });
      // Upper case sorts before lower case byte by byte, after it in most locales.
      communities = [`zeta-${randomUUID()}`, `Alpha-${randomUUID()}`];
      for (const id of communities) {
        await tenancy.addCommunity({
          id,
          name: id.slice(0, 20),
          title: id,
          kind: 'isac',
          defaultTlp: 'amber',
          maxContentLength: 1000,
          createdAt: 4,
        });
        await tenancy.addMember(id, orgId);
      }
    });

    it('loads a user with its organisation and communities, as the separate lookups do', async () => {
      const { tenancy } = fixture().store;
      const user: User = {
        id: randomUUID(),
        name: `user-${orgId.slice(0, 8)}`,
        orgId,
        roles: [{ role: 'reader' }, { role: 'analyst', communityId: communities[0] as string }],
        pciiCertified: true,
        passwordHash: 'hash',
        createdAt: 5,
      };
      await tenancy.addUser(user);
      const facts = await tenancy.loadPrincipalFacts('user', user.id);
      expect(facts).toEqual({
        kind: 'user',
        user,
        organisation: await tenancy.findOrganisation(orgId),
        communities: await tenancy.memberships(orgId),
      });
      expect(facts?.communities).toEqual([...communities].sort());
      // The subject names a user by id only.
      expect(await tenancy.loadPrincipalFacts('user', user.name)).toBeUndefined();
      expect(await tenancy.removeUser(user.id)).toBe(true);
      expect(await tenancy.loadPrincipalFacts('user', user.id)).toBeUndefined();
    });

    it('loads a token, revoked or not, with its expiry, so the caller can refuse it', async () => {
      const { tenancy } = fixture().store;
      const token: Token = {
        id: randomUUID(),
        orgId,
        name: 'feed',
        scope: 'write',
        secretHash: 'secret-hash',
        createdAt: 6,
        expiresAt: 2 ** 52,
      };
      await tenancy.addToken(token);
      const organisation = await tenancy.findOrganisation(orgId);
      expect(await tenancy.loadPrincipalFacts('token', token.id)).toEqual({
        kind: 'token',
        credential: token,
        organisation,
        communities: [...communities].sort(),
      });
      expect(await tenancy.revokeToken(token.id, 77)).toBe(true);
      expect(await tenancy.loadPrincipalFacts('token', token.id)).toMatchObject({
        credential: { revokedAt: 77 },
      });
      expect(await tenancy.loadPrincipalFacts('token', randomUUID())).toBeUndefined();
    });

    it('loads the unrevoked certificate with a fingerprint, and nothing once it is revoked', async () => {
      const { tenancy } = fixture().store;
      const other = randomUUID();
      await tenancy.addOrganisation({
        id: other,
        name: `org-${other.slice(0, 8)}`,
        orgClass: 'private',
        identityId: `identity--${other}`,
        createdAt: 3,
      });
      const cert: ClientCertificate = {
        id: randomUUID(),
        orgId: other,
        name: 'machine',
        fingerprint: FINGERPRINT,
        scope: 'read',
        createdAt: 7,
      };
      await tenancy.addClientCertificate(cert);
      expect(await tenancy.loadPrincipalFacts('certificate', FINGERPRINT)).toEqual({
        kind: 'certificate',
        credential: cert,
        organisation: await tenancy.findOrganisation(other),
        communities: [],
      });
      expect(await tenancy.revokeClientCertificate(cert.id, 8)).toBe(true);
      expect(await tenancy.loadPrincipalFacts('certificate', FINGERPRINT)).toBeUndefined();
    });

    it('sees a membership change at once', async () => {
      const { tenancy } = fixture().store;
      const token: Token = {
        id: randomUUID(),
        orgId,
        name: 'feed',
        scope: 'read',
        secretHash: 'h',
        createdAt: 6,
      };
      await tenancy.addToken(token);
      expect(await tenancy.removeMember(communities[0] as string, orgId)).toBe(true);
      expect((await tenancy.loadPrincipalFacts('token', token.id))?.communities).toEqual([communities[1]]);
    });
  });
}
