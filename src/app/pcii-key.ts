import { readFileSync, statSync } from 'node:fs';
import type { Config } from '../config/index.js';
import { HubError } from '../core/index.js';

const BASE64_KEY = /^[A-Za-z0-9+/]{43}=$/;

/**
 * The AES-256 key of protected (PCII) submissions from the configuration (`pcii.key`, or
 * `pcii.keyFile` holding it as base64 or 32 raw bytes), or undefined when none is set: the
 * hub then refuses protected submissions. The key is never logged or echoed in errors.
 *
 * @throws HubError CAIRN_CONFIG_INVALID when the file is unreadable, readable by group or
 *   others, or does not hold a 32-byte key.
 */
export function pciiKeyOf(config: Config): Buffer | undefined {
  const { key, keyFile } = config.pcii;
  if (key !== undefined) return Buffer.from(key.trim(), 'base64');
  if (keyFile === undefined) return undefined;
  let raw: Buffer;
  try {
    // Like ssh with private keys: a key others may read is no secret any more.
    if (process.platform !== 'win32' && (statSync(keyFile).mode & 0o077) !== 0) {
      throw new HubError(
        'CAIRN_CONFIG_INVALID',
        `The PCII key file "${keyFile}" must not be readable by group or others (chmod 600)`,
      );
    }
    raw = readFileSync(keyFile);
  } catch (error) {
    if (error instanceof HubError) throw error;
    throw new HubError('CAIRN_CONFIG_INVALID', `Cannot read the PCII key file "${keyFile}"`, {
      cause: error,
    });
  }
  if (raw.length === 32) return raw;
  const text = raw.toString('utf8').trim();
  if (BASE64_KEY.test(text)) return Buffer.from(text, 'base64');
  throw new HubError(
    'CAIRN_CONFIG_INVALID',
    `The PCII key file "${keyFile}" must hold 32 bytes, raw or in base64`,
  );
}

/** The key as a store option (absent without one). */
export function pciiKeyOption(config: Config): { pciiKey?: Buffer } {
  const key = pciiKeyOf(config);
  return key === undefined ? {} : { pciiKey: key };
}
