import { COMMUNITY_KINDS, type Community, PII_MODES, ROLES, TLP_LEVELS } from '../../store/index.js';
import type { ObjectSchema, StringSchema } from '../openapi-schema.js';
import { NAME } from './admin-api-hub-routes.js';
import { PAGE_QUERY, pageOf } from './admin-api-page.js';
import {
  pageSchema,
  RESOURCE_SCHEMAS,
  toCollectionResource,
  toCommunityResource,
  toOrganisationResource,
} from './admin-api-resources.js';
import { type AdminContext, type AdminRoute, invalidField, notFound } from './admin-api-route.js';

const COMMUNITY_ADMINS = 'hub admins, and community admins of this community';
const COMMUNITY_PARAM = { community: 'Community (API root) name or id' };
const PII_MODE: StringSchema = { type: 'string', maxLength: 10, enum: PII_MODES };
const GRANT: StringSchema = {
  type: 'string',
  maxLength: 80,
  pattern: `^(members|(role:)?(${ROLES.join('|')})|org:[A-Za-z0-9][A-Za-z0-9._-]{0,62})$`,
  description: '"members", a role ("analyst" or "role:analyst"), or "org:NAME" of a member organisation',
};
const GRANTS = (description: string) => ({ type: 'array', maxItems: 50, items: GRANT, description }) as const;

const NEW_COLLECTION: ObjectSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['title'],
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', maxLength: 4000 },
    alias: { type: 'string', maxLength: 63, pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
    read: GRANTS('Who may read (default: members)'),
    write: GRANTS('Who may write (default: analysts and community admins)'),
    policy: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allow_custom_objects: { type: 'boolean' },
        allow_custom_properties: { type: 'boolean' },
        require_markings: { type: 'boolean' },
        require_created_by_ref: { type: 'boolean' },
        max_object_bytes: { type: 'integer', minimum: 256, maximum: 2 ** 31 },
      },
    },
  },
};

/** The community (already resolved and authorised by the dispatcher). */
function communityOf(ctx: AdminContext): Community {
  if (ctx.community === undefined) throw new TypeError('A community route ran without its community');
  return ctx.community;
}

