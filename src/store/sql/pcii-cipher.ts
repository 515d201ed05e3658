import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HubError } from '../../core/index.js';

/** Marks a sealed body: stored JSON always starts with `{`, so the two cannot be confused. */
const PREFIX = 'pcii1:';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Which stored version a body belongs to: bound into every ciphertext as associated data. */
export interface VersionIdentity {
  readonly collectionId: string;
  readonly stixId: string;
  readonly version: string;
}

/**
 * Encryption at rest of protected (PCII) bodies: AES-256-GCM with a random 96-bit nonce per
 * value and the version's identity as associated data, so a ciphertext copied into another
 * row (another object, version or collection) fails authentication instead of decrypting.
 */
export interface PciiCipher {
  seal(plain: string, identity: VersionIdentity): string;
  /** @throws HubError CAIRN_INTERNAL when the value was tampered with or sealed under another key. */
  open(sealed: string, identity: VersionIdentity): string;
}

/** Whether a stored body is sealed (a protected version's) rather than plain JSON. */
export function isSealed(text: string): boolean {
  return text.startsWith(PREFIX);
}

/** @throws RangeError unless the key is 32 bytes (AES-256). */
export function createPciiCipher(key: Buffer): PciiCipher {
  if (key.length !== 32) throw new RangeError('The PCII key must be 32 bytes');
  const secret = Buffer.from(key);
  return {
    seal(plain, identity) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secret, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(associatedData(identity));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
    },
    open(sealed, identity) {
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', secret, raw.subarray(0, NONCE_BYTES), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(associatedData(identity));
        decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
        const body = raw.subarray(NONCE_BYTES, raw.length - TAG_BYTES);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch (error) {
        // Never the key, the nonce or the text: only which version failed.
        throw new HubError(
          'CAIRN_INTERNAL',
          `Cannot decrypt protected version "${identity.stixId}" "${identity.version}"`,
          { cause: error },
        );
      }
    },
  };
}

/** A JSON array: no two identities share one encoding. */
function associatedData(identity: VersionIdentity): Buffer {
  return Buffer.from(
    JSON.stringify(['cairn-pcii-v1', identity.collectionId, identity.stixId, identity.version]),
    'utf8',
  );
}

/**
 * The cipher. The add-objects use case refuses protected submissions on a hub without a key
 * before they reach the store, so its absence here is a programming error: nothing protected
 * is ever stored in the clear. @throws HubError CAIRN_INTERNAL
 */
export function requireCipher(cipher: PciiCipher | undefined): PciiCipher {
  if (cipher === undefined)
    throw new HubError('CAIRN_INTERNAL', 'No PCII key: a protected version cannot be stored');
  return cipher;
}

/**
 * The bodies to store for one version: sealed when it is protected, as prepared otherwise.
 * @throws HubError CAIRN_INTERNAL for a protected version without a key.
 */
export function sealedBodies(
  cipher: PciiCipher | undefined,
  obj: {
    readonly json: string;
    readonly anonymisedJson?: string;
    readonly envelope: { readonly pcii?: string };
  },
  identity: VersionIdentity,
): { readonly json: string; readonly anonymisedJson?: string } {
  if (obj.envelope.pcii === undefined) return obj;
  const c = requireCipher(cipher);
  return {
    json: c.seal(obj.json, identity),
    ...(obj.anonymisedJson === undefined ? {} : { anonymisedJson: c.seal(obj.anonymisedJson, identity) }),
  };
}
