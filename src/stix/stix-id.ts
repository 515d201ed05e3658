/**
 * STIX 2.1 §2.9 identifiers: `object-type--UUID`. The UUID part is lowercase-insensitive hex
 * in 8-4-4-4-12 form; SDOs and SROs MUST use UUIDv4, SCOs SHOULD use UUIDv5.
 */

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const UUID_V4_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** STIX 2.1 §3.1 type names: 3-250 chars of a-z, 0-9 and hyphen, no leading digit or hyphen run. */
const TYPE_RE = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;

export interface ParsedStixId {
  readonly type: string;
  readonly uuid: string;
}

/** Splits `type--uuid`, or returns undefined when `text` is not of that form. */
export function tryParseStixId(text: unknown): ParsedStixId | undefined {
  if (typeof text !== 'string' || text.length > 300) return undefined;
  const sep = text.lastIndexOf('--');
  if (sep <= 0) return undefined;
  const type = text.slice(0, sep);
  const uuid = text.slice(sep + 2);
  if (!isStixTypeName(type) || !UUID_RE.test(uuid)) return undefined;
  return { type, uuid };
}

/** True when `text` is a well-formed STIX identifier. */
export function isStixId(text: unknown): text is string {
  return tryParseStixId(text) !== undefined;
}

/** True when `type` is a syntactically valid STIX type name. */
export function isStixTypeName(type: string): boolean {
  return TYPE_RE.test(type) && !type.includes('--');
}

/** True when `uuid` is an RFC 4122 version 4 UUID. */
export function isUuidV4(uuid: string): boolean {
  return UUID_V4_RE.test(uuid);
}

/** True when `text` is any RFC 4122-shaped UUID. */
export function isUuid(text: string): boolean {
  return UUID_RE.test(text);
}
