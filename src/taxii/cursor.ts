import { createHmac, timingSafeEqual } from 'node:crypto';
import { HubError } from '../core/index.js';

/**
 * The opaque `next` value (checklist T016, A10): a signed, stateless cursor. It binds the
 * page position to the collection, endpoint, object, query and caller it was issued for,
 * so a forged, altered or foreign `next` is refused with 400 instead of exposing anything.
 */
export interface CursorPayload {
  /** Collection id. */
  readonly c: string;
  /** Endpoint: objects, manifest, object, versions. */
  readonly e: string;
  /** Object id for the per-object endpoints. */
  readonly o?: string;
  /** Digest of the query filters (not limit, not added_after). */
  readonly q: string;
  /** Principal id. */
  readonly p: string;
  /** The added_after of the first page, which `next` carries forward. */
  readonly a?: number;
  /** Position: date_added and seq of the last item sent. */
  readonly d: number;
  readonly s: number;
}

const MAX_CURSOR_LENGTH = 2048;

export function encodeCursor(payload: CursorPayload, key: Buffer): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(body, key)}`;
}

/**
 * Verifies and decodes a cursor, checking it was issued for `expected`.
 * @throws HubError CAIRN_BAD_QUERY_PARAMETER when it is malformed, forged or foreign.
 */
export function decodeCursor(
  text: string,
  key: Buffer,
  expected: Omit<CursorPayload, 'a' | 'd' | 's'>,
): CursorPayload {
  const invalid = () =>
    new HubError('CAIRN_BAD_QUERY_PARAMETER', 'The "next" value is not valid for this request', {
      details: { parameter: 'next' },
    });
  if (text.length > MAX_CURSOR_LENGTH) throw invalid();
  const dot = text.indexOf('.');
  if (dot < 0) throw invalid();
  const body = text.slice(0, dot);
  const mac = Buffer.from(text.slice(dot + 1), 'base64url');
  const good = Buffer.from(sign(body, key), 'base64url');
  if (mac.length !== good.length || !timingSafeEqual(mac, good)) throw invalid();
  let payload: CursorPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as CursorPayload;
  } catch {
    throw invalid();
  }
  if (
    payload.c !== expected.c ||
    payload.e !== expected.e ||
    payload.o !== expected.o ||
    payload.q !== expected.q ||
    payload.p !== expected.p ||
    !Number.isSafeInteger(payload.d) ||
    !Number.isSafeInteger(payload.s)
  ) {
    throw invalid();
  }
  return payload;
}

function sign(body: string, key: Buffer): string {
  return createHmac('sha256', key).update(body).digest().subarray(0, 16).toString('base64url');
}
