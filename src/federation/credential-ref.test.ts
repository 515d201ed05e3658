import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCredentialRef, resolveCredential } from './credential-ref.js';

describe('credential references', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-credential-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts env:VAR_NAME and file:/absolute/path only, never a bare secret', () => {
    expect(checkCredentialRef('env:PEER_TOKEN')).toBe('env:PEER_TOKEN');
    expect(checkCredentialRef('file:/run/secrets/peer')).toBe('file:/run/secrets/peer');
    expect(checkCredentialRef('env:CAIRN_PEER_ISAC_TOKEN')).toBe('env:CAIRN_PEER_ISAC_TOKEN');
    for (const bad of [
      's3cret-token',
      'env:',
      'env:1BAD',
      'env:A B',
      'file:relative',
      'file:/',
      'https://x',
      // Cairn's own settings never leave the hub, whatever a peer record says.
      'env:CAIRN_ADMIN_PASSWORD',
      'env:CAIRN_DATABASE_URL',
      'env:CAIRN_PCII_KEY',
    ]) {
      expect(() => checkCredentialRef(bad), bad).toThrow(
        expect.objectContaining({ code: 'CAIRN_INVALID_INPUT' }),
      );
    }
  });

  it('reads the secret at resolution time, from the given environment or a file (trailing newline dropped)', async () => {
    expect(await resolveCredential('env:PEER_TOKEN', { PEER_TOKEN: 'abc' })).toBe('abc');
    const file = join(dir, 'secret');
    writeFileSync(file, 'from-file\n');
    expect(await resolveCredential(`file:${file}`, {})).toBe('from-file');
    writeFileSync(file, 'rotated\r\n');
    expect(await resolveCredential(`file:${file}`, {})).toBe('rotated');
  });

  it('reports an unset variable, an empty or unreadable file by reference only', async () => {
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    const cases: [string, RegExp][] = [
      ['env:UNSET_VAR', /env:UNSET_VAR is not set/],
      [`file:${empty}`, /is empty/],
      [`file:${join(dir, 'missing')}`, /cannot be read/],
    ];
    for (const [ref, message] of cases) {
      await expect(resolveCredential(ref, { UNSET_VAR: '' })).rejects.toMatchObject({
        code: 'CAIRN_PEER_CREDENTIAL_UNAVAILABLE',
        message: expect.stringMatching(message),
      });
    }
  });
});
