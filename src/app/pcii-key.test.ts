import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { pciiKeyOf } from './pcii-key.js';

describe('pciiKeyOf (docs/configuration.md pcii.key, pcii.keyFile)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-pcii-key-'));
  afterEach(() => rmSync(join(dir, 'key'), { force: true }));
  const withFile = (content: string | Buffer, mode = 0o600) => {
    const path = join(dir, 'key');
    writeFileSync(path, content);
    chmodSync(path, mode);
    return loadConfig({ flags: { 'pcii.keyFile': path } });
  };

  it('is undefined without a key: the hub then refuses protected submissions', () => {
    expect(pciiKeyOf(loadConfig({}))).toBeUndefined();
  });

  it('decodes a key given directly, or a file holding it in base64 or as 32 raw bytes', () => {
    const key = randomBytes(32);
    expect(pciiKeyOf(loadConfig({ env: { CAIRN_PCII_KEY: key.toString('base64') } }))?.equals(key)).toBe(
      true,
    );
    expect(pciiKeyOf(withFile(`${key.toString('base64')}\n`))?.equals(key)).toBe(true);
    expect(pciiKeyOf(withFile(key))?.equals(key)).toBe(true);
  });

  it('refuses a file others may read, a file without a key, and a missing file, never echoing the key', () => {
    const key = randomBytes(32).toString('base64');
    expect(() => pciiKeyOf(withFile(key, 0o644))).toThrow(/chmod 600/);
    expect(() => pciiKeyOf(withFile('not a key'))).toThrow(
      expect.objectContaining({ code: 'CAIRN_CONFIG_INVALID' }),
    );
    expect(() => pciiKeyOf(loadConfig({ flags: { 'pcii.keyFile': join(dir, 'absent') } }))).toThrow(
      /Cannot read/,
    );
    try {
      pciiKeyOf(withFile(key.slice(0, 20)));
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(key.slice(0, 20));
    }
  });
});
