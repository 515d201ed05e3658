import type { PullRound } from '../../federation/index.js';
import { formatMicros } from '../../stix/index.js';
import type {
  ClientCertificate,
  Collection,
  Community,
  Grant,
  Organisation,
  PeerPosition,
  PeerRecord,
  Token,
  User,
} from '../../store/index.js';

/**
 * The wire shapes of the admin API: snake_case like the rest of Cairn's JSON, timestamps as
 * RFC 3339. Secrets never appear: a user's password hash and a token's secret hash are left
 * out here, the one place records become JSON, so no route can leak them by accident.
 */

export const toOrganisationResource = (o: Organisation) => ({
  id: o.id,
  name: o.name,
  class: o.orgClass,
  identity_id: o.identityId,
  created: formatMicros(o.createdAt),
});

export const toUserResource = (u: User) => ({
  id: u.id,
  name: u.name,
  org_id: u.orgId,
  roles: u.roles.map((g) =>
    g.communityId === undefined ? { role: g.role } : { role: g.role, community_id: g.communityId },
  ),
  pcii_certified: u.pciiCertified,
  created: formatMicros(u.createdAt),
});

export const toTokenResource = (t: Token) => ({
  id: t.id,
  org_id: t.orgId,
  name: t.name,
  scope: t.scope,
  created: formatMicros(t.createdAt),
  ...(t.expiresAt === undefined ? {} : { expires: formatMicros(t.expiresAt) }),
  ...(t.revokedAt === undefined ? {} : { revoked: formatMicros(t.revokedAt) }),
});

export const toCertificateResource = (c: ClientCertificate) => ({
  id: c.id,
  org_id: c.orgId,
  name: c.name,
  fingerprint_sha256: c.fingerprint,
  scope: c.scope,
  created: formatMicros(c.createdAt),
  ...(c.expiresAt === undefined ? {} : { expires: formatMicros(c.expiresAt) }),
  ...(c.revokedAt === undefined ? {} : { revoked: formatMicros(c.revokedAt) }),
});

export const toCommunityResource = (c: Community) => ({
  id: c.id,
  name: c.name,
  title: c.title,
  ...(c.description === undefined ? {} : { description: c.description }),
  kind: c.kind,
  ...(c.sector === undefined ? {} : { sector: c.sector }),
  default_tlp: c.defaultTlp,
  max_content_length: c.maxContentLength,
  pii_mode: c.piiMode ?? 'redact',
  created: formatMicros(c.createdAt),
});

/** A grant as the create-collection input spells it, so a listed grant can be sent back. */
export function grantSpec(g: Grant): string {
  switch (g.kind) {
    case 'members':
      return 'members';
    case 'role':
      return `role:${g.role}`;
    case 'org':
      return `org:${g.orgId}`;
  }
}

export const toCollectionResource = (c: Collection) => ({
  id: c.id,
  community_id: c.communityId,
  title: c.title,
  ...(c.description === undefined ? {} : { description: c.description }),
  ...(c.alias === undefined ? {} : { alias: c.alias }),
  read_grants: c.readGrants.map(grantSpec),
  write_grants: c.writeGrants.map(grantSpec),
  ...(c.policy === undefined
    ? {}
    : {
        policy: {
          ...(c.policy.allowCustomObjects === undefined
            ? {}
            : { allow_custom_objects: c.policy.allowCustomObjects }),
          ...(c.policy.allowCustomProperties === undefined
            ? {}
            : { allow_custom_properties: c.policy.allowCustomProperties }),
          ...(c.policy.requireMarkings === undefined ? {} : { require_markings: c.policy.requireMarkings }),
          ...(c.policy.requireCreatedByRef === undefined
            ? {}
            : { require_created_by_ref: c.policy.requireCreatedByRef }),
          ...(c.policy.maxObjectBytes === undefined ? {} : { max_object_bytes: c.policy.maxObjectBytes }),
        },
      }),
  created: formatMicros(c.createdAt),
});

const optionalTime = (micros: number | undefined) =>
  micros === undefined ? undefined : formatMicros(micros);

const toPositionResource = (p: PeerPosition) => ({
  ...(p.addedAfter === undefined ? {} : { added_after: p.addedAfter }),
  ...(p.next === undefined ? {} : { next: p.next }),
});

/** A federation peer: its credential is a reference (`env:…`/`file:…`); no secret is stored. */
export const toPeerResource = (p: PeerRecord) => ({
  id: p.id,
  name: p.name,
  url: p.apiRootUrl,
  remote_collection_id: p.remoteCollectionId,
  collection_id: p.collectionId,
  org_id: p.orgId,
  credential: p.credentialRef,
  auth: p.auth.scheme === 'basic' ? `basic:${p.auth.user}` : 'bearer',
  enabled: p.enabled,
  interval_ms: p.intervalMs,
  created: formatMicros(p.createdAt),
  position: toPositionResource(p.position),
  last_attempt: optionalTime(p.lastAttemptAt),
  last_success: optionalTime(p.lastSuccessAt),
  ...(p.lastError === undefined
    ? {}
    : {
        last_error: {
          code: p.lastError.code,
          message: p.lastError.message,
          at: formatMicros(p.lastError.at),
        },
      }),
  counters: { ...p.counters },
  recent_rejections: p.recentRejections.map((r) => ({
    id: r.id,
    version: r.version,
    ...(r.message === undefined ? {} : { message: r.message }),
  })),
});

