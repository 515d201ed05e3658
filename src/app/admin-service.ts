import { randomUUID } from 'node:crypto';
import { hashSecret, issueToken } from '../auth/index.js';
import { type Clock, HubError } from '../core/index.js';
import {
  COMMUNITY_KINDS,
  type Collection,
  type CollectionPolicy,
  type Community,
  type CommunityKind,
  type Grant,
  ORG_CLASSES,
  type Organisation,
  type OrgClass,
  PII_MODES,
  type PiiMode,
  ROLES,
  type Role,
  type RoleGrant,
  type Store,
  TLP_LEVELS,
  type TlpLevel,
  type Token,
  type TokenScope,
  type User,
} from '../store/index.js';
import { createCertificateAdmin } from './certificate-admin.js';

/** API root names that would shadow Cairn's own paths. */
const RESERVED_ROOTS = new Set(['taxii2', 'api', 'healthz', 'readyz', 'console', 'static']);
const NAME_RE = /^[a-z0-9][a-z0-9._-]{0,62}$/i;
const ROOT_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Tenancy administration: organisations, users, tokens, communities and collections. The
 * CLI and (later) the admin API call these, so every rule is checked once, here.
 */
export function createAdminService(store: Store, clock: Clock) {
  const t = store.tenancy;
  const requireOrg = async (key: string): Promise<Organisation> => {
    const org = await t.findOrganisation(key);
    if (org === undefined) throw new HubError('CAIRN_NOT_FOUND', `Cannot find organisation "${key}"`);
    return org;
  };
  const requireCommunity = async (key: string): Promise<Community> => {
    const c = await t.findCommunity(key);
    if (c === undefined) throw new HubError('CAIRN_NOT_FOUND', `Cannot find community "${key}"`);
    return c;
  };

  return {
    async addOrganisation(name: string, orgClass: string): Promise<Organisation> {
      checkName('organisation', name);
      if (!(ORG_CLASSES as readonly string[]).includes(orgClass)) {
        throw invalid(`Organisation class must be one of ${ORG_CLASSES.join(', ')}, not "${orgClass}"`);
      }
      if ((await t.findOrganisation(name)) !== undefined)
        throw conflict(`Organisation "${name}" already exists`);
      const org: Organisation = {
        id: randomUUID(),
        name,
        orgClass: orgClass as OrgClass,
        identityId: `identity--${randomUUID()}`,
        createdAt: clock.nowMicros(),
      };
      await t.addOrganisation(org);
      return org;
    },
    listOrganisations: () => t.listOrganisations(),

    async addUser(
      name: string,
      options: { org: string; roles: readonly string[]; password: string; pciiCertified?: boolean },
    ): Promise<User> {
      checkName('user', name);
      const org = await requireOrg(options.org);
      const roles = await Promise.all(options.roles.map((r) => parseRole(r, requireCommunity)));
      if (options.password.length < 12) throw invalid('A password must have at least 12 characters');
      if ((await t.findUser(name)) !== undefined) throw conflict(`User "${name}" already exists`);
      const user: User = {
        id: randomUUID(),
        name,
        orgId: org.id,
        roles,
        pciiCertified: options.pciiCertified ?? false,
        passwordHash: await hashSecret(options.password),
        createdAt: clock.nowMicros(),
      };
      await t.addUser(user);
      return user;
    },
    listUsers: () => t.listUsers(),
    async removeUser(name: string): Promise<void> {
      const user = await t.findUser(name);
      if (user === undefined || !(await t.removeUser(user.id)))
        throw new HubError('CAIRN_NOT_FOUND', `Cannot find user "${name}"`);
    },

    /** Creates a token; the returned `token` string is the only time the secret exists in clear. */
    async createToken(options: {
      org: string;
      name?: string;
      scope: string;
      expiresAt?: number;
    }): Promise<{ record: Token; token: string }> {
      const org = await requireOrg(options.org);
      if (options.scope !== 'read' && options.scope !== 'write')
        throw invalid(`Token scope must be read or write, not "${options.scope}"`);
      const issued = issueToken();
      const record: Token = {
        id: issued.id,
        orgId: org.id,
        name: options.name ?? `${org.name} token`,
        scope: options.scope as TokenScope,
        secretHash: await hashSecret(issued.secret),
        createdAt: clock.nowMicros(),
        ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }),
      };
      await t.addToken(record);
      return { record, token: issued.token };
    },
    listTokens: () => t.listTokens(),
    async revokeToken(id: string): Promise<void> {
      if (!(await t.revokeToken(id, clock.nowMicros())))
        throw new HubError('CAIRN_NOT_FOUND', `Cannot find an active token "${id}"`);
    },
    // Client certificates: machine credentials like tokens, registered by fingerprint (issue 7).
    ...createCertificateAdmin(store, clock, requireOrg),

    async addCommunity(
      name: string,
      options: {
        title?: string;
        description?: string;
        defaultTlp?: string;
        kind?: string;
        sector?: string;
        maxContentLength: number;
        /** Personal-data policy: `redact` (default), `hold` or `off`. */
        piiMode?: string;
      },
    ): Promise<Community> {
      if (!ROOT_RE.test(name) || RESERVED_ROOTS.has(name)) {
        throw invalid(
          `Community name "${name}" must be lowercase letters, digits and hyphens, and not one of ${[...RESERVED_ROOTS].join(', ')}`,
        );
      }
      const tlp = options.defaultTlp ?? 'amber';
      if (!(TLP_LEVELS as readonly string[]).includes(tlp))
        throw invalid(`Default TLP must be one of ${TLP_LEVELS.join(', ')}`);
      const kind = options.kind ?? 'isac';
      if (!(COMMUNITY_KINDS as readonly string[]).includes(kind))
        throw invalid(`Community kind must be one of ${COMMUNITY_KINDS.join(', ')}`);
      const piiMode = parsePiiMode(options.piiMode ?? 'redact');
      if ((await t.findCommunity(name)) !== undefined) throw conflict(`Community "${name}" already exists`);
      const community: Community = {
        id: randomUUID(),
        name,
        title: options.title ?? name,
        ...(options.description === undefined ? {} : { description: options.description }),
        kind: kind as CommunityKind,
        ...(options.sector === undefined ? {} : { sector: options.sector }),
        defaultTlp: tlp as TlpLevel,
        maxContentLength: options.maxContentLength,
        piiMode,
        createdAt: clock.nowMicros(),
      };
      await t.addCommunity(community);
      return community;
    },
    /** Changes what happens to personal data found in a community's submissions. */
    async setCommunityPiiMode(communityName: string, mode: string): Promise<Community> {
      const piiMode = parsePiiMode(mode);
      const community = await requireCommunity(communityName);
      await t.setCommunityPiiMode(community.id, piiMode);
      return { ...community, piiMode };
    },
    listCommunities: () => t.listCommunities(),
    async addMember(communityName: string, orgName: string): Promise<void> {
      const community = await requireCommunity(communityName);
      const org = await requireOrg(orgName);
      await t.addMember(community.id, org.id);
    },
    async removeMember(communityName: string, orgName: string): Promise<void> {
      const community = await requireCommunity(communityName);
      const org = await requireOrg(orgName);
      if (!(await t.removeMember(community.id, org.id)))
        throw new HubError('CAIRN_NOT_FOUND', `"${org.name}" is not a member of "${community.name}"`);
    },
    /** The member organisations of a community, in the order the organisations were created. */
    async listMembers(communityName: string): Promise<Organisation[]> {
      const community = await requireCommunity(communityName);
      const ids = new Set(await t.members(community.id));
      return (await t.listOrganisations()).filter((o) => ids.has(o.id));
    },

    async addCollection(options: {
      community: string;
      title: string;
      description?: string;
      alias?: string;
      read: readonly string[];
      write: readonly string[];
      policy?: CollectionPolicy;
    }): Promise<Collection> {
      const community = await requireCommunity(options.community);
      const max = options.policy?.maxObjectBytes;
      if (max !== undefined && (!Number.isSafeInteger(max) || max < 256)) {
        throw invalid('The largest object size must be a whole number of bytes, at least 256');
      }
      if (options.title.trim() === '' || options.title.length > 200)
        throw invalid('A collection title must have 1 to 200 characters');
      if (options.alias !== undefined) {
        if (!ROOT_RE.test(options.alias))
          throw invalid(`Alias "${options.alias}" must be lowercase letters, digits and hyphens`);
        if ((await t.findCollection(community.id, options.alias)) !== undefined)
          throw conflict(`Alias "${options.alias}" is taken`);
      }
      const grants = (specs: readonly string[]) => Promise.all(specs.map((s) => parseGrant(s, requireOrg)));
      const collection: Collection = {
        id: randomUUID(),
        communityId: community.id,
        title: options.title,
        ...(options.description === undefined ? {} : { description: options.description }),
        ...(options.alias === undefined ? {} : { alias: options.alias }),
        readGrants: options.read.length === 0 ? [{ kind: 'members' }] : await grants(options.read),
        writeGrants:
          options.write.length === 0
            ? [
                { kind: 'role', role: 'analyst' },
                { kind: 'role', role: 'community-admin' },
              ]
            : await grants(options.write),
        ...(options.policy === undefined || Object.keys(options.policy).length === 0
          ? {}
          : { policy: options.policy }),
        createdAt: clock.nowMicros(),
      };
      await t.addCollection(collection);
      return collection;
    },
    listCollections: () => t.listCollections(),
  };
}

