import { HubError, isHubError } from '../../core/index.js';

/** Node socket errors that mean the server cannot be reached (or went away mid-query). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * SQLSTATEs after which a retry later can succeed: the server is shutting down, restarting,
 * out of connections or resources, or cancelled the statement (statement_timeout is 57014),
 * or the transaction lost a deadlock or serialization race.
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '57014', '55P03', '40001', '40P01']);

/**
 * Turns a `pg` error into a HubError at the adapter boundary, so no driver error escapes
 * `store/` (STYLE.md §4). Class 23 (integrity constraint) is CAIRN_CONFLICT, as every
 * SQLITE_CONSTRAINT is in the SQLite adapter; connection failures, server shutdowns and
 * statement timeouts are CAIRN_STORE_UNAVAILABLE (HTTP 503, retry later); anything else is
 * a bug, CAIRN_INTERNAL. The driver error is kept as `cause`, for the log only.
 */
export function translatePgError(error: unknown): HubError {
  if (isHubError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (code.startsWith('23')) {
      return new HubError('CAIRN_CONFLICT', 'The record already exists', { cause: error });
    }
    if (code === '57014') {
      return new HubError('CAIRN_STORE_UNAVAILABLE', 'The database did not answer in time', { cause: error });
    }
    if (
      NETWORK_CODES.has(code) ||
      UNAVAILABLE_STATES.has(code) ||
      // 08: connection exception, 53: insufficient resources (too many connections),
      // 28: authentication failed, 3D: no such database: all mean "cannot use the store now".
      /^(08|53|28|3D)/.test(code)
    ) {
      return new HubError('CAIRN_STORE_UNAVAILABLE', 'The database is unavailable', { cause: error });
    }
  }
  if (error instanceof Error && isConnectionMessage(error.message)) {
    return new HubError('CAIRN_STORE_UNAVAILABLE', 'The database is unavailable', { cause: error });
  }
  return new HubError('CAIRN_INTERNAL', 'Store operation failed', { cause: error });
}

/**
 * `pg` reports a lost or timed-out connection with a plain Error and no code. `Query read
 * timeout` is the client-side query_timeout: the server did not answer at all (a network
 * black hole), which statement_timeout cannot catch.
 */
function isConnectionMessage(message: string): boolean {
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|Client was closed|Cannot use a pool after calling end|Query read timeout/i.test(
    message,
  );
}
