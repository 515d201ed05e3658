import type { PeerInput, PullRound } from '../../federation/index.js';
import type {
  ClientCertificate,
  Collection,
  CollectionPolicy,
  Community,
  Organisation,
  PeerRecord,
  Token,
  User,
} from '../../store/index.js';

/** Who is changing the hub, as the audit log records it (structurally the audit's actor). */
export interface AdminActor {
  readonly kind: 'user' | 'token';
  readonly id: string;
  readonly name: string;
  readonly orgId: string;
  readonly address: string;
}

/**
 * The tenancy operations the admin API calls: the shape of `app/`'s admin service, declared
 * here so `http/` does not import `app/` (.dependency-cruiser.cjs). Every mutation is
 * audited by the implementation; the API only decides who may call what.
 */
export interface AdminOperations {
  addOrganisation(name: string, orgClass: string): Promise<Organisation>;
  listOrganisations(): Promise<Organisation[]>;
  addUser(
    name: string,
    options: { org: string; roles: readonly string[]; password: string; pciiCertified?: boolean },
  ): Promise<User>;
  listUsers(): Promise<User[]>;
  removeUser(name: string): Promise<void>;
  createToken(options: {
    org: string;
    name?: string;
    scope: string;
    expiresAt?: number;
  }): Promise<{ record: Token; token: string }>;
  listTokens(): Promise<Token[]>;
  revokeToken(id: string): Promise<void>;
  addCertificate(options: {
    org: string;
    fingerprint: string;
    scope: string;
    name?: string;
    expiresAt?: number;
  }): Promise<ClientCertificate>;
  listCertificates(): Promise<ClientCertificate[]>;
  /** By id or fingerprint; returns the revoked record. */
  revokeCertificate(idOrFingerprint: string): Promise<ClientCertificate>;
  addCommunity(
    name: string,
    options: {
      title?: string;
      description?: string;
      defaultTlp?: string;
      kind?: string;
      sector?: string;
      maxContentLength: number;
      piiMode?: string;
    },
  ): Promise<Community>;
  setCommunityPiiMode(communityName: string, mode: string): Promise<Community>;
  listCommunities(): Promise<Community[]>;
  addMember(communityName: string, orgName: string): Promise<void>;
  removeMember(communityName: string, orgName: string): Promise<void>;
  listMembers(communityName: string): Promise<Organisation[]>;
  addCollection(options: {
    community: string;
    title: string;
    description?: string;
    alias?: string;
    read: readonly string[];
    write: readonly string[];
    policy?: CollectionPolicy;
  }): Promise<Collection>;
  listCollections(): Promise<Collection[]>;
  /** Federation peers (federation/peer-admin.ts behind it). */
  readonly peers: PeerOperations;
}

/** The peer verbs of `cairn peer`; `add` and `remove` are audited like the rest. */
export interface PeerOperations {
  /** Input errors name the PeerInput property in `details.field`. */
  add(input: PeerInput): Promise<PeerRecord>;
  list(): Promise<PeerRecord[]>;
  /** @throws HubError CAIRN_NOT_FOUND */
  show(name: string): Promise<PeerRecord>;
  /** @throws HubError CAIRN_NOT_FOUND */
  remove(name: string): Promise<PeerRecord>;
  /** One round now, `env:` credential references read from the hub's environment. */
  pull(name: string, options: { readonly restart: boolean }): Promise<PullRound>;
}

/** The admin service, audited as done by the given actor (withAdminAudit in `app/`). */
export interface AdminApiPort {
  as(actor: AdminActor): AdminOperations;
  /**
   * Records a request the authorization decision refused (`admin.refused`): probing the
   * admin API is evidence even though nothing changed. Queued, never awaited, so a flood of
   * refusals cannot slow the server (the audit queue is bounded).
   */
  refused(
    actor: AdminActor,
    details: { readonly method: string; readonly route: string; readonly error: string },
  ): void;
}
