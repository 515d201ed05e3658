import { createHash } from 'node:crypto';
import { HubError } from '../core/index.js';
import { isStixId, isStixTypeName, timestampKey, toMicros, tryParseTimestamp } from '../stix/index.js';
import type { VersionSelector } from '../store/store.js';

/** Which TAXII filters an endpoint accepts (TAXII 2.1 §5, checklist T047–T052). */
export type FilterSet = 'objects' | 'object' | 'versions' | 'delete' | 'stream';

const ALLOWED: Record<FilterSet, ReadonlySet<string>> = {
  objects: new Set([
    'added_after',
    'limit',
    'next',
    'match[id]',
    'match[type]',
    'match[version]',
    'match[spec_version]',
  ]),
  object: new Set(['added_after', 'limit', 'next', 'match[version]', 'match[spec_version]']),
  versions: new Set(['added_after', 'limit', 'next', 'match[spec_version]']),
  delete: new Set(['match[version]', 'match[spec_version]']),
  // A live stream (docs/streams.md) sends every new version: no version filter, no paging.
  stream: new Set(['added_after', 'match[id]', 'match[type]', 'match[spec_version]']),
};

export interface QueryLimits {
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  /** Most values one match[...] filter may list. */
  readonly maxMatchValues: number;
}

/** The filters of a request, parsed; `next` is still opaque here. */
export interface ParsedObjectQuery {
  readonly ids?: readonly string[];
  readonly types?: readonly string[];
  readonly versions: VersionSelector;
  readonly specVersions?: readonly string[];
  readonly addedAfter?: number;
  readonly limit: number;
  readonly next?: string;
  /** Digest of the filters a `next` must be used with (not limit or added_after). */
  readonly digest: string;
}

export type RawQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

const LAST_ONLY: VersionSelector = { all: false, first: false, last: true, keys: [] };
const ALL: VersionSelector = { all: true, first: false, last: false, keys: [] };

/**
 * Parses TAXII 2.1 §3.4 filters for one endpoint. Unknown `match[...]` fields are ignored
 * (T075); a malformed value of a known one, or a repeated parameter, is a 400 (T066, T074).
 *
 * @throws HubError CAIRN_BAD_QUERY_PARAMETER naming the parameter.
 */
export function parseObjectQuery(raw: RawQuery, set: FilterSet, limits: QueryLimits): ParsedObjectQuery {
  const allowed = ALLOWED[set];
  const get = (name: string): string | undefined => {
    const value = raw[name];
    if (value === undefined || !allowed.has(name)) return undefined;
    if (typeof value !== 'string') throw bad(name, `Parameter "${name}" must appear at most once`);
    return value;
  };
  const list = (name: string, check: (v: string) => boolean, what: string): string[] | undefined => {
    const value = get(name);
    if (value === undefined) return undefined;
    const items = value.split(',');
    if (items.length > limits.maxMatchValues) {
      throw bad(name, `Parameter "${name}" lists more than ${limits.maxMatchValues} values`);
    }
    for (const item of items)
      if (!check(item)) throw bad(name, `Parameter "${name}" has an invalid ${what} "${clip(item)}"`);
    return items;
  };

  const ids = list('match[id]', isStixId, 'STIX id');
  const types = list('match[type]', isStixTypeName, 'STIX type');
  const specVersions = list('match[spec_version]', (v) => /^\d{1,3}\.\d{1,3}$/.test(v), 'spec version');
  const versions = set === 'versions' || set === 'stream' ? ALL : parseVersions(get('match[version]'));
  const addedAfterText = get('added_after');
  const addedAfter = addedAfterText === undefined ? undefined : parseAddedAfter(addedAfterText);
  const limit = parseLimit(get('limit'), limits);
  // taxii2-client sends an empty `next` on the first page of as_pages: treat it as absent.
  const next = get('next');
  const digest = createHash('sha256')
    .update(JSON.stringify([set, ids ?? null, types ?? null, versions, specVersions ?? null]))
    .digest('base64url')
    .slice(0, 22);
  return {
    ...(ids === undefined ? {} : { ids: dedupe(ids) }),
    ...(types === undefined ? {} : { types: dedupe(types) }),
    versions,
    ...(specVersions === undefined ? {} : { specVersions: dedupe(specVersions) }),
    ...(addedAfter === undefined ? {} : { addedAfter }),
    limit,
    ...(next === undefined || next === '' ? {} : { next }),
    digest,
  };
}

/** TAXII 2.1 §3.4.1: `all` alone, or distinct `first`, `last` and version timestamps. */
function parseVersions(text: string | undefined): VersionSelector {
  if (text === undefined) return LAST_ONLY;
  const items = text.split(',');
  if (new Set(items).size !== items.length)
    throw bad('match[version]', 'Parameter "match[version]" repeats a value');
  if (items.includes('all')) {
    if (items.length > 1)
      throw bad('match[version]', 'Parameter "match[version]" cannot combine "all" with other values');
    return ALL;
  }
  const keys: string[] = [];
  for (const item of items) {
    if (item === 'first' || item === 'last') continue;
    const parsed = tryParseTimestamp(item);
    if (parsed === undefined)
      throw bad('match[version]', `Parameter "match[version]" has an invalid version "${clip(item)}"`);
    keys.push(timestampKey(parsed));
  }
  return { all: false, first: items.includes('first'), last: items.includes('last'), keys };
}

function parseAddedAfter(text: string): number {
  const parsed = tryParseTimestamp(text);
  if (parsed === undefined) {
    throw bad(
      'added_after',
      `Parameter "added_after" must be a UTC timestamp such as 2026-01-01T00:00:00.000000Z, not "${clip(text)}"`,
    );
  }
  return toMicros(parsed);
}

/** T069–T071: a positive integer, clamped to the server's page cap. */
function parseLimit(text: string | undefined, limits: QueryLimits): number {
  if (text === undefined) return Math.min(limits.defaultPageSize, limits.maxPageSize);
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1) {
    throw bad('limit', `Parameter "limit" must be a positive integer, not "${clip(text)}"`);
  }
  return Math.min(Number(text), limits.maxPageSize);
}

function dedupe(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function bad(parameter: string, message: string): HubError {
  return new HubError('CAIRN_BAD_QUERY_PARAMETER', message, { details: { parameter } });
}
