import { HubError, isHubError } from '../core/index.js';
import { isTimestamp } from '../stix/index.js';
import { isTaxii21ContentType, TAXII_MEDIA_TYPE } from '../taxii/index.js';
import { readCappedBody } from './read-capped-body.js';

/** How the client talks to one peer. */
export interface TaxiiClientOptions {
  /** The `Authorization` header value; absent: anonymous. Never logged. */
  readonly authorization?: string;
  /** Each request, body included, must finish within this. */
  readonly timeoutMs: number;
  /** The largest response body accepted. */
  readonly maxResponseBytes: number;
}

/** One request of a walk over a remote collection (TAXII 2.1 §5.4). */
export interface ObjectsPageRequest {
  /** The API root URL, ending in `/`. */
  readonly apiRootUrl: string;
  readonly collectionId: string;
  readonly limit: number;
  /** Exclusive lower bound on date_added (TAXII timestamp); ignored by the server with `next`. */
  readonly addedAfter?: string;
  readonly next?: string;
}

export interface ObjectsPage {
  readonly objects: readonly unknown[];
  readonly more: boolean;
  readonly next?: string;
  /** `X-TAXII-Date-Added-Last`: where a walk resumes with `added_after`. */
  readonly dateAddedLast?: string;
}

/** Same-origin redirects followed per request; more is a loop. */
const MAX_REDIRECTS = 3;

/**
 * GET `{apiRoot}collections/{id}/objects/` on a TAXII 2.1 server, every version of every
 * object (`match[version]=all`) in added order. Checks the media type and the envelope's
 * shape, caps the body, times the request out, and follows redirects on the same origin only
 * (credentials never leave for another host).
 * @throws HubError CAIRN_PEER_UNAVAILABLE (network, timeout, 5xx, 429), CAIRN_PEER_REFUSED
 *   (other 4xx, 3xx to another origin), CAIRN_PEER_INVALID_RESPONSE (media type, JSON, shape, size).
 */
export async function fetchObjectsPage(
  req: ObjectsPageRequest,
  options: TaxiiClientOptions,
): Promise<ObjectsPage> {
  const url = objectsUrl(req);
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await getFollowingSameOrigin(url, options, signal);
    checkStatus(response);
    if (!isTaxii21ContentType(response.headers.get('content-type') ?? undefined)) {
      await response.body?.cancel().catch(() => undefined);
      throw invalid(
        `The peer answered with "${clip(response.headers.get('content-type') ?? 'no media type')}", not TAXII 2.1`,
      );
    }
    const text = await readCappedBody(response, options.maxResponseBytes);
    const lastAdded = response.headers.get('x-taxii-date-added-last');
    if (lastAdded !== null && !isTimestamp(lastAdded))
      throw invalid('X-TAXII-Date-Added-Last is not a timestamp');
    return { ...parseEnvelope(text), ...(lastAdded === null ? {} : { dateAddedLast: lastAdded }) };
  } catch (error) {
    throw asPeerError(error, options.timeoutMs);
  }
}

function objectsUrl(req: ObjectsPageRequest): URL {
  const url = new URL(`collections/${encodeURIComponent(req.collectionId)}/objects/`, req.apiRootUrl);
  url.searchParams.set('limit', String(req.limit));
  url.searchParams.set('match[version]', 'all');
  if (req.next !== undefined) url.searchParams.set('next', req.next);
  else if (req.addedAfter !== undefined) url.searchParams.set('added_after', req.addedAfter);
  return url;
}

async function getFollowingSameOrigin(
  start: URL,
  options: TaxiiClientOptions,
  signal: AbortSignal,
): Promise<Response> {
  let url = start;
  for (let hop = 0; ; hop++) {
    const response = await fetch(url, {
      headers: {
        accept: TAXII_MEDIA_TYPE,
        ...(options.authorization === undefined ? {} : { authorization: options.authorization }),
      },
      redirect: 'manual',
      signal,
    });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || location === null) return response;
    await response.body?.cancel().catch(() => undefined);
    const target = new URL(location, url);
    if (target.origin !== start.origin) {
      throw new HubError(
        'CAIRN_PEER_REFUSED',
        `The peer redirected to another origin (${target.origin}); not followed`,
      );
    }
    if (hop >= MAX_REDIRECTS) throw new HubError('CAIRN_PEER_REFUSED', 'The peer redirected too many times');
    url = target;
  }
}

function checkStatus(response: Response): void {
  if (response.status === 200) return;
  void response.body?.cancel().catch(() => undefined);
  const code =
    response.status >= 500 || response.status === 429 ? 'CAIRN_PEER_UNAVAILABLE' : 'CAIRN_PEER_REFUSED';
  throw new HubError(code, `The peer answered HTTP ${response.status}`, {
    details: { status: response.status },
  });
}

/** A TAXII 2.1 envelope (§3.7): `more` boolean, `next` string, `objects` a list, all optional. */
function parseEnvelope(text: string): Omit<ObjectsPage, 'dateAddedLast'> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalid('The peer sent a body that is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('The peer sent no envelope');
  const { objects = [], more = false, next } = body as Record<string, unknown>;
  if (!Array.isArray(objects)) throw invalid('The envelope\'s "objects" is not a list');
  if (typeof more !== 'boolean') throw invalid('The envelope\'s "more" is not true or false');
  if (next !== undefined && (typeof next !== 'string' || next === '' || next.length > 4096)) {
    throw invalid('The envelope\'s "next" is not a string of at most 4096 characters');
  }
  return { objects, more, ...(next === undefined ? {} : { next }) };
}

function asPeerError(error: unknown, timeoutMs: number): HubError {
  if (isHubError(error)) return error;
  const name = (error as { name?: unknown }).name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new HubError('CAIRN_PEER_UNAVAILABLE', `The peer did not answer within ${timeoutMs} ms`, {
      cause: error,
    });
  }
  const reason = (error as { cause?: { code?: unknown } }).cause?.code;
  return new HubError(
    'CAIRN_PEER_UNAVAILABLE',
    `Cannot reach the peer${typeof reason === 'string' ? ` (${reason})` : ''}`,
    { cause: error },
  );
}

function invalid(message: string): HubError {
  return new HubError('CAIRN_PEER_INVALID_RESPONSE', message);
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
