import { randomUUID } from 'node:crypto';
import { parseFingerprint, tryParseFingerprint } from '../auth/index.js';
import { type Clock, HubError } from '../core/index.js';
import type { ClientCertificate, Organisation, Store, TokenScope } from '../store/index.js';

/** What a client certificate is registered with; `expiresAt` in microseconds. */
export interface CertificateRegistration {
  readonly org: string;
  readonly fingerprint: string;
  readonly scope: string;
  readonly name?: string;
  readonly expiresAt?: number;
}

/**
 * Registration of client certificates (issue 7), part of the admin service: an
 * organisation's machines authenticate with certificates the configured client CA signed
 * and the hub knows by fingerprint. Only the fingerprint is kept: the certificate itself
 * is public, and the private key never leaves the machine.
 */
export function createCertificateAdmin(
  store: Store,
  clock: Clock,
  requireOrg: (key: string) => Promise<Organisation>,
) {
  const t = store.tenancy;
  return {
    /**
     * @throws HubError CAIRN_INVALID_INPUT (fingerprint, scope, name, expiry in the past),
     *   CAIRN_NOT_FOUND (organisation), CAIRN_CONFLICT (fingerprint already registered)
     */
    async addCertificate(options: CertificateRegistration): Promise<ClientCertificate> {
      const org = await requireOrg(options.org);
      const fingerprint = parseFingerprint(options.fingerprint);
      if (options.scope !== 'read' && options.scope !== 'write')
        throw invalid(`Certificate scope must be read or write, not "${options.scope.slice(0, 20)}"`);
      const name = options.name ?? `${org.name} certificate`;
      if (name.trim() === '' || name.length > 200)
        throw invalid('A certificate name must have 1 to 200 characters');
      if (options.expiresAt !== undefined && options.expiresAt <= clock.nowMicros())
        throw invalid('A certificate registration must expire in the future');
      if ((await t.findClientCertificate(fingerprint)) !== undefined)
        throw new HubError(
          'CAIRN_CONFLICT',
          `A certificate with fingerprint ${fingerprint} is already registered`,
        );
      const record: ClientCertificate = {
        id: randomUUID(),
        orgId: org.id,
        name,
        fingerprint,
        scope: options.scope as TokenScope,
        createdAt: clock.nowMicros(),
        ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }),
      };
      await t.addClientCertificate(record);
      return record;
    },
    /** Every registration, revoked ones included, oldest first. */
    listCertificates: () => t.listClientCertificates(),
    /**
     * Revokes a registration, named by id or by fingerprint; the machine is refused from its
     * next request on. Returns the revoked record.
     * @throws HubError CAIRN_NOT_FOUND when no unrevoked registration matches
     */
    async revokeCertificate(idOrFingerprint: string): Promise<ClientCertificate> {
      const fingerprint = tryParseFingerprint(idOrFingerprint);
      const active =
        fingerprint === undefined
          ? (await t.listClientCertificates()).find(
              (c) => c.id === idOrFingerprint && c.revokedAt === undefined,
            )
          : await t.findClientCertificate(fingerprint);
      const at = clock.nowMicros();
      if (active === undefined || !(await t.revokeClientCertificate(active.id, at)))
        throw new HubError(
          'CAIRN_NOT_FOUND',
          `Cannot find an active certificate "${idOrFingerprint.slice(0, 100)}"`,
        );
      return { ...active, revokedAt: at };
    },
  };
}

const invalid = (message: string) => new HubError('CAIRN_INVALID_INPUT', message);
