import type { AuditJson } from './audit-entry.js';

/** Keys whose values are secrets wherever they appear, so they never reach the log. */
const SECRET_KEY =
  /pass(word|phrase)?|secret|^token$|authori[sz]ation|cookie|credential|private.?key|api.?key/i;
/** A Cairn API token (`cairn_<id>_<secret>`), or anything after a Basic/Bearer scheme. */
const SECRET_TEXT = /cairn_[0-9a-f]{32}_[A-Za-z0-9_-]{43}|\b(basic|bearer)\s+\S+/gi;
const MAX_STRING = 256;
const MAX_ITEMS = 50;
const MAX_DEPTH = 4;

/** The marker that replaces a withheld value. */
export const REDACTED = '[redacted]';

/**
 * Makes details safe and small before they are hashed into the log, which can never be
 * edited afterwards: secret-named keys and token-shaped text are replaced by `[redacted]`,
 * strings are cut at 256 characters, arrays at 50 items, nesting at depth 4, and values
 * JSON cannot hold exactly (undefined, NaN, functions) are dropped. Callers should not
 * pass secrets at all; this is the second line of defence.
 */
export function sanitiseDetails(details: Readonly<Record<string, unknown>>): Record<string, AuditJson> {
  return sanitiseObject(details, 0);
}

/** A string as the log may keep it: token-shaped text redacted and length bounded. */
export function sanitiseText(text: string): string {
  const clean = text.replace(SECRET_TEXT, REDACTED);
  return clean.length > MAX_STRING ? `${clean.slice(0, MAX_STRING)}…` : clean;
}

function sanitiseObject(value: Readonly<Record<string, unknown>>, depth: number): Record<string, AuditJson> {
  const out: Record<string, AuditJson> = {};
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEY.test(key)) {
      out[key] = REDACTED;
      continue;
    }
    const clean = sanitiseValue(v, depth + 1);
    if (clean !== undefined) out[sanitiseText(key)] = clean;
  }
  return out;
}

function sanitiseValue(value: unknown, depth: number): AuditJson | undefined {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') return sanitiseText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return value.toString();
  if (depth > MAX_DEPTH || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    return value
      .slice(0, MAX_ITEMS)
      .map((v) => sanitiseValue(v, depth + 1))
      .filter((v): v is AuditJson => v !== undefined);
  }
  return sanitiseObject(value as Record<string, unknown>, depth);
}
