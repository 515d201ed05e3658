import { HubError, isHubError } from '../../core/index.js';

/**
 * Turns a better-sqlite3 error into a HubError at the adapter boundary, so no driver error
 * escapes `store/` (STYLE.md §4).
 */
export function translateSqliteError(error: unknown): HubError {
  if (isHubError(error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code.startsWith('SQLITE_CONSTRAINT')) {
      return new HubError('CAIRN_CONFLICT', 'The record already exists', { cause: error });
    }
    if (
      code === 'SQLITE_BUSY' ||
      code === 'SQLITE_LOCKED' ||
      code === 'SQLITE_CANTOPEN' ||
      code === 'SQLITE_IOERR' ||
      code === 'SQLITE_FULL'
    ) {
      return new HubError('CAIRN_STORE_UNAVAILABLE', 'The store is busy or unavailable', { cause: error });
    }
  }
  return new HubError('CAIRN_INTERNAL', 'Store operation failed', { cause: error });
}

/** Runs `work`, translating any driver error. Async so callers see one promise-shaped API. */
export async function guarded<T>(work: () => T): Promise<T> {
  try {
    return work();
  } catch (error) {
    throw translateSqliteError(error);
  }
}
