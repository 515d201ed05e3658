import { tryParseFingerprint } from '../../auth/index.js';
import { HubError } from '../../core/index.js';
import { ORG_CLASSES, type Organisation, ROLES } from '../../store/index.js';
import type { StringSchema } from '../openapi-schema.js';
import { type Keyed, PAGE_QUERY, pageOf } from './admin-api-page.js';
import type { AdminOperations } from './admin-api-port.js';
import {
  pageSchema,
  RESOURCE_SCHEMAS,
  toCertificateResource,
  toOrganisationResource,
  toTokenResource,
  toUserResource,
} from './admin-api-resources.js';
import { type AdminRoute, invalidField as invalid, notFound } from './admin-api-route.js';

/** The admin service's own name rule (admin-service.ts), declared for validation and the document. */
export const NAME: StringSchema = {
  type: 'string',
  maxLength: 63,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$',
};
/** An organisation by name or id (ids are UUIDs, which the same rule admits). */
const ORG_REF: StringSchema = { ...NAME, description: 'Organisation name or id' };
const ROLE_SPEC: StringSchema = {
  type: 'string',
  maxLength: 100,
  pattern: `^(${ROLES.join('|')})(@[a-z0-9][a-z0-9-]{0,62})?$`,
  description: 'ROLE (everywhere) or ROLE@COMMUNITY',
};
export const HUB_ONLY = 'hub admins';
const EXPIRES: StringSchema = {
  type: 'string',
  maxLength: 40,
  format: 'date-time',
  description: 'In the future',
};
const CERTIFICATE_KEY = 'Certificate id';

/**
 * A hub-wide list (`GET path`, paged like every list of the admin API), for hub admins only;
 * the path's last segment is its OpenAPI tag.
 */
export function hubList<R extends Keyed, T>(route: {
  readonly path: string;
  readonly summary: string;
  readonly page: string;
  readonly schema: unknown;
  list(ops: AdminOperations): Promise<readonly R[]>;
  toResource(record: R): T;
}): AdminRoute {
  return {
    method: 'GET',
    path: route.path,
    tag: route.path.slice(route.path.lastIndexOf('/') + 1),
    summary: route.summary,
    access: HUB_ONLY,
    target: 'hub',
    query: PAGE_QUERY,
    responses: { 200: { description: route.page, schema: pageSchema(route.schema) } },
    handle: async (ctx) => ({
      status: 200,
      body: pageOf(await route.list(ctx.ops), ctx.query, route.toResource),
    }),
  };
}

