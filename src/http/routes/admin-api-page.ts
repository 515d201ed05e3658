import { HubError } from '../../core/index.js';
import type { InputSchema } from '../openapi-schema.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/** The query parameters of every list route, declared once for validation and the document. */
export const PAGE_QUERY: Readonly<Record<string, InputSchema>> = {
  limit: {
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    description: `Items per page (default ${DEFAULT_PAGE_SIZE})`,
  },
  next: { type: 'string', maxLength: 300, description: 'The `next` value of the previous page' },
};

export interface Page<T> {
  readonly items: T[];
  readonly more: boolean;
  readonly next?: string;
}

export interface Keyed {
  readonly id: string;
  readonly createdAt: number;
}

/**
 * One page of `records`, ordered by (creation time, id). `next` is an opaque keyset cursor
 * (the last key served), not an offset, so records added or removed while a client walks
 * the list never make it skip or repeat one.
 * @throws HubError CAIRN_BAD_QUERY_PARAMETER for a `limit` or `next` that is not ours.
 */
export function pageOf<R extends Keyed, T>(
  records: readonly R[],
  query: Readonly<Record<string, unknown>>,
  toResource: (record: R) => T,
): Page<T> {
  const limit = parseLimit(query.limit);
  const after = query.next === undefined ? undefined : parseCursor(query.next);
  const sorted = [...records].sort(compareKeys);
  const start = after === undefined ? 0 : sorted.findIndex((r) => compareKeys(r, after) > 0);
  const rest = start < 0 ? [] : sorted.slice(start);
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  const more = rest.length > limit && last !== undefined;
  return { items: page.map(toResource), more, ...(more ? { next: encodeCursor(last) } : {}) };
}

function compareKeys(a: Keyed, b: Keyed): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function encodeCursor(key: Keyed): string {
  return Buffer.from(JSON.stringify([key.createdAt, key.id])).toString('base64url');
}

function parseCursor(raw: unknown): Keyed {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(String(raw), 'base64url').toString('utf8')) as unknown[];
    if (Number.isSafeInteger(createdAt) && typeof id === 'string')
      return { createdAt: createdAt as number, id };
  } catch {
    // falls through to the error below
  }
  throw new HubError('CAIRN_BAD_QUERY_PARAMETER', '"next" is not a value this API returned', {
    details: { field: 'next' },
  });
}

function parseLimit(raw: unknown): number {
  if (raw === undefined) return DEFAULT_PAGE_SIZE;
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw new HubError(
      'CAIRN_BAD_QUERY_PARAMETER',
      `"limit" must be a whole number from 1 to ${MAX_PAGE_SIZE}`,
      {
        details: { field: 'limit' },
      },
    );
  }
  return n;
}
