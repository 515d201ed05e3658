import { readFile } from 'node:fs/promises';
import { HubError } from '../core/index.js';

/** Environment variables the credential references may name (the CLI passes its own). */
export type CredentialEnv = Readonly<Record<string, string | undefined>>;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/**
 * Cairn's own settings (the admin password, the database URL, the PCII key) are never sent to
 * a peer: a mistyped or malicious reference must not hand them to a remote server.
 */
const OWN_SETTING = /^CAIRN_(?!PEER_)/;

/**
 * Checks a credential reference: `env:VAR_NAME` or `file:/absolute/path`. Peers store the
 * reference, never the secret (docs/federation.md "Security").
 * @throws HubError CAIRN_INVALID_INPUT for anything else.
 */
export function checkCredentialRef(ref: string): string {
  if (ref.startsWith('env:') && ENV_NAME.test(ref.slice(4)) && !OWN_SETTING.test(ref.slice(4))) return ref;
  if (ref.startsWith('file:/') && ref.length > 6 && !ref.includes('\u0000')) return ref;
  throw new HubError(
    'CAIRN_INVALID_INPUT',
    "A credential must be a reference, env:VAR_NAME (not one of Cairn's own CAIRN_ settings; CAIRN_PEER_ names are fine) or file:/absolute/path, never the secret itself",
  );
}

/**
 * The secret a reference names, read now (so a rotated secret applies at the next round).
 * Trailing newlines of a file are dropped. Messages name the reference, never its value.
 * @throws HubError CAIRN_PEER_CREDENTIAL_UNAVAILABLE when unset, empty or unreadable.
 */
export async function resolveCredential(ref: string, env: CredentialEnv): Promise<string> {
  const unavailable = (why: string, cause?: unknown) =>
    new HubError('CAIRN_PEER_CREDENTIAL_UNAVAILABLE', `The credential ${ref} ${why}`, { cause });
  checkCredentialRef(ref);
  if (ref.startsWith('env:')) {
    const value = env[ref.slice(4)];
    if (value === undefined || value === '') throw unavailable('is not set');
    return value;
  }
  let text: string;
  try {
    text = await readFile(ref.slice(5), 'utf8');
  } catch (error) {
    throw unavailable('cannot be read', error);
  }
  const secret = text.replace(/[\r\n]+$/, '');
  if (secret === '') throw unavailable('is empty');
  return secret;
}
