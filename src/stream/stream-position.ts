import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { HubError } from '../core/index.js';
import type { Cursor } from '../store/index.js';

/** What a resume token is bound to: the stream it was issued on. */
export interface StreamBinding {
  readonly collectionId: string;
  /** `kind:id` of the principal. */
  readonly principal: string;
  /** Digest of the stream's filters. */
  readonly filters: string;
}

/**
 * The `id:` of a stream event, which SSE clients send back as `Last-Event-ID` to resume. It
 * is sealed (AES-256-GCM), not just signed: the first one a stream sends is the collection's
 * tail, which may be the position of a version the reader may not see, and even its time must
 * not leak. A token opens only for the stream it was issued on; the reader's rights are
 * checked again on every use, like a TAXII `next`.
 */
export interface PositionSeal {
  seal(binding: StreamBinding, position: Cursor): string;
  /** @throws HubError CAIRN_BAD_QUERY_PARAMETER when the token is malformed, forged or foreign. */
  open(token: string, binding: StreamBinding): Cursor;
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const MAX_TOKEN_LENGTH = 1024;

/** Seals with a key derived from the hub's cursor key, so every node opens every token. */
export function createPositionSeal(cursorKey: Buffer): PositionSeal {
  const key = createHmac('sha256', cursorKey).update('cairn stream position v1').digest();
  const invalid = () =>
    new HubError('CAIRN_BAD_QUERY_PARAMETER', 'The Last-Event-ID is not valid for this stream', {
      details: { parameter: 'Last-Event-ID' },
    });
  return {
    seal(binding, position) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(associatedData(binding));
      const body = Buffer.concat([
        cipher.update(JSON.stringify([position.dateAdded, position.seq])),
        cipher.final(),
      ]);
      return Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(token, binding) {
      if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid();
      const raw = Buffer.from(token, 'base64url');
      if (raw.length <= NONCE_BYTES + TAG_BYTES) throw invalid();
      let value: unknown;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES));
        decipher.setAAD(associatedData(binding));
        decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)),
          decipher.final(),
        ]);
        value = JSON.parse(plain.toString('utf8')) as unknown;
      } catch {
        throw invalid();
      }
      if (
        !Array.isArray(value) ||
        value.length !== 2 ||
        !value.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)
      )
        throw invalid();
      return { dateAdded: value[0] as number, seq: value[1] as number };
    },
  };
}

function associatedData(binding: StreamBinding): Buffer {
  return Buffer.from(JSON.stringify([binding.collectionId, binding.principal, binding.filters]));
}
