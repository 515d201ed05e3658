import type { ApiOperation } from './openapi.js';

/**
 * The /api/v1 operations registered outside the admin API (routes/match-api.ts,
 * routes/review-api.ts, routes/pcii-api.ts, routes/stream-api.ts). Their handlers parse their own input, so they are described here;
 * test/http/admin-api.test.ts compares the document with the routes fastify actually holds,
 * both ways, so a route added there without a line here fails the build.
 */
export const OTHER_API_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'GET',
    path: '/api/v1/communities/:community/collections/:collection/stream',
    tag: 'streams',
    summary:
      'A live stream of the collection’s new object versions as Server-Sent Events; resumes after Last-Event-ID (docs/streams.md)',
    access: 'whoever may read the collection; what is sent obeys the sharing rules',
    params: { community: 'API root name', collection: 'Collection id or alias' },
    query: {
      added_after: {
        type: 'string',
        maxLength: 40,
        description: 'Start after this date_added instead of now',
      },
      last_event_id: {
        type: 'string',
        maxLength: 1024,
        description: 'Resume after this event (or the Last-Event-ID header)',
      },
      'match[type]': { type: 'string', maxLength: 10_000 },
      'match[id]': { type: 'string', maxLength: 10_000 },
      'match[spec_version]': { type: 'string', maxLength: 200 },
    },
    responses: {
      200: {
        description:
          'One event per object version: `id` is the resume token, `data` the STIX object; an `end` event says why the server closed the stream',
        schema: { type: 'string' },
        mediaType: 'text/event-stream',
      },
    },
  },
  {
    method: 'POST',
    path: '/api/v1/match',
    tag: 'matching',
    summary: 'Match observations against the active indicators of the collections the caller may read',
    access: 'any authenticated principal; results obey the sharing rules',
    requestBody: {
      description:
        'One observation (a bare SCO, or a bundle with observed-data), or {"observations": [...], "collections": [...]}',
      type: 'object',
    },
    responses: {
      200: {
        description: 'The matches, each with the position of its observation',
        schema: { type: 'object', properties: { matches: { type: 'array', items: { type: 'object' } } } },
      },
    },
  },
  {
    method: 'GET',
    path: '/api/v1/reviews',
    tag: 'reviews',
    summary: 'List the held objects the caller may review',
    access: 'hub admins, and reviewers of the object’s community',
    query: { limit: { type: 'integer', minimum: 1, maximum: 1000 } },
    responses: {
      200: {
        description: 'Held objects',
        schema: { type: 'object', properties: { reviews: { type: 'array', items: { type: 'object' } } } },
      },
    },
  },
  {
    method: 'GET',
    path: '/api/v1/reviews/:id',
    tag: 'reviews',
    summary: 'One held object with its personal-data findings',
    access: 'hub admins, and reviewers of the object’s community',
    params: { id: 'Review item id' },
    responses: { 200: { description: 'The held object', schema: { type: 'object' } } },
  },
  {
    method: 'POST',
    path: '/api/v1/reviews/:id/:decision',
    tag: 'reviews',
    summary: 'Approve, redact or reject a held object',
    access: 'hub admins, and reviewers of the object’s community',
    params: { id: 'Review item id', decision: 'approve, redact or reject' },
    responses: { 200: { description: 'The decision taken', schema: { type: 'object' } } },
  },
  {
    method: 'GET',
    path: '/api/v1/pcii',
    tag: 'pcii',
    summary: 'List the protected (PCII) submissions the caller may validate',
    access: 'pcii-officers of the submission’s community (no hub-admin bypass, never tokens)',
    query: {
      state: { type: 'string', maxLength: 20, enum: ['pending', 'validated', 'rejected'] },
      limit: { type: 'integer', minimum: 1, maximum: 1000 },
    },
    responses: {
      200: {
        description: 'Protected submissions',
        schema: { type: 'object', properties: { submissions: { type: 'array', items: { type: 'object' } } } },
      },
    },
  },
  {
    method: 'GET',
    path: '/api/v1/pcii/:id',
    tag: 'pcii',
    summary: 'One protected submission with its object (the read is audited)',
    access: 'pcii-officers of the submission’s community',
    params: { id: 'PCII submission id' },
    responses: { 200: { description: 'The protected submission', schema: { type: 'object' } } },
  },
  {
    method: 'POST',
    path: '/api/v1/pcii/:id/:decision',
    tag: 'pcii',
    summary: 'Validate or reject a protected submission',
    access: 'pcii-officers of the submission’s community',
    params: { id: 'PCII submission id', decision: 'validate or reject' },
    requestBody: {
      type: 'object',
      description: 'Optional; `reason` is added to the status message',
      properties: { reason: { type: 'string' } },
    },
    responses: { 200: { description: 'The decision taken', schema: { type: 'object' } } },
  },
];

/** GET /api/v1/openapi.json itself. */
export const OPENAPI_OPERATION: ApiOperation = {
  method: 'GET',
  path: '/api/v1/openapi.json',
  tag: 'meta',
  summary: 'This OpenAPI 3.1 document',
  access: 'any authenticated principal (it describes routes, not data)',
  responses: { 200: { description: 'The OpenAPI document', schema: { type: 'object' } } },
};
