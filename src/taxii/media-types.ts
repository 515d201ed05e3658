/**
 * TAXII 2.1 §1.6.8 media types and content negotiation (RFC 9110 §12.5.1), pure.
 * Leniency follows checklist A15: `*\/*`, `application/*` and `application/json` are served
 * as TAXII 2.1; only explicit non-TAXII types, TAXII 2.0's type or another version get 406.
 */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

interface MediaRange {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
  readonly q: number;
}

/** Parses one header value into media ranges; malformed entries are skipped. */
export function parseMediaRanges(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [typeText, ...paramTexts] = part.split(';');
    const type = (typeText ?? '').trim().toLowerCase();
    if (!/^[a-z0-9!#$&^_.+*-]+\/[a-z0-9!#$&^_.+*-]+$/.test(type)) continue;
    const params = new Map<string, string>();
    let q = 1;
    for (const p of paramTexts) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const name = p.slice(0, eq).trim().toLowerCase();
      const value = p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (name === 'q') q = Number.isFinite(Number(value)) ? Number(value) : 0;
      else params.set(name, value);
    }
    ranges.push({ type, params, q });
  }
  return ranges;
}

/** True when a response of TAXII 2.1 is acceptable to a client sending `accept`. */
export function acceptsTaxii21(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return parseMediaRanges(accept).some((r) => {
    if (r.q <= 0) return false;
    if (r.type === '*/*' || r.type === 'application/*' || r.type === 'application/json') return true;
    if (r.type !== 'application/taxii+json') return false;
    const version = r.params.get('version');
    return version === undefined || version === '2.1';
  });
}

/** True when a request body of `contentType` is a TAXII 2.1 envelope (T026). */
export function isTaxii21ContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [range] = parseMediaRanges(contentType);
  if (range === undefined || range.type !== 'application/taxii+json') return false;
  const version = range.params.get('version');
  return version === undefined || version === '2.1';
}
