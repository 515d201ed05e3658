import { describe, expect, it } from 'vitest';
import { redactUrl } from './log-serializers.js';

describe('redactUrl', () => {
  it('masks secret-looking query parameters and keeps TAXII filters', () => {
    expect(redactUrl('/hub/collections/x/objects/?match[type]=indicator&limit=5')).toBe(
      '/hub/collections/x/objects/?match[type]=indicator&limit=5',
    );
    expect(redactUrl('/taxii2/?password=hunter2&api_key=k&access_token=t&limit=1')).toBe(
      '/taxii2/?password=[redacted]&api_key=[redacted]&access_token=[redacted]&limit=1',
    );
    expect(redactUrl('/taxii2/?%70assword=x')).toBe('/taxii2/?%70assword=[redacted]');
    expect(redactUrl('/taxii2/')).toBe('/taxii2/');
  });
});
