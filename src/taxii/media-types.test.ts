import { describe, expect, it } from 'vitest';
import { acceptsTaxii21, isTaxii21ContentType } from './media-types.js';

describe('acceptsTaxii21', () => {
  it.each([
    ['application/taxii+json;version=2.1'],
    ['application/taxii+json; version="2.1"'],
    ['application/taxii+json'],
    ['APPLICATION/TAXII+JSON;VERSION=2.1'],
    ['application/taxii+json;version=2.1,application/stix+json;version=2.1'],
    ['*/*'],
    ['application/*'],
    ['application/json, text/plain, */*'],
    [undefined],
    [''],
  ])('T024/A15 serves TAXII 2.1 for Accept %s', (accept) => {
    expect(acceptsTaxii21(accept)).toBe(true);
  });

  it.each([
    ['application/xml'],
    ['application/taxii+json;version=2.0'],
    ['application/vnd.oasis.taxii+json; version=2.0'],
    ['application/taxii+json;version=2.1;q=0'],
    ['text/html'],
    ['garbage'],
  ])('T025 refuses Accept %s', (accept) => {
    expect(acceptsTaxii21(accept)).toBe(false);
  });
});

describe('isTaxii21ContentType', () => {
  it('T026 accepts the endpoint media type with or without version', () => {
    expect(isTaxii21ContentType('application/taxii+json;version=2.1')).toBe(true);
    expect(isTaxii21ContentType('application/taxii+json; version=2.1; charset=utf-8')).toBe(true);
    expect(isTaxii21ContentType('application/taxii+json')).toBe(true);
  });

  it('refuses other types and versions', () => {
    expect(isTaxii21ContentType(undefined)).toBe(false);
    expect(isTaxii21ContentType('application/json')).toBe(false);
    expect(isTaxii21ContentType('application/taxii+json;version=2.0')).toBe(false);
    expect(isTaxii21ContentType('text/plain')).toBe(false);
  });
});
