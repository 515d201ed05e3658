import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODE_LIST, HubError } from '../core/index.js';
import { statusOf, toTaxiiError } from './taxii-error.js';

describe('toTaxiiError', () => {
  it('documents every error code in docs/errors.md, and nothing else', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const headings = [...doc.matchAll(/^## (CAIRN_[A-Z_]+)$/gm)].map((m) => m[1]);
    expect([...headings].sort()).toEqual([...ERROR_CODE_LIST].sort());
  });

  it('documents the HTTP status of each code as the mapping sends it', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    for (const code of ERROR_CODE_LIST) {
      const section = doc.split(`## ${code}\n`)[1]?.split('\n## ')[0] ?? '';
      const documented = /HTTP (\d{3})/.exec(section)?.[1];
      if (documented !== undefined) expect(Number(documented), code).toBe(statusOf(code));
    }
  });

  it('T094 builds an error resource whose http_status is the status as a string', () => {
    const mapped = toTaxiiError(
      new HubError('CAIRN_COLLECTION_NOT_FOUND', 'Cannot find collection "x"'),
      'req-1',
    );
    expect(mapped.status).toBe(404);
    expect(mapped.body).toEqual({
      title: 'Cannot find the collection',
      description: 'Cannot find collection "x"',
      error_id: 'req-1',
      error_code: 'CAIRN_COLLECTION_NOT_FOUND',
      http_status: '404',
    });
  });

  it('never shows the message of an unexpected error', () => {
    const mapped = toTaxiiError(new Error('SQLITE_CORRUPT at /secret/path'), 'req-2');
    expect(mapped.status).toBe(500);
    expect(JSON.stringify(mapped.body)).not.toContain('secret');
  });

  it('maps fastify body-size errors to 413', () => {
    const err = Object.assign(new Error('too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(toTaxiiError(err, 'r').status).toBe(413);
  });
});
