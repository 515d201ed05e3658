import { describe, expect, it } from 'vitest';
import { HubError } from '../../core/index.js';
import { toPgPlaceholders } from './pg-database.js';
import { translatePgError } from './translate-pg-error.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('translatePgError', () => {
  it.each([
    ['23505', 'CAIRN_CONFLICT'],
    ['23503', 'CAIRN_CONFLICT'],
    ['57014', 'CAIRN_STORE_UNAVAILABLE'],
    ['57P01', 'CAIRN_STORE_UNAVAILABLE'],
    ['08006', 'CAIRN_STORE_UNAVAILABLE'],
    ['53300', 'CAIRN_STORE_UNAVAILABLE'],
    ['40P01', 'CAIRN_STORE_UNAVAILABLE'],
    ['ECONNREFUSED', 'CAIRN_STORE_UNAVAILABLE'],
    ['ECONNRESET', 'CAIRN_STORE_UNAVAILABLE'],
    ['42P01', 'CAIRN_INTERNAL'],
  ])('maps %s to %s, keeping the driver error as cause', (code, expected) => {
    const error = withCode(code);
    const translated = translatePgError(error);
    expect(translated.code).toBe(expected);
    expect(translated.cause).toBe(error);
  });

  it('recognises pg connection failures that carry no code', () => {
    expect(translatePgError(new Error('Connection terminated unexpectedly')).code).toBe(
      'CAIRN_STORE_UNAVAILABLE',
    );
    expect(translatePgError(new Error('timeout exceeded when trying to connect')).code).toBe(
      'CAIRN_STORE_UNAVAILABLE',
    );
    // Issue 6: the client-side query_timeout fires when the server never answers.
    expect(translatePgError(new Error('Query read timeout')).code).toBe('CAIRN_STORE_UNAVAILABLE');
  });

  it('passes HubErrors through unchanged', () => {
    const error = new HubError('CAIRN_COLLECTION_NOT_FOUND');
    expect(translatePgError(error)).toBe(error);
  });
});

describe('toPgPlaceholders', () => {
  it('numbers placeholders in order', () => {
    expect(toPgPlaceholders('a = ? AND b IN (?, ?)')).toBe('a = $1 AND b IN ($2, $3)');
  });
});