export type AdminService = ReturnType<typeof createAdminService>;

/** `ROLE` (everywhere) or `ROLE@COMMUNITY`. */
async function parseRole(
  spec: string,
  requireCommunity: (k: string) => Promise<Community>,
): Promise<RoleGrant> {
  const [role, community] = spec.split('@');
  if (!(ROLES as readonly string[]).includes(role ?? ''))
    throw invalid(`Role must be one of ${ROLES.join(', ')}, not "${spec}"`);
  if (community === undefined) return { role: role as Role };
  return { role: role as Role, communityId: (await requireCommunity(community)).id };
}

/** `members`, `ROLE` (or `role:ROLE`), or `org:NAME`. */
async function parseGrant(spec: string, requireOrg: (k: string) => Promise<Organisation>): Promise<Grant> {
  if (spec === 'members') return { kind: 'members' };
  if (spec.startsWith('org:')) return { kind: 'org', orgId: (await requireOrg(spec.slice(4))).id };
  const role = spec.startsWith('role:') ? spec.slice(5) : spec;
  if ((ROLES as readonly string[]).includes(role)) return { kind: 'role', role: role as Role };
  throw invalid(`A grant is "members", a role (${ROLES.join(', ')}) or "org:NAME", not "${spec}"`);
}

function checkName(what: string, name: string): void {
  if (!NAME_RE.test(name))
    throw invalid(
      `A ${what} name must be 1 to 63 letters, digits, ".", "_" or "-", not "${name.slice(0, 80)}"`,
    );
}

const invalid = (message: string) => new HubError('CAIRN_INVALID_INPUT', message);
const conflict = (message: string) => new HubError('CAIRN_CONFLICT', message);

/** @throws HubError CAIRN_INVALID_INPUT for anything but `off`, `redact` or `hold`. */
function parsePiiMode(mode: string): PiiMode {
  if (!(PII_MODES as readonly string[]).includes(mode))
    throw new HubError(
      'CAIRN_INVALID_INPUT',
      `The personal-data mode must be one of ${PII_MODES.join(', ')}`,
    );
  return mode as PiiMode;
}
