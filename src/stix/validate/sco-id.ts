/**
 * Deterministic SCO identifiers (§2.9, §3.4; checklist S043–S045, S049, S050): UUIDv5 in the
 * STIX namespace over the RFC 8785 (JCS) canonical JSON of the ID Contributing Properties,
 * computed as python-stix2 does.
 */
import { createHash } from 'node:crypto';
import type { ObjectSpec } from '../catalog/property-spec.js';
import { type IssueSink, isRecord } from './validation-issue.js';

/** S043: the STIX namespace for SCO UUIDv5 ids. */
const STIX_NAMESPACE = Buffer.from('00abedb4aa42466c9c01fed23315a9b7', 'hex');
// S049: one hash only, by this preference.
const HASH_PREFERENCE = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'];
const MAX_DEPTH = 32;
const V4_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4/i;

/**
 * The deterministic id of an SCO (`type--uuidv5`), or undefined when the type has no
 * contributing properties, none is present (S044: then UUIDv4), or they cannot be canonicalised.
 */
export function deterministicScoId(object: Record<string, unknown>, spec: ObjectSpec): string | undefined {
  const names = spec.idContributing;
  if (names === undefined || names.length === 0) return undefined;
  const contributing: Record<string, unknown> = {};
  let present = 0;
  for (const name of names) {
    if (!Object.hasOwn(object, name)) continue;
    let value = object[name];
    if (name === 'hashes') {
      value = chooseOneHash(value);
      if (value === undefined) continue;
    }
    contributing[name] = value;
    present++;
  }
  if (present === 0) return undefined;
  const canonical = canonicalize(contributing, 0);
  return canonical === undefined ? undefined : `${spec.type}--${uuidV5(canonical)}`;
}

/** S043/S044: compares an SCO's id with the deterministic one. */
export function checkScoId(
  object: Record<string, unknown>,
  spec: ObjectSpec,
  uuid: string,
  sink: IssueSink,
): void {
  const names = spec.idContributing;
  if (names === undefined) return;
  const expected = deterministicScoId(object, spec);
  if (expected !== undefined) {
    // S046/B4: other algorithms are allowed, so a different id is only a best-practice warning.
    if (`${spec.type}--${uuid.toLowerCase()}` !== expected) {
      sink.report('sco-deterministic-id', '$.id', `Property "id" should be the deterministic "${expected}"`);
    }
    return;
  }
  // S044 (and process, S098): without contributing properties the id is a UUIDv4. When
  // contributors are present but too deep to canonicalise, nothing can be said.
  if (names.some((n) => Object.hasOwn(object, n))) return;
  if (!V4_RE.test(uuid)) {
    sink.report(
      'sco-uuid-version',
      '$.id',
      `A ${spec.type} without ID contributing properties must use a version 4 UUID`,
    );
  }
}

function chooseOneHash(hashes: unknown): Record<string, unknown> | undefined {
  if (!isRecord(hashes)) return undefined;
  for (const algorithm of HASH_PREFERENCE) {
    if (Object.hasOwn(hashes, algorithm)) return { [algorithm]: hashes[algorithm] };
  }
  for (const key in hashes) {
    if (Object.hasOwn(hashes, key)) return { [key]: hashes[key] };
  }
  return undefined;
}

/** RFC 8785 canonical JSON (keys sorted by UTF-16 code units), or undefined when too deep. */
export function canonicalize(value: unknown, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : undefined;
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (const item of value) {
      const text = canonicalize(item, depth + 1);
      if (text === undefined) return undefined;
      parts.push(text);
    }
    return `[${parts.join(',')}]`;
  }
  if (typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const text = canonicalize(record[key], depth + 1);
    if (text === undefined) return undefined;
    parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

/** RFC 4122 §4.3 name-based UUID (SHA-1) in the STIX namespace. */
function uuidV5(name: string): string {
  const hash = createHash('sha1').update(STIX_NAMESPACE).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
