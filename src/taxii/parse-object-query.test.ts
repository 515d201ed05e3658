import { describe, expect, it } from 'vitest';
import { isHubError } from '../core/index.js';
import { parseObjectQuery, type RawQuery } from './parse-object-query.js';

const limits = { defaultPageSize: 100, maxPageSize: 1000, maxMatchValues: 5 };
const parse = (q: RawQuery, set: 'objects' | 'object' | 'versions' | 'delete' = 'objects') =>
  parseObjectQuery(q, set, limits);

function badParameter(q: RawQuery): string | undefined {
  try {
    parse(q);
  } catch (error) {
    if (isHubError(error) && error.code === 'CAIRN_BAD_QUERY_PARAMETER')
      return error.details?.parameter as string;
    throw error;
  }
  return undefined;
}

describe('parseObjectQuery', () => {
  it('T080/T132 defaults to the latest version, the default page size and no filters', () => {
    const q = parse({});
    expect(q.versions).toEqual({ all: false, first: false, last: true, keys: [] });
    expect(q.limit).toBe(100);
    expect(q.ids).toBeUndefined();
    expect(q.types).toBeUndefined();
    expect(q.specVersions).toBeUndefined();
  });

  it('T069/T071 clamps limit to the server cap and refuses non-positive values', () => {
    expect(parse({ limit: '5000' }).limit).toBe(1000);
    expect(parse({ limit: '7' }).limit).toBe(7);
    for (const bad of ['0', '-1', '1.5', 'ten', '', '1e3'])
      expect(badParameter({ limit: bad })).toBe('limit');
  });

  it('T067 parses added_after as microseconds and refuses non-UTC or malformed values', () => {
    expect(parse({ added_after: '2026-01-01T00:00:00.000001Z' }).addedAfter).toBe(
      Date.UTC(2026, 0, 1) * 1000 + 1,
    );
    for (const bad of ['2026-01-01', '2026-01-01T00:00:00+01:00', '2026-01-01T00:00:00 01:00', 'yesterday']) {
      expect(badParameter({ added_after: bad })).toBe('added_after');
    }
  });

  it('T081 accepts first, last and distinct timestamps, and all alone', () => {
    expect(parse({ 'match[version]': 'first,last' }).versions).toEqual({
      all: false,
      first: true,
      last: true,
      keys: [],
    });
    expect(parse({ 'match[version]': 'all' }).versions.all).toBe(true);
    const keyed = parse({ 'match[version]': '2016-01-01T01:01:01Z,first' }).versions;
    expect(keyed).toEqual({ all: false, first: true, last: false, keys: ['2016-01-01T01:01:01.000000000Z'] });
  });

  it('T081 refuses all combined, repeated values and bad timestamps', () => {
    expect(badParameter({ 'match[version]': 'all,first' })).toBe('match[version]');
    expect(badParameter({ 'match[version]': 'last,last' })).toBe('match[version]');
    expect(badParameter({ 'match[version]': 'latest' })).toBe('match[version]');
  });

  it('A7 compares version timestamps as instants', () => {
    const a = parse({ 'match[version]': '2016-01-01T01:01:01Z' }).versions.keys;
    const b = parse({ 'match[version]': '2016-01-01T01:01:01.000Z' }).versions.keys;
    expect(a).toEqual(b);
  });

  it('T074 refuses a parameter given twice', () => {
    expect(badParameter({ 'match[type]': ['indicator', 'malware'] })).toBe('match[type]');
  });

  it('T078 accepts any STIX type name and refuses malformed ones', () => {
    expect(parse({ 'match[type]': 'indicator,x-custom-thing' }).types).toEqual([
      'indicator',
      'x-custom-thing',
    ]);
    expect(badParameter({ 'match[type]': 'Indicator' })).toBe('match[type]');
    expect(badParameter({ 'match[type]': 'indicator,' })).toBe('match[type]');
  });

  it('refuses malformed ids and too many values', () => {
    expect(badParameter({ 'match[id]': 'indicator--nope' })).toBe('match[id]');
    expect(badParameter({ 'match[type]': 'aaa,bbb,ccc,ddd,eee,fff' })).toBe('match[type]');
  });

  it('T075 ignores unknown match fields and parameters the endpoint does not take', () => {
    expect(parse({ 'match[color]': 'red', foo: 'bar' }).types).toBeUndefined();
    expect(parse({ 'match[type]': 'indicator' }, 'versions').types).toBeUndefined();
  });

  it('binds next to the filters but not to limit or added_after', () => {
    const a = parse({ 'match[type]': 'indicator', limit: '5', added_after: '2026-01-01T00:00:00Z' });
    const b = parse({ 'match[type]': 'indicator', limit: '9' });
    const c = parse({ 'match[type]': 'malware' });
    expect(a.digest).toBe(b.digest);
    expect(a.digest).not.toBe(c.digest);
  });

  it('treats an empty next as absent (taxii2-client sends one on its first page)', () => {
    expect(parse({ next: '' }).next).toBeUndefined();
  });
});
