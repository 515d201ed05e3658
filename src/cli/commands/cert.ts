import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { HubError } from '../../core/index.js';
import { formatMicros } from '../../stix/index.js';
import type { ClientCertificate } from '../../store/index.js';
import { type CliCommand, EXIT } from '../cli-io.js';
import { configFor, output, parseCommandArgs, STORE_OPTIONS, table, UsageError } from '../command-support.js';
import { withHub } from '../with-hub.js';

const DAY_MICROS = 86_400_000_000;

/** A registration as the CLI shows it (times as RFC 3339, like the admin API). */
const shown = (c: ClientCertificate) => ({
  id: c.id,
  orgId: c.orgId,
  name: c.name,
  fingerprint: c.fingerprint,
  scope: c.scope,
  created: formatMicros(c.createdAt),
  ...(c.expiresAt === undefined ? {} : { expires: formatMicros(c.expiresAt) }),
  ...(c.revokedAt === undefined ? {} : { revoked: formatMicros(c.revokedAt) }),
});

export const certAddCommand: CliCommand = {
  path: ['cert', 'add'],
  summary: 'Register a client certificate: its machines then authenticate as the organisation',
  usage:
    'cairn cert add --org ORG (--fingerprint SHA256 | --cert-file PEM) [--name N] [--scope read|write] [--expires-days D] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...STORE_OPTIONS,
      org: { type: 'string' },
      fingerprint: { type: 'string' },
      'cert-file': { type: 'string' },
      name: { type: 'string' },
      scope: { type: 'string', default: 'read' },
      'expires-days': { type: 'string' },
    });
    if (values.org === undefined || positionals.length > 0) throw new UsageError('--org is required');
    if ((values.fingerprint === undefined) === (values['cert-file'] === undefined))
      throw new UsageError('Give --fingerprint or --cert-file, one of them');
    const days = values['expires-days'];
    if (days !== undefined && !/^[1-9]\d{0,4}$/.test(days))
      throw new UsageError('--expires-days must be a whole number of days');
    const fingerprint =
      values.fingerprint ?? (await fingerprintOf(resolve(io.cwd, values['cert-file'] as string)));
    const added = await withHub(io, configFor(io, values), (hub) =>
      hub.admin.addCertificate({
        org: values.org as string,
        fingerprint,
        scope: values.scope as string,
        ...(values.name === undefined ? {} : { name: values.name }),
        ...(days === undefined ? {} : { expiresAt: hub.taxii.clock.nowMicros() + Number(days) * DAY_MICROS }),
      }),
    );
    output(
      io,
      values.json,
      shown(added),
      () => `Registered certificate ${added.id} (${added.scope}): ${added.fingerprint}`,
    );
    return EXIT.ok;
  },
};

export const certListCommand: CliCommand = {
  path: ['cert', 'list'],
  summary: 'List registered client certificates',
  usage: 'cairn cert list [--org ORG] [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { ...STORE_OPTIONS, org: { type: 'string' } });
    const { certificates, orgNames } = await withHub(io, configFor(io, values), async (hub) => {
      const orgs = await hub.admin.listOrganisations();
      const org =
        values.org === undefined ? undefined : orgs.find((o) => o.name === values.org || o.id === values.org);
      if (values.org !== undefined && org === undefined)
        throw new HubError('CAIRN_NOT_FOUND', `Cannot find organisation "${values.org}"`);
      const all = await hub.admin.listCertificates();
      return {
        certificates: org === undefined ? all : all.filter((c) => c.orgId === org.id),
        orgNames: new Map(orgs.map((o) => [o.id, o.name])),
      };
    });
    const state = (c: ClientCertificate) => (c.revokedAt !== undefined ? 'revoked' : 'active');
    output(io, values.json, certificates.map(shown), () =>
      table([
        ['ID', 'ORG', 'NAME', 'SCOPE', 'STATE', 'FINGERPRINT'],
        ...certificates.map((c) => [
          c.id,
          orgNames.get(c.orgId) ?? c.orgId,
          c.name,
          c.scope,
          state(c),
          c.fingerprint,
        ]),
      ]),
    );
    return EXIT.ok;
  },
};

export const certRevokeCommand: CliCommand = {
  path: ['cert', 'revoke'],
  summary: 'Revoke a client certificate at once',
  usage: 'cairn cert revoke ID|FINGERPRINT [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, STORE_OPTIONS);
    const [key] = positionals;
    if (key === undefined || positionals.length > 1) throw new UsageError('ID or FINGERPRINT is required');
    const revoked = await withHub(io, configFor(io, values), (hub) => hub.admin.revokeCertificate(key));
    output(
      io,
      values.json,
      shown(revoked),
      () => `Revoked certificate ${revoked.id} (${revoked.fingerprint})`,
    );
    return EXIT.ok;
  },
};

/** Every `cairn cert` verb. */
export const CERT_COMMANDS: readonly CliCommand[] = [certAddCommand, certListCommand, certRevokeCommand];

/** The SHA-256 fingerprint of a PEM (or DER) certificate file, as Node's TLS reports it. */
async function fingerprintOf(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(`Cannot read the certificate file "${path}": ${(error as Error).message}`);
  }
  try {
    return new X509Certificate(bytes).fingerprint256;
  } catch {
    throw new UsageError(`"${path}" does not hold an X.509 certificate (PEM or DER)`);
  }
}
