/**
 * Tenancy records (DESIGN.md §2): organisations, users, tokens, communities and collections,
 * and the repository that keeps them. Part of the store port.
 */

import type { CommunityKind, ConsentLevel, OrgClass, Role, TlpLevel } from '../core/vocabularies.js';
import type { PiiMode } from './review-types.js';

export {
  COMMUNITY_KINDS,
  type CommunityKind,
  ORG_CLASSES,
  type OrgClass,
  ROLES,
  type Role,
  TLP_LEVELS,
  type TlpLevel,
} from '../core/vocabularies.js';

export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly orgClass: OrgClass;
  /** The organisation's STIX identity id. */
  readonly identityId: string;
  /** Consent for its submissions when a submission states none (default `none`). */
  readonly defaultConsent?: ConsentLevel;
  readonly createdAt: number;
}

/** A role held by a user, everywhere (communityId undefined) or in one community. */
export interface RoleGrant {
  readonly role: Role;
  readonly communityId?: string;
}

export interface User {
  readonly id: string;
  readonly name: string;
  readonly orgId: string;
  readonly roles: readonly RoleGrant[];
  readonly pciiCertified: boolean;
  readonly passwordHash: string;
  readonly createdAt: number;
}

export type TokenScope = 'read' | 'write';

export interface Token {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly scope: TokenScope;
  readonly secretHash: string;
  readonly createdAt: number;
  readonly expiresAt?: number;
  readonly revokedAt?: number;
}

/**
 * A client certificate registered to an organisation (issue 7): a verified TLS client
 * presenting it is a machine of that organisation, like a token with the same scope.
 */
export interface ClientCertificate {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  /** SHA-256 of the DER certificate, uppercase hex pairs joined by colons (as Node and openssl print it). */
  readonly fingerprint: string;
  readonly scope: TokenScope;
  readonly createdAt: number;
  readonly expiresAt?: number;
  readonly revokedAt?: number;
}

export interface Community {
  readonly id: string;
  /** The API root path segment, e.g. `hub` for `/hub/`. */
  readonly name: string;
  readonly title: string;
  readonly description?: string;
  readonly kind: CommunityKind;
  readonly sector?: string;
  readonly defaultTlp: TlpLevel;
  readonly maxContentLength: number;
  /** Personal data found at ingestion: `redact` (absent means this), `hold` for review, or `off`. */
  readonly piiMode?: PiiMode;
  readonly createdAt: number;
}

/**
 * Who a collection grants read or write to: every member organisation of the community,
 * holders of a role, or one organisation.
 */
export type Grant =
  | { readonly kind: 'members' }
  | { readonly kind: 'role'; readonly role: Role }
  | { readonly kind: 'org'; readonly orgId: string };

export interface Collection {
  readonly id: string;
  readonly communityId: string;
  readonly title: string;
  readonly description?: string;
  readonly alias?: string;
  readonly readGrants: readonly Grant[];
  readonly writeGrants: readonly Grant[];
  /** How strictly objects posted to the collection are validated (issue 3). */
  readonly policy?: CollectionPolicy;
  readonly createdAt: number;
}

/** Validation policy of a collection; absent fields take the validator's defaults. */
export interface CollectionPolicy {
  /** Accept custom object types (default true). */
  readonly allowCustomObjects?: boolean;
  /** Accept custom properties and extensions (default true). */
  readonly allowCustomProperties?: boolean;
  /** Every object must carry markings (default false). */
  readonly requireMarkings?: boolean;
  /** Every SDO, SRO and meta object must carry created_by_ref (default false). */
  readonly requireCreatedByRef?: boolean;
  /** Largest serialised object, in bytes (default unlimited). */
  readonly maxObjectBytes?: number;
}

/** An API root's community and its collection with the id or alias asked for, if any. */
export interface CollectionPath {
  readonly community: Community;
  readonly collection: Collection | undefined;
}

/** How a request's subject was authenticated: a password, an API token or a TLS client certificate. */
export type PrincipalKind = 'user' | 'token' | 'certificate';

/**
 * What a request's principal is built from (auth/load-principal): the subject as stored, its
 * organisation, and the ids of the communities that organisation belongs to.
 */
export type PrincipalFacts = {
  readonly organisation: Organisation;
  readonly communities: readonly string[];
} & (
  | { readonly kind: 'user'; readonly user: User }
  | { readonly kind: 'token'; readonly credential: Token }
  | { readonly kind: 'certificate'; readonly credential: ClientCertificate }
);

export interface TenancyRepository {
  addOrganisation(org: Organisation): Promise<void>;
  listOrganisations(): Promise<Organisation[]>;
  /** By id or by name. */
  findOrganisation(idOrName: string): Promise<Organisation | undefined>;

  addUser(user: User): Promise<void>;
  listUsers(): Promise<User[]>;
  findUser(idOrName: string): Promise<User | undefined>;
  removeUser(id: string): Promise<boolean>;
  setUserPassword(id: string, passwordHash: string): Promise<void>;

  /**
   * The facts of a principal in one statement, read afresh on every request (revocation
   * applies at once): the user with this id, the token with this id, or the unrevoked
   * certificate with this fingerprint, joined to its organisation. Undefined when there is
   * none or its organisation is gone; revoked tokens and expiry are the caller's to check.
   */
  loadPrincipalFacts(kind: PrincipalKind, id: string): Promise<PrincipalFacts | undefined>;

  addToken(token: Token): Promise<void>;
  findToken(id: string): Promise<Token | undefined>;
  listTokens(orgId?: string): Promise<Token[]>;
  revokeToken(id: string, at: number): Promise<boolean>;

  /** @throws HubError CAIRN_CONFLICT when an unrevoked certificate has the same fingerprint. */
  addClientCertificate(certificate: ClientCertificate): Promise<void>;
  /** The unrevoked certificate with this fingerprint (expired ones included: callers check). */
  findClientCertificate(fingerprint: string): Promise<ClientCertificate | undefined>;
  /** Certificates of one organisation (or all), revoked ones included, oldest first. */
  listClientCertificates(orgId?: string): Promise<ClientCertificate[]>;
  /** Marks an unrevoked certificate revoked; false when there is none with this id. */
  revokeClientCertificate(id: string, at: number): Promise<boolean>;

  addCommunity(community: Community): Promise<void>;
  /** Sets a community's personal-data policy; false when there is no such community. */
  setCommunityPiiMode(communityId: string, mode: PiiMode): Promise<boolean>;
  listCommunities(): Promise<Community[]>;
  findCommunity(idOrName: string): Promise<Community | undefined>;
  addMember(communityId: string, orgId: string): Promise<void>;
  removeMember(communityId: string, orgId: string): Promise<boolean>;
  /** Ids of the communities an organisation belongs to. */
  memberships(orgId: string): Promise<string[]>;
  members(communityId: string): Promise<string[]>;

  addCollection(collection: Collection): Promise<void>;
  /** Collections of one community (or all), in a stable order (creation time, then id). */
  listCollections(communityId?: string): Promise<Collection[]>;
  findCollection(communityId: string, idOrAlias: string): Promise<Collection | undefined>;
  /**
   * The community named `communityName` (by name only: an API root is its name) with its
   * collection of this id or alias, in one statement: every request on a collection starts
   * here. Undefined when there is no such community.
   */
  findCollectionPath(communityName: string, idOrAlias: string): Promise<CollectionPath | undefined>;
}
