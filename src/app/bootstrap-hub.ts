import { randomBytes } from 'node:crypto';
import type { Config } from '../config/index.js';
import type { Store } from '../store/index.js';
import type { AdminService } from './admin-service.js';

export interface BootstrapResult {
  /** True when this start created the hub. */
  readonly created: boolean;
  /** The generated admin password, to be shown once; absent when it came from configuration. */
  readonly generatedPassword?: string;
}

export const HUB_COMMUNITY = 'hub';
const HUB_ORG = 'hub-operator';

/**
 * First start: the hub's organisation and STIX identity, the `hub` community (API root
 * `/hub/`) with one collection every member reads and analysts and admins write, and the
 * `admin` user. Later starts change nothing. There are no default credentials: the password
 * comes from configuration or is generated here and shown once (STYLE.md §8).
 */
export async function bootstrapHub(
  store: Store,
  admin: AdminService,
  config: Config,
): Promise<BootstrapResult> {
  if ((await store.tenancy.listOrganisations()).length > 0) return { created: false };
  const org = await admin.addOrganisation(HUB_ORG, 'government');
  await store.settings.setIfAbsent('hub.identity', org.identityId);

  await admin.addCommunity(HUB_COMMUNITY, {
    title: config.hub.title,
    description: 'The hub-wide sharing community',
    kind: 'hub',
    defaultTlp: 'amber',
    maxContentLength: config.taxii.maxContentLength,
  });
  await admin.addMember(HUB_COMMUNITY, HUB_ORG);
  await admin.addCollection({
    community: HUB_COMMUNITY,
    title: 'Shared intelligence',
    description: 'Read by every member of the hub community; written by analysts and admins',
    alias: 'shared',
    read: ['members'],
    write: ['analyst', 'community-admin'],
  });
  const generated = config.adminPassword === undefined ? randomBytes(18).toString('base64url') : undefined;
  await admin.addUser('admin', {
    org: HUB_ORG,
    roles: ['hub-admin'],
    password: config.adminPassword ?? (generated as string),
  });
  return generated === undefined ? { created: true } : { created: true, generatedPassword: generated };
}