/** Organisations, users and tokens: hub-wide records, administered by hub admins only. */
export const HUB_ROUTES: readonly AdminRoute[] = [
  hubList({
    path: '/api/v1/organisations',
    summary: 'List organisations',
    page: 'A page of organisations',
    schema: RESOURCE_SCHEMAS.organisation,
    list: (ops) => ops.listOrganisations(),
    toResource: toOrganisationResource,
  }),
  {
    method: 'POST',
    path: '/api/v1/organisations',
    tag: 'organisations',
    summary: 'Create an organisation',
    access: HUB_ONLY,
    target: 'hub',
    requestBody: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'class'],
      properties: { name: NAME, class: { type: 'string', maxLength: 20, enum: ORG_CLASSES } },
    },
    responses: { 201: { description: 'The organisation', schema: RESOURCE_SCHEMAS.organisation } },
    handle: async (ctx) => ({
      status: 201,
      body: toOrganisationResource(await ctx.ops.addOrganisation(ctx.body.name, ctx.body.class)),
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/organisations/:org',
    tag: 'organisations',
    summary: 'One organisation',
    access: HUB_ONLY,
    target: 'hub',
    params: { org: 'Organisation name or id' },
    responses: { 200: { description: 'The organisation', schema: RESOURCE_SCHEMAS.organisation } },
    handle: async (ctx) => ({
      status: 200,
      body: toOrganisationResource(await requireOrg(ctx.ops, ctx.params.org)),
    }),
  },
  hubList({
    path: '/api/v1/users',
    summary: 'List users (never their password hashes)',
    page: 'A page of users',
    schema: RESOURCE_SCHEMAS.user,
    list: (ops) => ops.listUsers(),
    toResource: toUserResource,
  }),
  {
    method: 'POST',
    path: '/api/v1/users',
    tag: 'users',
    summary: 'Create a user',
    access: HUB_ONLY,
    target: 'hub',
    requestBody: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'org', 'roles', 'password'],
      properties: {
        name: NAME,
        org: ORG_REF,
        roles: { type: 'array', maxItems: 50, items: ROLE_SPEC },
        password: { type: 'string', minLength: 12, maxLength: 1024 },
        pcii_certified: { type: 'boolean' },
      },
    },
    responses: { 201: { description: 'The user', schema: RESOURCE_SCHEMAS.user } },
    handle: async (ctx) => {
      const b = ctx.body;
      await requireOrgField(ctx.ops, b.org, 'org');
      const known = new Set((await ctx.ops.listCommunities()).flatMap((c) => [c.name, c.id]));
      (b.roles as string[]).forEach((spec, i) => {
        const community = spec.split('@')[1];
        if (community !== undefined && !known.has(community))
          throw invalid(`roles[${i}]`, `Cannot find community "${community}"`);
      });
      const user = await ctx.ops.addUser(b.name, {
        org: b.org,
        roles: b.roles,
        password: b.password,
        ...(b.pcii_certified === undefined ? {} : { pciiCertified: b.pcii_certified }),
      });
      return { status: 201, body: toUserResource(user) };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/users/:user',
    tag: 'users',
    summary: 'One user',
    access: HUB_ONLY,
    target: 'hub',
    params: { user: 'User name or id' },
    responses: { 200: { description: 'The user', schema: RESOURCE_SCHEMAS.user } },
    handle: async (ctx) => {
      const key = ctx.params.user ?? '';
      const user = (await ctx.ops.listUsers()).find((u) => u.name === key || u.id === key);
      if (user === undefined) throw notFound('user', key);
      return { status: 200, body: toUserResource(user) };
    },
  },
  {
    method: 'DELETE',
    path: '/api/v1/users/:user',
    tag: 'users',
    summary: 'Remove a user',
    access: HUB_ONLY,
    target: 'hub',
    params: { user: 'User name or id' },
    responses: { 204: { description: 'Removed' } },
    handle: async (ctx) => {
      const key = ctx.params.user ?? '';
      const user = (await ctx.ops.listUsers()).find((u) => u.name === key || u.id === key);
      if (user === undefined) throw notFound('user', key);
      // A hub admin removing itself could leave the hub with no one to run it.
      if (user.id === ctx.principal.id)
        throw new HubError('CAIRN_CONFLICT', 'A user cannot remove their own account');
      await ctx.ops.removeUser(user.name);
      return { status: 204 };
    },
  },
  hubList({
    path: '/api/v1/tokens',
    summary: 'List tokens (never their secrets)',
    page: 'A page of tokens',
    schema: RESOURCE_SCHEMAS.token,
    list: (ops) => ops.listTokens(),
    toResource: toTokenResource,
  }),
  {
    method: 'POST',
    path: '/api/v1/tokens',
    tag: 'tokens',
    summary: 'Create a token; the answer holds its secret, shown this once only',
    access: HUB_ONLY,
    target: 'hub',
    requestBody: {
      type: 'object',
      additionalProperties: false,
      required: ['org', 'scope'],
      properties: {
        org: ORG_REF,
        name: { type: 'string', minLength: 1, maxLength: 200 },
        scope: { type: 'string', maxLength: 5, enum: ['read', 'write'] },
        expires: EXPIRES,
      },
    },
    responses: {
      201: {
        description: 'The token, with `token`: the credential to use (Bearer, or as the Basic password)',
        schema: { ...RESOURCE_SCHEMAS.token, required: [...RESOURCE_SCHEMAS.token.required, 'token'] },
      },
    },
    handle: async (ctx) => {
      const b = ctx.body;
      await requireOrgField(ctx.ops, b.org, 'org');
      const expiresAt = futureExpiry(b.expires);
      const created = await ctx.ops.createToken({
        org: b.org,
        scope: b.scope,
        ...(b.name === undefined ? {} : { name: b.name }),
        ...(expiresAt === undefined ? {} : { expiresAt }),
      });
      return { status: 201, body: { ...toTokenResource(created.record), token: created.token } };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/tokens/:token',
    tag: 'tokens',
    summary: 'One token (never its secret)',
    access: HUB_ONLY,
    target: 'hub',
    params: { token: 'Token id' },
    responses: { 200: { description: 'The token', schema: RESOURCE_SCHEMAS.token } },
    handle: async (ctx) => {
      const key = ctx.params.token ?? '';
      const token = (await ctx.ops.listTokens()).find((t) => t.id === key);
      if (token === undefined) throw notFound('token', key);
      return { status: 200, body: toTokenResource(token) };
    },
  },
  {
    method: 'DELETE',
    path: '/api/v1/tokens/:token',
    tag: 'tokens',
    summary: 'Revoke a token (the record stays, marked revoked)',
    access: HUB_ONLY,
    target: 'hub',
    params: { token: 'Token id' },
    responses: { 204: { description: 'Revoked' } },
    handle: async (ctx) => {
      await ctx.ops.revokeToken((ctx.params.token ?? '').slice(0, 200));
      return { status: 204 };
    },
  },
  hubList({
    path: '/api/v1/certificates',
    summary: 'List client certificates registered to organisations',
    page: 'A page of certificates',
    schema: RESOURCE_SCHEMAS.certificate,
    list: (ops) => ops.listCertificates(),
    toResource: toCertificateResource,
  }),
  {
    method: 'POST',
    path: '/api/v1/certificates',
    tag: 'certificates',
    summary: 'Register a client certificate: its machines then authenticate as the organisation',
    access: HUB_ONLY,
    target: 'hub',
    requestBody: {
      type: 'object',
      additionalProperties: false,
      required: ['org', 'fingerprint', 'scope'],
      properties: {
        org: ORG_REF,
        fingerprint: {
          type: 'string',
          maxLength: 200,
          description: 'SHA-256 of the DER certificate, 64 hex digits with or without colons',
        },
        name: { type: 'string', minLength: 1, maxLength: 200 },
        scope: { type: 'string', maxLength: 5, enum: ['read', 'write'] },
        expires: EXPIRES,
      },
    },
    responses: { 201: { description: 'The registration', schema: RESOURCE_SCHEMAS.certificate } },
    handle: async (ctx) => {
      const b = ctx.body;
      await requireOrgField(ctx.ops, b.org, 'org');
      if (tryParseFingerprint(b.fingerprint) === undefined)
        throw invalid('fingerprint', 'A fingerprint is 64 hex digits (SHA-256), with or without colons');
      const expiresAt = futureExpiry(b.expires);
      const created = await ctx.ops.addCertificate({
        org: b.org,
        fingerprint: b.fingerprint,
        scope: b.scope,
        ...(b.name === undefined ? {} : { name: b.name }),
        ...(expiresAt === undefined ? {} : { expiresAt }),
      });
      return { status: 201, body: toCertificateResource(created) };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/certificates/:certificate',
    tag: 'certificates',
    summary: 'One client certificate registration',
    access: HUB_ONLY,
    target: 'hub',
    params: { certificate: CERTIFICATE_KEY },
    responses: { 200: { description: 'The registration', schema: RESOURCE_SCHEMAS.certificate } },
    handle: async (ctx) => {
      const key = ctx.params.certificate ?? '';
      const found = (await ctx.ops.listCertificates()).find((c) => c.id === key);
      if (found === undefined) throw notFound('certificate', key);
      return { status: 200, body: toCertificateResource(found) };
    },
  },
  {
    method: 'DELETE',
    path: '/api/v1/certificates/:certificate',
    tag: 'certificates',
    summary: 'Revoke a client certificate at once (the record stays, marked revoked)',
    access: HUB_ONLY,
    target: 'hub',
    params: { certificate: `${CERTIFICATE_KEY}, or its fingerprint` },
    responses: { 204: { description: 'Revoked' } },
    handle: async (ctx) => {
      await ctx.ops.revokeCertificate((ctx.params.certificate ?? '').slice(0, 200));
      return { status: 204 };
    },
  },
];

/** An optional `expires` body field, in microseconds. @throws 400 unless it is in the future */
function futureExpiry(expires: string | undefined): number | undefined {
  const expiresAt = expires === undefined ? undefined : Date.parse(expires) * 1000;
  if (expiresAt !== undefined && expiresAt <= Date.now() * 1000)
    throw invalid('expires', '"expires" must be in the future');
  return expiresAt;
}

async function findOrg(ops: AdminOperations, key: string): Promise<Organisation | undefined> {
  return (await ops.listOrganisations()).find((o) => o.name === key || o.id === key);
}

async function requireOrg(ops: AdminOperations, key = ''): Promise<Organisation> {
  const org = await findOrg(ops, key);
  if (org === undefined) throw notFound('organisation', key);
  return org;
}

/** A body field naming an organisation: a missing one is bad input (400), not a missing route target. */
async function requireOrgField(ops: AdminOperations, key: string, field: string): Promise<Organisation> {
  const org = await findOrg(ops, key);
  if (org === undefined) throw invalid(field, `Cannot find organisation "${key}"`);
  return org;
}
