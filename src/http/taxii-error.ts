import { ERROR_CODES, type ErrorCode, isHubError } from '../core/index.js';
import type { ErrorResource } from '../taxii/index.js';

/** HTTP status and title of every error code; the compiler rejects a code without one. */
const STATUS: Record<ErrorCode, number> = {
  CAIRN_BAD_QUERY_PARAMETER: 400,
  CAIRN_BAD_REQUEST: 400,
  CAIRN_INVALID_ENVELOPE: 400,
  CAIRN_INVALID_INPUT: 400,
  CAIRN_PATTERN_SYNTAX: 400,
  CAIRN_UNAUTHENTICATED: 401,
  CAIRN_FORBIDDEN: 403,
  CAIRN_NOT_FOUND: 404,
  CAIRN_API_ROOT_NOT_FOUND: 404,
  CAIRN_COLLECTION_NOT_FOUND: 404,
  CAIRN_OBJECT_NOT_FOUND: 404,
  CAIRN_STATUS_NOT_FOUND: 404,
  CAIRN_METHOD_NOT_ALLOWED: 405,
  CAIRN_NOT_ACCEPTABLE: 406,
  CAIRN_CONFLICT: 409,
  CAIRN_PAYLOAD_TOO_LARGE: 413,
  CAIRN_UNSUPPORTED_MEDIA_TYPE: 415,
  CAIRN_TOO_MANY_REQUESTS: 429,
  CAIRN_CONFIG_INVALID: 500,
  CAIRN_SCHEMA_MISMATCH: 500,
  CAIRN_INTERNAL: 500,
  CAIRN_PEER_CREDENTIAL_UNAVAILABLE: 500,
  CAIRN_PEER_UNAVAILABLE: 502,
  CAIRN_PEER_REFUSED: 502,
  CAIRN_PEER_INVALID_RESPONSE: 502,
  CAIRN_STORE_UNAVAILABLE: 503,
  CAIRN_SERVER_BUSY: 503,
};

/** Fastify's own errors that reach the handler, mapped onto ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'CAIRN_PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'CAIRN_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'CAIRN_BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'CAIRN_INVALID_ENVELOPE',
  FST_ERR_CTP_INVALID_JSON_BODY: 'CAIRN_INVALID_ENVELOPE',
};

export interface MappedError {
  readonly status: number;
  readonly code: ErrorCode;
  readonly body: ErrorResource;
}

/**
 * The one mapping from any thrown value to a TAXII error resource (§3.6.1). Only HubError
 * messages are shown; anything else becomes a generic 500 whose details stay in the log.
 */
export function toTaxiiError(error: unknown, requestId: string): MappedError {
  let code: ErrorCode = 'CAIRN_INTERNAL';
  let description: string = ERROR_CODES.CAIRN_INTERNAL;
  let details: Readonly<Record<string, unknown>> | undefined;
  if (isHubError(error)) {
    code = error.code;
    description = error.message;
    details = error.details;
  } else {
    const fastifyCode = (error as { code?: unknown } | null)?.code;
    if (typeof fastifyCode === 'string' && fastifyCode in FASTIFY_CODES) {
      code = FASTIFY_CODES[fastifyCode] as ErrorCode;
      description = ERROR_CODES[code];
    }
  }
  const status = STATUS[code];
  return {
    status,
    code,
    body: {
      title: ERROR_CODES[code],
      description,
      error_id: requestId,
      error_code: code,
      http_status: String(status),
      ...(details === undefined ? {} : { details }),
    },
  };
}

/** The HTTP status of a code (for tests and the CLI). */
export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}
