import { describe, expect, it } from 'vitest';
import { issueToken, tryParseToken } from './api-token.js';
import { hashSecret, verifySecret } from './password-hash.js';

describe('hashSecret', () => {
  it('stores only a salted scrypt hash that verifies the secret and nothing else', async () => {
    const hash = await hashSecret('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain('correct');
    expect(await verifySecret('correct horse battery staple', hash)).toBe(true);
    expect(await verifySecret('correct horse battery stapl', hash)).toBe(false);
    expect(await hashSecret('correct horse battery staple')).not.toBe(hash);
  });

  it('rejects malformed or abusive hashes without throwing', async () => {
    expect(await verifySecret('x', 'plain')).toBe(false);
    expect(await verifySecret('x', 'scrypt$0$8$1$AA$AA')).toBe(false);
    expect(await verifySecret('x', `scrypt$${2 ** 30}$8$1$AA$AA`)).toBe(false);
  });
});

describe('API tokens', () => {
  it('issues tokens that parse back into id and secret', () => {
    const issued = issueToken();
    expect(tryParseToken(issued.token)).toEqual({ id: issued.id, secret: issued.secret });
    expect(issueToken().token).not.toBe(issued.token);
  });

  it('does not take passwords for tokens', () => {
    expect(tryParseToken('hunter2')).toBeUndefined();
    expect(tryParseToken('cairn_short_secret')).toBeUndefined();
  });
});