/** Communities, their settings, membership and collections. */
export const COMMUNITY_ROUTES: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/api/v1/communities',
    tag: 'communities',
    summary: 'List the communities the caller administers (all of them for hub admins)',
    access: 'hub admins, and community admins (their own communities only)',
    target: 'communities',
    query: PAGE_QUERY,
    responses: {
      200: { description: 'A page of communities', schema: pageSchema(RESOURCE_SCHEMAS.community) },
    },
    handle: async (ctx) => ({ status: 200, body: pageOf(ctx.administered, ctx.query, toCommunityResource) }),
  },
  {
    method: 'POST',
    path: '/api/v1/communities',
    tag: 'communities',
    summary: 'Create a community (a TAXII API root)',
    access: 'hub admins',
    target: 'hub',
    requestBody: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', maxLength: 63, pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
        title: { type: 'string', minLength: 1, maxLength: 200 },
        description: { type: 'string', maxLength: 4000 },
        kind: { type: 'string', maxLength: 20, enum: COMMUNITY_KINDS },
        sector: { type: 'string', maxLength: 100 },
        default_tlp: { type: 'string', maxLength: 20, enum: TLP_LEVELS },
        max_content_length: {
          type: 'integer',
          minimum: 1024,
          maximum: 2 ** 31,
          description: "At most the hub's own limit (its default)",
        },
        pii_mode: PII_MODE,
      },
    },
    responses: { 201: { description: 'The community', schema: RESOURCE_SCHEMAS.community } },
    handle: async (ctx) => {
      const b = ctx.body;
      const max = b.max_content_length ?? ctx.maxBodyBytes;
      if (max > ctx.maxBodyBytes)
        throw invalidField('max_content_length', `"max_content_length" must be at most ${ctx.maxBodyBytes}`);
      const community = await ctx.ops.addCommunity(b.name, {
        maxContentLength: max,
        ...(b.title === undefined ? {} : { title: b.title }),
        ...(b.description === undefined ? {} : { description: b.description }),
        ...(b.kind === undefined ? {} : { kind: b.kind }),
        ...(b.sector === undefined ? {} : { sector: b.sector }),
        ...(b.default_tlp === undefined ? {} : { defaultTlp: b.default_tlp }),
        ...(b.pii_mode === undefined ? {} : { piiMode: b.pii_mode }),
      });
      return { status: 201, body: toCommunityResource(community) };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/communities/:community',
    tag: 'communities',
    summary: 'One community with its settings',
    access: COMMUNITY_ADMINS,
    target: 'community',
    params: COMMUNITY_PARAM,
    responses: { 200: { description: 'The community', schema: RESOURCE_SCHEMAS.community } },
    handle: async (ctx) => ({ status: 200, body: toCommunityResource(communityOf(ctx)) }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/communities/:community',
    tag: 'communities',
    summary: "Change a community's settings (its personal-data mode)",
    access: COMMUNITY_ADMINS,
    target: 'community',
    params: COMMUNITY_PARAM,
    requestBody: {
      type: 'object',
      additionalProperties: false,
      required: ['pii_mode'],
      properties: { pii_mode: PII_MODE },
    },
    responses: { 200: { description: 'The community', schema: RESOURCE_SCHEMAS.community } },
    handle: async (ctx) => ({
      status: 200,
      body: toCommunityResource(await ctx.ops.setCommunityPiiMode(communityOf(ctx).id, ctx.body.pii_mode)),
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/communities/:community/members',
    tag: 'communities',
    summary: 'List the member organisations of a community',
    access: COMMUNITY_ADMINS,
    target: 'community',
    params: COMMUNITY_PARAM,
    query: PAGE_QUERY,
    responses: {
      200: { description: 'A page of organisations', schema: pageSchema(RESOURCE_SCHEMAS.organisation) },
    },
    handle: async (ctx) => ({
      status: 200,
      body: pageOf(await ctx.ops.listMembers(communityOf(ctx).id), ctx.query, toOrganisationResource),
    }),
  },
  {
    method: 'PUT',
    path: '/api/v1/communities/:community/members/:org',
    tag: 'communities',
    summary: 'Make an organisation a member of a community',
    access: COMMUNITY_ADMINS,
    target: 'community',
    params: { ...COMMUNITY_PARAM, org: 'Organisation name or id' },
    responses: { 204: { description: 'The organisation is a member' } },
    handle: async (ctx) => {
      const org = await memberCandidate(ctx);
      await ctx.ops.addMember(communityOf(ctx).id, org);
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    path: '/api/v1/communities/:community/members/:org',
    tag: 'communities',
    summary: 'End the membership of an organisation in a community',
    access: COMMUNITY_ADMINS,
    target: 'community',
    params: { ...COMMUNITY_PARAM, org: 'Organisation name or id' },
    responses: { 204: { description: 'The organisation is no longer a member' } },
    handle: async (ctx) => {
      await ctx.ops.removeMember(communityOf(ctx).id, await memberCandidate(ctx));
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/communities/:community/collections',
    tag: 'collections',
    summary: 'List the collections of a community, with their grants and validation policy',
    access: COMMUNITY_ADMINS,
    target: 'community',
    params: COMMUNITY_PARAM,
    query: PAGE_QUERY,
    responses: {
      200: { description: 'A page of collections', schema: pageSchema(RESOURCE_SCHEMAS.collection) },
    },
    handle: async (ctx) => {
      const id = communityOf(ctx).id;
      const all = (await ctx.ops.listCollections()).filter((c) => c.communityId === id);
      return { status: 200, body: pageOf(all, ctx.query, toCollectionResource) };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/communities/:community/collections',
    tag: 'collections',
    summary: 'Create a collection with its read and write grants and validation policy',
    access: COMMUNITY_ADMINS,
    target: 'community',
    params: COMMUNITY_PARAM,
    requestBody: NEW_COLLECTION,
    responses: { 201: { description: 'The collection', schema: RESOURCE_SCHEMAS.collection } },
    handle: async (ctx) => {
      const community = communityOf(ctx);
      const b = ctx.body;
      const members = await ctx.ops.listMembers(community.id);
      // A grant to an organisation outside the community could never be used (collection
      // access needs membership), and accepting any name would let a community admin probe
      // which organisations exist on the hub: the same message for both.
      for (const field of ['read', 'write'] as const) {
        (b[field] as string[] | undefined)?.forEach((spec, i) => {
          const org = spec.startsWith('org:') ? spec.slice(4) : undefined;
          if (org !== undefined && !members.some((m) => m.name === org || m.id === org))
            throw invalidField(
              `${field}[${i}]`,
              `"${org}" is not a member organisation of "${community.name}"`,
            );
        });
      }
      const p = b.policy ?? {};
      const policy = {
        ...(p.allow_custom_objects === undefined ? {} : { allowCustomObjects: p.allow_custom_objects }),
        ...(p.allow_custom_properties === undefined
          ? {}
          : { allowCustomProperties: p.allow_custom_properties }),
        ...(p.require_markings === undefined ? {} : { requireMarkings: p.require_markings }),
        ...(p.require_created_by_ref === undefined ? {} : { requireCreatedByRef: p.require_created_by_ref }),
        ...(p.max_object_bytes === undefined ? {} : { maxObjectBytes: p.max_object_bytes }),
      };
      const collection = await ctx.ops.addCollection({
        community: community.id,
        title: b.title,
        read: b.read ?? [],
        write: b.write ?? [],
        policy,
        ...(b.description === undefined ? {} : { description: b.description }),
        ...(b.alias === undefined ? {} : { alias: b.alias }),
      });
      return { status: 201, body: toCollectionResource(collection) };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/communities/:community/collections/:collection',
    tag: 'collections',
    summary: 'One collection with its grants and validation policy',
    access: COMMUNITY_ADMINS,
    target: 'collection',
    params: { ...COMMUNITY_PARAM, collection: 'Collection id or alias' },
    responses: { 200: { description: 'The collection', schema: RESOURCE_SCHEMAS.collection } },
    handle: async (ctx) => {
      if (ctx.collection === undefined) throw new TypeError('A collection route ran without its collection');
      return { status: 200, body: toCollectionResource(ctx.collection) };
    },
  },
];

/** The organisation named in the path, checked against NAME so junk is a 404 like any unknown name. */
async function memberCandidate(ctx: AdminContext): Promise<string> {
  const key = ctx.params.org ?? '';
  const pattern = new RegExp(NAME.pattern ?? '');
  const org = pattern.test(key)
    ? (await ctx.ops.listOrganisations()).find((o) => o.name === key || o.id === key)
    : undefined;
  if (org === undefined) throw notFound('organisation', key);
  return org.id;
}