/** What one pull round did. */
export const toPullRoundResource = (r: PullRound) => ({
  peer: r.peer,
  pages: r.pages,
  received: r.received,
  added: r.added,
  duplicates: r.duplicates,
  held: r.held,
  rejected: r.rejected,
  caught_up: r.caughtUp,
  position: toPositionResource(r.position),
  ...(r.error === undefined ? {} : { error: { code: r.error.code, message: r.error.message } }),
});

const str = { type: 'string' };
const time = { type: 'string', format: 'date-time' };
const object = (required: readonly string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required,
  properties,
});

/** Where a peer's next pull resumes. */
const POSITION = object([], {
  added_after: { type: 'string', description: 'The remote X-TAXII-Date-Added-Last of the last page stored' },
  next: { type: 'string', description: "The peer's own cursor, inside an unfinished walk" },
});

/** Response schemas for the OpenAPI document, beside the functions that produce them. */
export const RESOURCE_SCHEMAS = {
  organisation: object(['id', 'name', 'class', 'identity_id', 'created'], {
    id: str,
    name: str,
    class: str,
    identity_id: str,
    created: time,
  }),
  user: object(['id', 'name', 'org_id', 'roles', 'pcii_certified', 'created'], {
    id: str,
    name: str,
    org_id: str,
    roles: { type: 'array', items: object(['role'], { role: str, community_id: str }) },
    pcii_certified: { type: 'boolean' },
    created: time,
  }),
  token: object(['id', 'org_id', 'name', 'scope', 'created'], {
    id: str,
    org_id: str,
    name: str,
    scope: { type: 'string', enum: ['read', 'write'] },
    created: time,
    expires: time,
    revoked: time,
  }),
  certificate: object(['id', 'org_id', 'name', 'fingerprint_sha256', 'scope', 'created'], {
    id: str,
    org_id: str,
    name: str,
    fingerprint_sha256: { type: 'string', description: 'SHA-256 of the DER certificate, as AB:CD:…' },
    scope: { type: 'string', enum: ['read', 'write'] },
    created: time,
    expires: time,
    revoked: time,
  }),
  community: object(
    ['id', 'name', 'title', 'kind', 'default_tlp', 'max_content_length', 'pii_mode', 'created'],
    {
      id: str,
      name: str,
      title: str,
      description: str,
      kind: str,
      sector: str,
      default_tlp: str,
      max_content_length: { type: 'integer' },
      pii_mode: { type: 'string', enum: ['off', 'redact', 'hold'] },
      created: time,
    },
  ),
  collection: object(['id', 'community_id', 'title', 'read_grants', 'write_grants', 'created'], {
    id: str,
    community_id: str,
    title: str,
    description: str,
    alias: str,
    read_grants: { type: 'array', items: str },
    write_grants: { type: 'array', items: str },
    policy: { type: 'object' },
    created: time,
  }),
  peer: object(
    [
      'id',
      'name',
      'url',
      'remote_collection_id',
      'collection_id',
      'org_id',
      'credential',
      'auth',
      'enabled',
      'interval_ms',
      'created',
      'position',
      'counters',
      'recent_rejections',
    ],
    {
      id: str,
      name: str,
      url: { type: 'string', description: 'The remote API root' },
      remote_collection_id: str,
      collection_id: { type: 'string', description: 'The local collection pulled into' },
      org_id: { type: 'string', description: "The organisation the peer's content is attributed to" },
      credential: {
        type: 'string',
        description: 'Where the secret is (env:VAR or file:/path), never the secret',
      },
      auth: { type: 'string', description: '"bearer" or "basic:USER"' },
      enabled: { type: 'boolean' },
      interval_ms: { type: 'integer' },
      created: time,
      position: POSITION,
      last_attempt: time,
      last_success: time,
      last_error: object(['code', 'message', 'at'], { code: str, message: str, at: time }),
      counters: object(['received', 'added', 'duplicates', 'rejected'], {
        received: { type: 'integer' },
        added: { type: 'integer' },
        duplicates: { type: 'integer' },
        rejected: { type: 'integer' },
      }),
      recent_rejections: {
        type: 'array',
        items: object(['id', 'version'], { id: str, version: str, message: str }),
      },
    },
  ),
  pullRound: object(
    ['peer', 'pages', 'received', 'added', 'duplicates', 'held', 'rejected', 'caught_up', 'position'],
    {
      peer: str,
      pages: { type: 'integer' },
      received: { type: 'integer' },
      added: { type: 'integer' },
      duplicates: { type: 'integer' },
      held: { type: 'integer', description: 'Held for personal-data review' },
      rejected: { type: 'integer' },
      caught_up: { type: 'boolean', description: 'False when the round stopped at its page bound' },
      position: POSITION,
      error: object(['code', 'message'], {
        code: str,
        message: { type: 'string', description: 'Why the round stopped early; the pages before it are kept' },
      }),
    },
  ),
} as const;

/** The page envelope every list answers with (routes/admin-api-page.ts). */
export function pageSchema(item: unknown) {
  return object(['items', 'more'], {
    items: { type: 'array', items: item },
    more: { type: 'boolean' },
    next: { type: 'string', description: 'Opaque; pass back as ?next= for the following page' },
  });
}
