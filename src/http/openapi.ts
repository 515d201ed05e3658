import type { InputSchema } from './openapi-schema.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A JSON Schema: an input schema Cairn validates with, or a response shape it documents. */
export type JsonSchema = InputSchema | { readonly [key: string]: unknown };

/**
 * One operation of Cairn's own API, declared once: the admin routes register themselves
 * from these declarations, and the OpenAPI document is generated from the same list.
 */
export interface ApiOperation {
  readonly method: HttpMethod;
  /** The path as fastify routes it, e.g. `/api/v1/users/:user`. */
  readonly path: string;
  readonly summary: string;
  /** Who may call it, in words (docs/admin-api.md has the table). */
  readonly access: string;
  readonly tag: string;
  /** Path parameters: name → description. */
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, InputSchema>>;
  readonly requestBody?: JsonSchema;
  /** Success responses by status; the error responses are added to every operation. */
  readonly responses: Readonly<
    Record<
      number,
      {
        readonly description: string;
        readonly schema?: JsonSchema;
        /** The body's media type when it is not JSON (live streams: text/event-stream). */
        readonly mediaType?: string;
      }
    >
  >;
}

const ERROR_RESPONSES: Readonly<Record<string, string>> = {
  '400': 'Bad input; `details.field` names the field or parameter',
  '401': 'Missing or invalid credentials',
  '403': 'The caller can see the target but may not do this',
  '404': 'No such target, or one the caller may not see',
  '409': 'The name is taken',
  '413': 'The body is too large',
  '415': 'The body is not application/json',
};

/** The TAXII 2.1 error resource every error is sent as (src/http/taxii-error.ts). */
const ERROR_SCHEMA = {
  type: 'object',
  required: ['title', 'http_status'],
  properties: {
    title: { type: 'string' },
    description: { type: 'string' },
    error_id: { type: 'string' },
    error_code: { type: 'string' },
    http_status: { type: 'string' },
    details: { type: 'object' },
  },
};

/** `/api/v1/users/:user` → `/api/v1/users/{user}` (OpenAPI path templating). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

/**
 * The OpenAPI 3.1 description of `operations`. The TAXII 2.1 routes are described by their
 * own specification and only referenced (`externalDocs`).
 */
export function createOpenApiDocument(
  operations: readonly ApiOperation[],
  info: { readonly title: string; readonly version: string },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = openApiPath(op.path);
    paths[path] = { ...paths[path], [op.method.toLowerCase()]: describe(op) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${info.title}: Cairn API`,
      version: info.version,
      description:
        "Cairn's own JSON API: administration, matching and the privacy review queue. The TAXII 2.1 API (discovery at /taxii2/) is described by the TAXII 2.1 specification.",
    },
    externalDocs: {
      description: 'TAXII 2.1 (served at /taxii2/ and under each API root)',
      url: 'https://docs.oasis-open.org/cti/taxii/v2.1/taxii-v2.1.html',
    },
    security: [{ basic: [] }, { bearer: [] }],
    components: {
      securitySchemes: {
        basic: { type: 'http', scheme: 'basic' },
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token' },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
    paths,
  };
}

function describe(op: ApiOperation): Record<string, unknown> {
  const parameters = [
    ...Object.entries(op.params ?? {}).map(([name, description]) => ({
      name,
      in: 'path',
      required: true,
      description,
      schema: { type: 'string', maxLength: 200 },
    })),
    ...Object.entries(op.query ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: false,
      schema,
    })),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(op.responses)) {
    responses[status] =
      r.schema === undefined
        ? { description: r.description }
        : {
            description: r.description,
            content: { [r.mediaType ?? 'application/json']: { schema: r.schema } },
          };
  }
  for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
    responses[status] ??= {
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return {
    operationId: `${op.method.toLowerCase()}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ?? '').toUpperCase())}`,
    summary: op.summary,
    description: `Who may call it: ${op.access}.`,
    tags: [op.tag],
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(op.requestBody === undefined
      ? {}
      : { requestBody: { required: true, content: { 'application/json': { schema: op.requestBody } } } }),
    responses,
  };
}
