import type { TestHub, TestResponse } from './create-test-hub.js';

export const TIMESTAMP_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

export interface WalkResult<T> {
  readonly items: T[];
  readonly pages: TestResponse[];
}

/**
 * Follows `next` from `path` (which may carry a query) until `more` is false, asserting on
 * the way that a page with `more: true` always has `next` (checklist pitfall 4).
 * `key` picks the list of the resource: `objects` or `versions`.
 */
export async function walk<T = Record<string, unknown>>(
  t: TestHub,
  path: string,
  options: { auth?: string; key?: 'objects' | 'versions'; maxPages?: number } = {},
): Promise<WalkResult<T>> {
  const key = options.key ?? 'objects';
  const items: T[] = [];
  const pages: TestResponse[] = [];
  let next: string | undefined;
  for (let i = 0; i < (options.maxPages ?? 10_000); i++) {
    const sep = path.includes('?') ? '&' : '?';
    const url = next === undefined ? path : `${path}${sep}next=${encodeURIComponent(next)}`;
    const res = await t.request('GET', url, options.auth === undefined ? {} : { auth: options.auth });
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${res.text}`);
    pages.push(res);
    items.push(...((res.json[key] as T[] | undefined) ?? []));
    if (res.json.more !== true) return { items, pages };
    if (typeof res.json.next !== 'string') throw new Error(`more: true without next at ${url}`);
    next = res.json.next;
  }
  throw new Error(`walk of ${path} did not end`);
}

/** POSTs objects in envelopes of at most `size`, returning every status resource. */
export async function postAll(
  t: TestHub,
  collectionPath: string,
  objects: readonly unknown[],
  options: { auth?: string; size?: number } = {},
): Promise<Record<string, unknown>[]> {
  const size = options.size ?? 1000;
  const statuses: Record<string, unknown>[] = [];
  for (let i = 0; i < objects.length; i += size) {
    const res = await t.request('POST', `${collectionPath}objects/`, {
      body: { objects: objects.slice(i, i + size) },
      ...(options.auth === undefined ? {} : { auth: options.auth }),
    });
    if (res.status !== 202) throw new Error(`POST answered ${res.status}: ${res.text.slice(0, 500)}`);
    statuses.push(res.json);
  }
  return statuses;
}
