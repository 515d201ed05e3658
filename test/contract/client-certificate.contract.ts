import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ClientCertificate } from '../../src/store/index.js';
import type { ContractFixture } from './store-concurrency.contract.js';

const hex = (byte: number) => Array.from({ length: 32 }, () => byte.toString(16).padStart(2, '0')).join(':');
const FP_A = hex(0xab).toUpperCase();
const FP_B = hex(0x01).toUpperCase();

function certificate(orgId: string, fingerprint: string, extra: Partial<ClientCertificate> = {}) {
  return {
    id: randomUUID(),
    orgId,
    name: `machine ${fingerprint.slice(0, 5)}`,
    fingerprint,
    scope: 'read' as const,
    createdAt: 10,
    ...extra,
  } satisfies ClientCertificate;
}

/**
 * Registered client certificates in the tenancy repository (issue 7): stored and found by
 * fingerprint, unique among unrevoked ones, revoked at once, listed per organisation.
 */
export function describeClientCertificateContract(fixture: () => ContractFixture): void {
  describe('client certificates (issue 7)', () => {
    let org: string;
    beforeEach(async () => {
      org = randomUUID();
      await fixture().store.tenancy.addOrganisation({
        id: org,
        name: `org-${org.slice(0, 8)}`,
        orgClass: 'government',
        identityId: `identity--${org}`,
        createdAt: 1,
      });
    });

    it('stores a certificate and finds it by fingerprint, expiry included', async () => {
      const { tenancy } = fixture().store;
      const cert = certificate(org, FP_A, { scope: 'write', expiresAt: 2 ** 52 });
      await tenancy.addClientCertificate(cert);
      expect(await tenancy.findClientCertificate(FP_A)).toEqual(cert);
      expect(await tenancy.findClientCertificate(FP_B)).toBeUndefined();
    });

    it('refuses a second unrevoked certificate with the same fingerprint as CAIRN_CONFLICT', async () => {
      const { tenancy } = fixture().store;
      await tenancy.addClientCertificate(certificate(org, FP_A));
      await expect(tenancy.addClientCertificate(certificate(org, FP_A))).rejects.toMatchObject({
        code: 'CAIRN_CONFLICT',
      });
    });

    it('revokes once, hides the revoked one from lookups and allows registering it again', async () => {
      const { tenancy } = fixture().store;
      const first = certificate(org, FP_A);
      await tenancy.addClientCertificate(first);
      expect(await tenancy.revokeClientCertificate(first.id, 99)).toBe(true);
      expect(await tenancy.revokeClientCertificate(first.id, 100)).toBe(false);
      expect(await tenancy.revokeClientCertificate(randomUUID(), 100)).toBe(false);
      expect(await tenancy.findClientCertificate(FP_A)).toBeUndefined();
      const again = certificate(org, FP_A, { createdAt: 20 });
      await tenancy.addClientCertificate(again);
      expect((await tenancy.findClientCertificate(FP_A))?.id).toBe(again.id);
      expect(await tenancy.listClientCertificates(org)).toEqual([{ ...first, revokedAt: 99 }, again]);
    });

    it('lists every certificate, or one organisation’s, oldest first', async () => {
      const { tenancy } = fixture().store;
      const other = randomUUID();
      await tenancy.addOrganisation({
        id: other,
        name: `org-${other.slice(0, 8)}`,
        orgClass: 'private',
        identityId: `identity--${other}`,
        createdAt: 1,
      });
      const late = certificate(org, FP_A, { createdAt: 30 });
      const early = certificate(other, FP_B, { createdAt: 5 });
      await tenancy.addClientCertificate(late);
      await tenancy.addClientCertificate(early);
      expect(await tenancy.listClientCertificates()).toEqual([early, late]);
      expect(await tenancy.listClientCertificates(org)).toEqual([late]);
    });

    it('refuses a certificate of an organisation that does not exist', async () => {
      await expect(
        fixture().store.tenancy.addClientCertificate(certificate(randomUUID(), FP_B)),
      ).rejects.toMatchObject({ code: 'CAIRN_CONFLICT' });
    });
  });
}
