/**
 * The closed set of error codes Cairn raises. Each code has a default message; `http/`
 * maps every code to an HTTP status, and `docs/errors.md` documents each one (sync-tested).
 */
export const ERROR_CODES = {
  CAIRN_BAD_QUERY_PARAMETER: 'A query parameter is malformed',
  CAIRN_BAD_REQUEST: 'The request is malformed',
  CAIRN_UNAUTHENTICATED: 'Authentication is required',
  CAIRN_FORBIDDEN: 'The caller lacks the permission for this operation',
  CAIRN_NOT_FOUND: 'Cannot find the resource',
  CAIRN_API_ROOT_NOT_FOUND: 'Cannot find the API root',
  CAIRN_COLLECTION_NOT_FOUND: 'Cannot find the collection',
  CAIRN_OBJECT_NOT_FOUND: 'Cannot find the object',
  CAIRN_STATUS_NOT_FOUND: 'Cannot find the status',
  CAIRN_METHOD_NOT_ALLOWED: 'The method is not allowed on this resource',
  CAIRN_NOT_ACCEPTABLE: 'The Accept header names no supported TAXII media type',
  CAIRN_UNSUPPORTED_MEDIA_TYPE: 'The Content-Type is not a supported TAXII media type',
  CAIRN_PAYLOAD_TOO_LARGE: 'The request body is larger than the API root allows',
  CAIRN_INVALID_ENVELOPE: 'The request body is not a valid TAXII envelope',
  CAIRN_INVALID_INPUT: 'The input is invalid',
  CAIRN_PATTERN_SYNTAX: 'The pattern is not valid STIX patterning',
  CAIRN_CONFLICT: 'The resource already exists or changed concurrently',
  CAIRN_TOO_MANY_REQUESTS: 'Too many requests',
  CAIRN_CONFIG_INVALID: 'The configuration is invalid',
  CAIRN_STORE_UNAVAILABLE: 'The store is unavailable',
  CAIRN_SERVER_BUSY: 'The server is at capacity',
  CAIRN_SCHEMA_MISMATCH: 'The database schema is not the version this Cairn needs',
  CAIRN_PEER_UNAVAILABLE: 'The federation peer could not be reached',
  CAIRN_PEER_REFUSED: 'The federation peer refused the request',
  CAIRN_PEER_INVALID_RESPONSE: 'The federation peer sent an invalid response',
  CAIRN_PEER_CREDENTIAL_UNAVAILABLE: "The federation peer's credential cannot be read",
  CAIRN_INTERNAL: 'Internal error',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Every code, in declaration order. */
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];
