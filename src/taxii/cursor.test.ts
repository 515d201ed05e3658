import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isHubError } from '../core/index.js';
import { type CursorPayload, decodeCursor, encodeCursor } from './cursor.js';

const key = randomBytes(32);
const scope = { c: 'coll', e: 'objects', q: 'digest', p: 'user:1' } as const;
const payload: CursorPayload = { ...scope, a: 5, d: 1_700_000_000_000_000, s: 42 };

function rejects(work: () => unknown): boolean {
  try {
    work();
    return false;
  } catch (error) {
    return isHubError(error) && error.code === 'CAIRN_BAD_QUERY_PARAMETER';
  }
}

describe('cursor', () => {
  it('round-trips a payload for the same scope', () => {
    expect(decodeCursor(encodeCursor(payload, key), key, scope)).toEqual(payload);
  });

  it('T016 refuses a cursor issued to another principal, collection, endpoint or query', () => {
    const next = encodeCursor(payload, key);
    expect(rejects(() => decodeCursor(next, key, { ...scope, p: 'user:2' }))).toBe(true);
    expect(rejects(() => decodeCursor(next, key, { ...scope, c: 'other' }))).toBe(true);
    expect(rejects(() => decodeCursor(next, key, { ...scope, e: 'manifest' }))).toBe(true);
    expect(rejects(() => decodeCursor(next, key, { ...scope, q: 'changed' }))).toBe(true);
  });

  it('refuses a tampered, forged or oversized cursor', () => {
    const next = encodeCursor(payload, key);
    const [body, mac] = next.split('.') as [string, string];
    const forgedBody = Buffer.from(JSON.stringify({ ...payload, d: 0 })).toString('base64url');
    expect(rejects(() => decodeCursor(`${forgedBody}.${mac}`, key, scope))).toBe(true);
    expect(rejects(() => decodeCursor(`${body}.${mac.slice(1)}`, key, scope))).toBe(true);
    expect(rejects(() => decodeCursor(encodeCursor(payload, randomBytes(32)), key, scope))).toBe(true);
    expect(rejects(() => decodeCursor('not-a-cursor', key, scope))).toBe(true);
    expect(rejects(() => decodeCursor('x'.repeat(5000), key, scope))).toBe(true);
  });
});
